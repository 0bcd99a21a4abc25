"""The audit log reads in words, in either language: every action the app records, every kind
of record and every field has its label in lending/audit/labels.py (marked for the
catalogue), so a new one cannot slip onto the page as a raw name."""
import re
from pathlib import Path

from flask_babel import force_locale

from lending.audit.labels import ACTIONS, FIELDS, OBJECTS
from lending.extensions import db
from lending.models import AuditEntry

ROOT = Path(__file__).resolve().parents[1]


def test_every_recorded_action_and_kind_of_record_has_words(objects):
    """`objects` makes one of everything through the operations, each audited."""
    actions = set(db.session.execute(db.select(AuditEntry.action).distinct()).scalars())
    kinds = set(db.session.execute(db.select(AuditEntry.object_type).distinct()).scalars())
    assert actions and kinds
    assert actions <= set(ACTIONS), actions - set(ACTIONS)
    assert kinds - {""} <= set(OBJECTS), kinds - set(OBJECTS)
    fields = {field for changes in db.session.execute(db.select(AuditEntry.changes)).scalars()
              for field in changes}
    assert {"status", "items"} <= fields and not _without_words(fields), _without_words(fields)


def _without_words(fields):
    """The fields among these that read as their raw names (a relationship's changes are named
    without "_id": audit/reading.py label)."""
    return {field for field in fields if field not in FIELDS and f"{field}_id" not in FIELDS}


def test_every_action_the_code_records_has_words():
    """Every action named where the code records one: record("…"), action="…" (and both
    sides of action="…" if … else "…")."""
    named = set()
    for path in (ROOT / "lending").rglob("*.py"):
        source = path.read_text()
        named |= set(re.findall(r'\brecord\(\s*"(\w+)"', source))
        named |= set(re.findall(r'\baction="(\w+)"', source))
        named |= set(re.findall(r'\baction="\w+" if [^\n]*? else "(\w+)"', source))
    assert {"lend", "return", "deactivate", "view_contact"} <= named  # the patterns still find
    assert named <= set(ACTIONS), named - set(ACTIONS)


def test_every_table_and_column_has_words(app):
    tables = {mapper.local_table for mapper in db.Model.registry.mappers}
    assert {table.name for table in tables} <= set(OBJECTS)
    columns = {column.key for table in tables for column in table.columns}
    assert columns <= set(FIELDS), columns - set(FIELDS)
    relationships = {relationship.key for mapper in db.Model.registry.mappers
                     for relationship in mapper.relationships}
    assert not _without_words(relationships), _without_words(relationships)


def test_the_audit_page_reads_in_french(client, auth, objects):
    """Actions, kinds of record and fields in the manager's language, not as stored names."""
    auth.login("manager", language="fr")
    page = client.get("/audit?action=lend").get_data(as_text=True)
    with force_locale("fr_CA"):
        lent, loan, due = ACTIONS["lend"], OBJECTS["loan"], FIELDS["due_date"]
    assert (lent, loan, due) != ("Kit lent", "loan", "Due date")  # French, from the catalogue
    assert f"<td>{lent}</td>" in page and f">{loan} nº " in page
    assert f"<strong>{due}</strong>" in page
