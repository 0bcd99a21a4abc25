"""Loan policies: how long each kind of kit is lent, how often it may be renewed, and when an
overdue loan reaches each escalation stage."""
from flask_babel import gettext

from ..audit.log import apply_changes, record_created
from ..extensions import db
from ..models import LoanPolicy, vocab
from ..refusals import RuleError

LIMITS = {"loan_days": (1, 730), "renewals_allowed": (0, 20), "reminder_after_days": (0, 730),
          "suspend_after_days": (0, 730), "lost_after_days": (0, 730),
          "remind_before_days": (0, 30), "follow_up_weeks": (0, 104)}


def save_policy(kind: str, data: dict, *, by) -> LoanPolicy:
    """Store one kind's policy; it applies to new loans, renewals and escalation from now on."""
    if kind not in vocab.LOAN_KINDS:
        raise RuleError(gettext("Choose a kind of kit."))
    for name, (low, high) in LIMITS.items():
        if not isinstance(data.get(name), int) or not low <= data[name] <= high:
            raise RuleError(gettext("Enter a number from %(low)s to %(high)s for every day and "
                                    "renewal.", low=low, high=high))
    problem = LoanPolicy.stage_order_problem(data["reminder_after_days"],
                                             data["suspend_after_days"], data["lost_after_days"])
    if problem:
        raise RuleError(problem)
    policy = LoanPolicy.for_kind(kind)
    note = f"policy for {kind}"
    if policy in db.session:
        apply_changes(policy, {name: data[name] for name in LoanPolicy.FIELDS}, by=by, note=note)
    else:
        for name in LoanPolicy.FIELDS:
            setattr(policy, name, data[name])
        record_created(policy, by=by, note=note)
    return policy
