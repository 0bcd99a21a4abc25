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
    except IntegrityError:
        db.session.rollback()
        raise RuleError(message) from None
