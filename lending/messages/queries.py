"""What the outbox tells managers: reminders sent, and how loans came back with and without
them."""
from datetime import date, timedelta

from sqlalchemy import case, func

from ..extensions import db
from ..models import Loan, Message
from ..reporting.metrics import Period, Scope, kept_sums

REMINDERS = ("due_soon", "overdue")
SENT = ("sent", "delivered")


def reminder_figures(today: date, days: int = 90) -> dict:
    """Over the last `days`: reminder texts sent, and loans returned in that time with a
    reminder text sent about them and without one, each with the share back by the due
    date (None when there were none). All returns and those on time are the kept day
    figures (reporting/kept.py); the reminded ones are read from the few loans texted."""
    since = today - timedelta(days=days - 1)
    sent = db.session.execute(db.select(func.count(Message.id)).where(
        Message.template.in_(REMINDERS), Message.status.in_(SENT),
        Message.day >= since)).scalar_one()
    reminded = db.select(Message.loan_id).where(Message.template.in_(REMINDERS),
                                                Message.status.in_(SENT),
                                                Message.loan_id.is_not(None))
    with_loans, with_on_time = db.session.execute(db.select(
        func.count(Loan.id), func.coalesce(func.sum(case((Loan.returned_on <= Loan.due_date,
                                                          1), else_=0)), 0))
        .where(Loan.id.in_(reminded), Loan.status == "returned",
               Loan.returned_on.between(since, today))).one()
    kept = kept_sums(Period(since, today), Scope.program())
    all_loans, all_on_time = int(kept.get("returned", 0)), int(kept.get("on_time", 0))

    def share(loans, on_time):
        return (loans, round(on_time / loans, 3) if loans else None)
    return {"days": days, "sent": sent, "with": share(with_loans, with_on_time),
            "without": share(all_loans - with_loans, all_on_time - with_on_time)}
