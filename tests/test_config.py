"""Configuration, time zones, SQLite settings and the health check."""
from datetime import datetime

import pytest
from sqlalchemy import text

from lending import create_app
from lending.clock import local_today, travel_to
from lending.extensions import db
from lending.filters import localtime

from .conftest import another_app, app_config


@pytest.mark.parametrize("key", [None, "", "dev", "short"])
def test_a_real_deployment_refuses_to_start_without_a_strong_secret_key(key, database_url):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(app_config(database_url, TESTING=False, SECRET_KEY=key))


@pytest.mark.parametrize("hours", ["9-20", "20:00-08:00", "09:00", "nine to eight"])
def test_unreadable_quiet_hours_stop_the_app_at_start_not_at_the_first_text(hours,
                                                                           database_url):
    with pytest.raises(RuntimeError, match="SMS_QUIET_HOURS"):
        create_app(app_config(database_url, SMS_QUIET_HOURS=hours))


def test_the_environment_overrides_the_instance_file(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("LENDING_ORG_TIMEZONE", "America/Vancouver")
    app = create_app()
    assert app.config["SECRET_KEY"] == "s" * 40
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")
    assert app.config["ORG_TIMEZONE"] == "America/Vancouver"


def test_times_are_shown_and_dates_reckoned_in_the_organization_zone(app):
    assert localtime(datetime(2026, 1, 15, 17, 0)) == "2026-01-15 12:00"  # EST, UTC-5
    assert localtime(datetime(2026, 7, 15, 17, 0)) == "2026-07-15 13:00"  # EDT, UTC-4
    with travel_to(datetime(2026, 3, 1, 3, 0)):  # 22:00 on 28 February in Toronto
        assert local_today().isoformat() == "2026-02-28"


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    app = create_app(app_config(f"sqlite:///{tmp_path / 'pragmas.sqlite'}"))
    with app.app_context():
        pragmas = {name: db.session.execute(text(f"PRAGMA {name}")).scalar()
                   for name in ("journal_mode", "foreign_keys", "busy_timeout")}
        db.session.remove()
        db.engine.dispose()
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30_000}


def test_each_connection_gets_its_databases_settings(app):
    # SQLite: searches fold case and accents with a function of each connection's own.
    # PostgreSQL: no JIT.
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("SELECT lb_fold('Zoë ÑÚÑEZ')")).scalar() == "zoe nunez"
    else:
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
        assert db.session.execute(text("SELECT lb_fold('Zoë ÑÚÑEZ')")).scalar() == "zoe nunez"


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_check_fails_when_the_database_is_unreachable(tmp_path):
    app = create_app(app_config(f"sqlite:///{tmp_path}/missing/dir/x.sqlite"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"
    with app.app_context():
        db.engine.dispose()


def test_a_served_app_compiles_every_page_template_before_its_first_visitor(app):
    """Compiling a page's template on its first request added up to 230 ms for that visitor
    (benchmarks/pages.py, fresh process); a served app compiles them all as it starts."""
    with another_app(app.config["SQLALCHEMY_DATABASE_URI"], TESTING=False) as served:
        pages = served.jinja_env.list_templates(extensions=("html",))
        compiled = {name for _, name in served.jinja_env.cache.keys()}
    assert "dashboard/index.html" in pages and set(pages) <= compiled
