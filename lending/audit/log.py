"""Writing the audit log. Operations call these; nothing else writes audit entries."""
from datetime import date, datetime
from decimal import Decimal

from flask_login import current_user

from ..extensions import db
from ..models import AuditEntry

HIDDEN = "(hidden)"


def _acting_user(by):
    """The user to credit: the one given, else whoever is signed in, else nobody."""
    if by is not None:
        return by
    if current_user and getattr(current_user, "is_authenticated", False):
        return current_user._get_current_object()
    return None


def _plain(value):
    """A value as JSON can hold it."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _shown(obj, field, value):
    """The value to log for a field: secrets and peer details are never logged."""
    if field in getattr(type(obj), "__audit_redact__", ()):
        return HIDDEN if value not in (None, "") else value
    return _plain(value)


def record(action, obj=None, *, by=None, changes=None, note="", object_type=None):
    """Append one entry saying who did `action` to `obj`, now."""
    user = _acting_user(by)
    entry = AuditEntry(
        user=user,
        actor=user.email if user is not None else "system",
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else ""),
        object_id=getattr(obj, "id", None),  # None too for rows keyed otherwise (policies)
        changes=changes or {},
        note=note[:500],
    )
    db.session.add(entry)
    return entry


def record_created(obj, *, by=None, note=""):
    """Add a new object and log it with the values it was created with."""
    db.session.add(obj)
    db.session.flush()
    changes = {column.key: [None, _shown(obj, column.key, getattr(obj, column.key))]
               for column in obj.__table__.columns
               if column.key != "id" and getattr(obj, column.key) not in (None, "")}
    return record("create", obj, by=by, changes=changes, note=note)


def apply_changes(obj, data: dict, *, by=None, action="update", note=""):
    """Set the fields that differ, log them, and return {field: [old, new]}."""
    changes = {}
    for field, new in data.items():
        old = getattr(obj, field)
        if old != new:
            setattr(obj, field, new)
            changes[field] = [_shown(obj, field, old), _shown(obj, field, new)]
    if changes:
        db.session.flush()
        record(action, obj, by=by, changes=changes, note=note)
    return changes
