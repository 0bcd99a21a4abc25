"""The error an operation raises when it would break one of the program's rules."""
from sqlalchemy.exc import IntegrityError

from .extensions import db


class RuleError(Exception):
    """An operation was refused; the message says why, in words for the person who tried."""


def flush_or_refuse(message: str):
    """Write pending changes; if a unique index refuses them, undo everything and explain.

    The indexes are the last word on rules such as "one open loan per item": when two
    requests race past an operation's own checks, the second one ends here.
    """
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        if not _is_unique_violation(error):
            raise  # a bug (say, a missing value), not a race: let it be seen
        raise RuleError(message) from None


def _is_unique_violation(error: IntegrityError) -> bool:
    """Whether a unique index refused the write (PostgreSQL SQLSTATE 23505, or SQLite's text)."""
    return getattr(error.orig, "sqlstate", None) == "23505" or \
        str(error.orig).startswith("UNIQUE constraint failed")
