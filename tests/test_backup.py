"""Backups: a live SQLite database copied with the online backup API, restored, complete."""
import sqlite3

from lending import create_app
from lending.extensions import db
from lending.models import AuditEntry, Device, Loan, Peer

from . import factories
from .conftest import ON_POSTGRES, app_config


def test_a_backup_restores_to_the_same_data(tmp_path):
    source = f"sqlite:///{tmp_path / 'live.sqlite'}"
    app = create_app(app_config(source))
    with app.app_context():
        db.create_all()
        peer = factories.peer(preferred_name="Robin")
        factories.lend(peer, by=factories.user("staff"), device=factories.device())
        db.session.commit()
        before = {model.__name__: db.session.execute(db.select(db.func.count(model.id)))
                  .scalar_one() for model in (Device, Loan, Peer, AuditEntry)}
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite")])
        assert result.exit_code == 0 and "integrity check passed" in result.output
        again = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite")])
        assert again.exit_code != 0 and "exists" in again.output  # never overwrites
        db.session.remove()
        db.engine.dispose()
    restored = create_app(app_config(f"sqlite:///{tmp_path / 'copy.sqlite'}"))
    with restored.app_context():
        after = {model.__name__: db.session.execute(db.select(db.func.count(model.id)))
                 .scalar_one() for model in (Device, Loan, Peer, AuditEntry)}
        assert after == before and before["Loan"] == 1
        assert db.session.execute(db.select(Peer)).scalar_one().contact.preferred_name == \
            "Robin"
        db.session.remove()
        db.engine.dispose()
    with sqlite3.connect(tmp_path / "copy.sqlite") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_command_backs_up_sqlite_and_points_postgresql_to_pg_dump(runner, tmp_path):
    out = tmp_path / "backup.sqlite"
    result = runner.invoke(args=["backup", str(out)])
    if ON_POSTGRES:
        assert result.exit_code != 0 and "pg_dump" in result.output and not out.exists()
    else:
        assert result.exit_code == 0 and out.exists()
