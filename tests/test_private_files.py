"""The secret key, the SQLite database (and its -wal and -shm), backups and the report archive
are readable by the app's own user only, whatever the umask; the app warns at start about any
that others can read. (A readable key was enough to forge a manager's session.)"""
import logging
import os
import shutil
import stat
import subprocess
import sys
from datetime import date

import pytest

from lending import create_app
from lending.extensions import db
from lending.reporting.archive import stored_path
from lending.reporting.operations import generate_report

from . import factories
from .conftest import app_config

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The usual umask (022), under which files are made readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_sqlite_database_and_its_wal_and_shm_are_private(tmp_path, open_umask):
    database = tmp_path / "lending.sqlite"
    app = create_app(app_config(f"sqlite:///{database}"))
    with app.app_context():
        db.create_all()
        factories.device()
        db.session.commit()
        # While connections are open, WAL mode keeps both side files.
        assert {path: _mode(path) for path in (database, f"{database}-wal", f"{database}-shm")} \
            == dict.fromkeys((database, f"{database}-wal", f"{database}-shm"), 0o600)
        db.session.remove()
        db.engine.dispose()


def test_a_backup_is_private(tmp_path, open_umask):
    app = create_app(app_config(f"sqlite:///{tmp_path / 'live.sqlite'}"))
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite")])
        db.session.remove()
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert _mode(tmp_path / "copy.sqlite") == 0o600


def test_archived_reports_are_private(app, open_umask, tmp_path):
    app.config["REPORTS_DIR"] = str(tmp_path / "archive")
    report = generate_report("pdf", date(2026, 1, 1), date(2026, 1, 31),
                             by=factories.user("manager"))
    assert _mode(stored_path(report)) == 0o600 and _mode(tmp_path / "archive") == 0o700


def test_make_writes_the_secret_key_private(tmp_path):
    """`make run` writes instance/config.py with the key, under the usual umask."""
    shutil.copy(os.path.join(PROJECT, "Makefile"), tmp_path / "Makefile")
    made = subprocess.run(f"umask 022 && make instance/config.py PYTHON={sys.executable}",
                          shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert "SECRET_KEY" in (tmp_path / "instance" / "config.py").read_text()
    assert _mode(tmp_path / "instance" / "config.py") == 0o600
    assert _mode(tmp_path / "instance") == 0o700


def test_the_app_warns_at_start_about_files_others_can_read(tmp_path, caplog):
    database, reports = tmp_path / "old.sqlite", tmp_path / "reports"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)  # as the app made it before
    reports.mkdir()
    os.chmod(reports, 0o755)
    with caplog.at_level(logging.WARNING):
        create_app(app_config(f"sqlite:///{database}", REPORTS_DIR=str(reports)))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(f"{database} (mode 0644): chmod 600 {database}" in w for w in warnings), warnings
    assert any(f"{reports} (mode 0755): chmod 700 {reports}" in w for w in warnings), warnings
    os.chmod(database, 0o600)
    os.chmod(reports, 0o700)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app(app_config(f"sqlite:///{database}", REPORTS_DIR=str(reports)))
    assert not [r for r in caplog.records if "can read" in r.getMessage()]
