"""The lending rules: lend a kit, renew it, take it back, and the daily escalation of
overdue loans."""
from .escalation import EscalationRun, run_escalation
from .lending import default_due_date, kit_kind, lend_kit, renew_loan
from .returns import close_loan, record_return

__all__ = ["EscalationRun", "close_loan", "default_due_date", "kit_kind", "lend_kit",
           "record_return", "renew_loan", "run_escalation"]
