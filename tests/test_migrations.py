"""The committed migrations build exactly the schema the models describe."""
import json
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from lending import create_app
from lending.database import include_in_migrations
from lending.extensions import db

from .conftest import ON_POSTGRES, TEST_DATABASE_URL, app_config


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database of the kind under test, dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    name = f"migr_{uuid.uuid4().hex[:12]}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_upgrade_on_an_empty_database_matches_the_models(empty_database_url):
    app = create_app(app_config(empty_database_url))
    with app.app_context():
        upgrade(directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(
                connection, opts={"include_object": include_in_migrations}), db.metadata)
            indexes = {row[0] for row in connection.execute(text(
                "SELECT indexname FROM pg_indexes" if ON_POSTGRES else
                "SELECT name FROM sqlite_master WHERE type = 'index'"))}
        db.engine.dispose()
    assert differences == []
    assert {"uq_loan_item_open_device_id", "uq_loan_item_open_sim_id",
            "uq_loan_item_open_plan_id"} <= indexes


def test_funders_made_before_partners_existed_are_parked_not_lost(empty_database_url):
    app = create_app(app_config(empty_database_url))
    migrations = os.path.join(os.path.dirname(app.root_path), "migrations")
    with app.app_context():
        upgrade(directory=migrations, revision="aa2e92ef76c0")  # before partners
        db.session.execute(text(
            "INSERT INTO \"user\" (email, name, role, password_hash, active, created_at) "
            "VALUES ('old@example.org', 'Old', 'funder', 'x', true, CURRENT_TIMESTAMP)"))
        db.session.commit()
        upgrade(directory=migrations)
        row = db.session.execute(text(
            "SELECT u.active, p.reference FROM \"user\" u JOIN partner p ON p.id = u.partner_id "
            "WHERE u.email = 'old@example.org'")).one()
        db.session.remove()
        db.engine.dispose()
    assert (bool(row[0]), row[1]) == (False, "UNASSIGNED")


def test_upgrading_a_database_with_loans_fills_their_local_dates(empty_database_url):
    """Table rebuilds (SQLite batch mode) keep rows that others point at, and dates are local."""
    app = create_app(app_config(empty_database_url))
    migrations = os.path.join(os.path.dirname(app.root_path), "migrations")
    with app.app_context():
        upgrade(directory=migrations, revision="e1b24ebfdb11")  # before local dates
        for statement in (
            "INSERT INTO \"user\" (id, email, name, role, password_hash, active, created_at) "
            "VALUES (1, 's@example.org', 'S', 'staff', 'x', true, CURRENT_TIMESTAMP)",
            "INSERT INTO peer (id, code, consent_scope, created_at) "
            "VALUES (1, 'P-ABCDEFG', '', CURRENT_TIMESTAMP)",
            # 01:30 UTC on 2 March is still 1 March in Toronto.
            "INSERT INTO loan (id, peer_id, kind, status, lent_by_id, lent_at, due_date, renewals,"
            " accessories_out, return_notes) VALUES (1, 1, 'phone', 'active', 1,"
            " '2026-03-02 01:30:00', '2026-06-01', 0, '', '')",
            "INSERT INTO renewal (loan_id, renewed_by_id, renewed_at, previous_due, new_due) "
            "VALUES (1, 1, '2026-04-01 12:00:00', '2026-05-01', '2026-06-01')",
        ):
            db.session.execute(text(statement))
        db.session.commit()
        upgrade(directory=migrations)
        lent_on = db.session.execute(text("SELECT lent_on FROM loan WHERE id = 1")).scalar()
        renewals = db.session.execute(text("SELECT count(*) FROM renewal")).scalar()
        # The kept figures are filled from the rows already there (the last kept table's
        # migration runs the rebuild): the loan is a start, and its peer served.
        kept = db.session.execute(text(
            "SELECT (SELECT sum(amount) FROM figure_day WHERE measure = 'started' AND "
            "scope_id = 0), (SELECT count(*) FROM served_spell)")).one()
        db.session.remove()
        db.engine.dispose()
    assert str(lent_on) == "2026-03-01" and renewals == 1
    assert (int(kept[0]), kept[1]) == (1, 1)


def test_upgrading_hides_the_peers_words_the_audit_log_kept(empty_database_url):
    """Audit entries written before free text was hidden lose those words, and only those."""
    app = create_app(app_config(empty_database_url))
    migrations = os.path.join(os.path.dirname(app.root_path), "migrations")
    entries = [  # (object type, action, changes, note)
        ("support_session", "create", {"note": [None, "Helped Robin"], "minutes": [None, 30]},
         ""),
        ("issue", "resolve", {"resolution_note": [None, "Robin paid"],
                              "resolution": [None, "repaired"]}, ""),
        ("waitlist_entry", "withdraw", {"withdraw_reason": [None, "Robin moved"]},
         "Robin moved"),
        ("loan", "return", {"return_notes": ["", "Robin's sister"]}, ""),
        ("device", "update", {"model": ["A", "Robin"]}, "kept"),  # not a peer's words
    ]
    with app.app_context():
        upgrade(directory=migrations, revision="a3138f4c5dda")  # before the words were hidden
        for object_type, action, changes, note in entries:
            db.session.execute(text(
                "INSERT INTO audit_entry (at, actor, action, object_type, object_id, changes,"
                " note) VALUES (CURRENT_TIMESTAMP, 's@example.org', :action, :type, 1,"
                " :changes, :note)"), {"action": action, "type": object_type,
                                       "changes": json.dumps(changes), "note": note})
        db.session.commit()
        upgrade(directory=migrations)
        rows = db.session.execute(text(
            "SELECT object_type, changes, note FROM audit_entry ORDER BY id")).all()
        db.session.remove()
        db.engine.dispose()
    after = [(kind, json.loads(changes) if isinstance(changes, str) else changes, note)
             for kind, changes, note in rows]
    assert after == [
        ("support_session", {"note": [None, "(hidden)"], "minutes": [None, 30]}, ""),
        ("issue", {"resolution_note": [None, "(hidden)"], "resolution": [None, "repaired"]}, ""),
        ("waitlist_entry", {"withdraw_reason": [None, "(hidden)"]}, ""),
        ("loan", {"return_notes": ["", "(hidden)"]}, ""),
        ("device", {"model": ["A", "Robin"]}, "kept"),
    ]
