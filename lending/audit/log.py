"""Writing the audit log. Only operations (modules named operations.py, or in an operations
package) import this module, and every entry names who acted: `by` is the user, or None for
the system (the daily run, the retention job, the command line). Nothing here looks at who is
signed in; tests/test_architecture.py holds the rule."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import insert

from ..clock import utcnow
from ..extensions import db
from ..models import AuditEntry
from .labels import HIDDEN  # the mark of a value kept out (labels.py: the log's words)


def _plain(value):
    """A value as JSON can hold it."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _shown(model, field, value):
    """The value to log for a field: secrets and peer details are never logged."""
    if field in getattr(model, "__audit_redact__", ()):
        return HIDDEN if value not in (None, "") else value
    return _plain(value)


def _created_changes(model, values: dict) -> dict:
    """A create entry's changes: every value given, from nothing."""
    redact = getattr(model, "__audit_redact__", ())
    return {key: [None, HIDDEN if key in redact else _plain(value)]
            for key, value in values.items() if key != "id" and value not in (None, "")}


def _via(by) -> str:
    """How the actor acted, when through an API token (api/auth.py)."""
    token_name = getattr(by, "acting_through", None)
    return f"API token: {token_name}"[:100] if token_name else ""


def record(action, obj=None, *, by, changes=None, note="", object_type=None):
    """Append one entry saying who did `action` to `obj`, now."""
    entry = AuditEntry(
        user=by,
        actor=by.email if by is not None else "system",
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else ""),
        object_id=getattr(obj, "id", None),  # None too for rows keyed otherwise (policies)
        changes=changes or {},
        note=note[:500],
        via=_via(by),
    )
    db.session.add(entry)
    return entry


def record_created(obj, *, by, note=""):
    """Add a new object and log it with the values it was created with."""
    db.session.add(obj)
    db.session.flush()
    values = {column.key: getattr(obj, column.key) for column in obj.__table__.columns}
    return record("create", obj, by=by, changes=_created_changes(type(obj), values), note=note)


def insert_created(model, rows: list[dict], *, by, note="") -> list[int]:
    """Insert many new rows at once (an import's thousands), each with its create entry, as
    record_created would write them; return their ids in order."""
    table = model.__table__
    rows = [_with_defaults(table, row) for row in rows]
    # Core inserts on the session's connection: the ORM's bulk insert splits rows that leave
    # different columns empty into separate batches, which is slow for thousands.
    connection = db.session.connection()
    ids = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                             rows).scalars().all()
    connection.execute(insert(AuditEntry.__table__), [
        {"at": utcnow(), "user_id": by.id if by else None,
         "actor": by.email if by else "system", "action": "create",
         "object_type": model.__tablename__, "object_id": row_id, "note": note[:500],
         "via": _via(by),
         "changes": _created_changes(model, row)} for row_id, row in zip(ids, rows, strict=True)])
    return ids


def _with_defaults(table, row: dict) -> dict:
    """A row with the defaults its columns would give it filled in (so the log shows them)."""
    full = dict(row)
    for column in table.columns:
        if column.key not in full and column.default is not None and not column.primary_key:
            default = column.default
            full[column.key] = default.arg(None) if default.is_callable else default.arg
    return full


def apply_changes(obj, data: dict, *, by, action="update", note=""):
    """Set the fields that differ, log them, and return {field: [old, new]}."""
    changes = {}
    for field, new in data.items():
        old = getattr(obj, field)
        if old != new:
            setattr(obj, field, new)
            changes[field] = [_shown(type(obj), field, old), _shown(type(obj), field, new)]
    if changes:
        db.session.flush()
        record(action, obj, by=by, changes=changes, note=note)
    return changes
