"""The daily escalation: overdue loans move through the policy's stages, and the reminders
staff give.

Nothing irreversible happens in the daily run. A stage only says what staff should consider
next (give a reminder, suspend the line, declare the kit lost); the actions stay theirs, and
loans/steps.py says which of them a loan still needs.
"""
from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import or_

from ...audit.log import apply_changes, record_created
from ...clock import local_today, utcnow
from ...extensions import db
from ...models import ContactAttempt, Loan, LoanPolicy, vocab
from ...refusals import RuleError
from ...webhooks import events


@dataclass
class EscalationRun:
    """What one daily run changed."""

    checked: int = 0
    changes: list[tuple[Loan, str | None, str | None]] = field(default_factory=list)

    def summary(self) -> list[str]:
        """One line per change and a total, for the command's output."""
        on_time = gettext("on time")
        lines = [gettext("loan #%(id)s (%(borrower)s): %(before)s -> %(after)s", id=loan.id,
                         borrower=loan.borrower_text, before=_stage(old) or on_time,
                         after=_stage(new) or on_time) for loan, old, new in self.changes]
        return [*lines, gettext("%(checked)s open loan(s) checked, %(changed)s changed.",
                                checked=self.checked, changed=len(self.changes))]


def _stage(stage: str | None) -> str | None:
    """An overdue step as the command's output names it."""
    return vocab.ESCALATION_STAGES[stage].lower() if stage else None


def run_escalation(today=None, *, by) -> EscalationRun:
    """Mark overdue loans and set each one's stage; a second run on the same day changes nothing.
    `by` is None when the daily run does it (the system acts)."""
    today = today or local_today()
    policies = {kind: LoanPolicy.for_kind(kind) for kind in vocab.LOAN_KINDS}
    candidates = db.session.execute(
        db.select(Loan).where(Loan.open_condition(),
                              or_(Loan.due_date < today, Loan.status == "overdue",
                                  Loan.escalation_stage.is_not(None)))
        .order_by(Loan.due_date, Loan.id)).scalars().all()
    run = EscalationRun(checked=len(candidates))
    for loan in candidates:
        days_overdue = (today - loan.due_date).days
        status = "overdue" if days_overdue > 0 else "active"
        stage = policies[loan.kind].stage_for(days_overdue) if days_overdue > 0 else None
        old_stage = loan.escalation_stage
        if apply_changes(loan, {"status": status, "escalation_stage": stage}, by=by,
                         action="escalate", note=f"{days_overdue} day(s) past due"):
            run.changes.append((loan, old_stage, stage))
            if stage is not None and stage != old_stage:
                events.overdue_stage(loan, stage, days_overdue)
    return run


def daily_run(today=None) -> list[str]:
    """What happens every day (the worker at DAILY_AT, or `flask daily`): the escalation,
    the reminder texts it calls for and those of kits due soon, each person's digest email,
    the API's day-old Idempotency-Keys and month-old webhook deliveries forgotten, and fresh
    planner statistics.
    Committed; safe to run twice on a day. What it did, a line each."""
    from ...api.operations import forget_old_keys
    from ...database import refresh_statistics
    from ...messages.digest import queue_digests
    from ...messages.reminders import queue_reminders
    from ...webhooks.operations import forget_old_deliveries
    today = today or local_today()
    run = run_escalation(today, by=None)
    texts = queue_reminders(today, [loan for loan, _, new in run.changes if new == "reminder"])
    digests = queue_digests(today)
    forget_old_keys(utcnow())
    forget_old_deliveries(utcnow())
    db.session.commit()
    refresh_statistics(db.session)
    db.session.commit()
    return [*run.summary(), gettext("%(texts)s reminder text(s) and %(digests)s digest "
                                    "email(s) queued.", texts=len(texts),
                                    digests=len(digests))]


def record_reminder(loan: Loan, method: str, *, by, today=None) -> ContactAttempt:
    """Record that a reminder about this loan was given (or tried), and how."""
    if not loan.is_open:
        raise RuleError(gettext("This loan is closed; there is nothing to remind the peer of."))
    if method not in vocab.CONTACT_METHODS:
        raise RuleError(gettext("Say how the reminder was given: a call, a text, in person or "
                                "another way."))
    attempt = ContactAttempt(loan=loan, method=method, made_on=today or local_today(),
                             made_by=by)
    record_created(attempt, by=by, note=f"reminder about loan #{loan.id}")
    return attempt
