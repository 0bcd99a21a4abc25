"""Outcome views: check-ins and their questions, priority groups, group sessions, targets."""
from . import checkins, groups, sessions  # noqa: F401  (their views join the blueprint)
