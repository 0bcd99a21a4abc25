"""Loan views: the list and lending, returns and renewals, and the steps for overdue kits."""
from . import checkin, loans, overdue, returns, staff  # noqa: F401  (their views join the blueprint)
