"""The lending rules: lend a kit, renew it, take it back, and the daily escalation of
overdue loans."""
from .escalation import EscalationRun, daily_run, record_reminder, run_escalation
from .lending import (
    acceptance_problem,
    default_due_date,
    due_date_problem,
    kit_kind,
    latest_due_date,
    lend_kit,
    plan_sim_problem,
    renew_loan,
    witness_problem,
)
from .returns import close_loan, record_return

__all__ = ["EscalationRun", "acceptance_problem", "close_loan", "daily_run", "default_due_date",
           "due_date_problem", "kit_kind", "latest_due_date", "lend_kit", "plan_sim_problem",
           "record_reminder", "record_return", "renew_loan", "run_escalation", "witness_problem"]
