"""What the outbox tells managers: reminders sent, and how loans came back with and without
them."""
from datetime import date, timedelta

from sqlalchemy import case, exists, func

from ..extensions import db
from ..models import Loan, Message

REMINDERS = ("due_soon", "overdue")
SENT = ("sent", "delivered")


def reminder_figures(today: date, days: int = 90) -> dict:
    """Over the last `days`: reminder texts sent, and loans returned in that time with a
    reminder text sent about them and without one, each with the share back by the due
    date (None when there were none)."""
    since = today - timedelta(days=days - 1)
    sent = db.session.execute(db.select(func.count(Message.id)).where(
        Message.template.in_(REMINDERS), Message.status.in_(SENT),
        Message.day >= since)).scalar_one()
    reminded = exists().where(Message.loan_id == Loan.id, Message.template.in_(REMINDERS),
                              Message.status.in_(SENT))
    rows = db.session.execute(db.select(
        reminded, func.count(Loan.id),
        func.sum(case((Loan.returned_on <= Loan.due_date, 1), else_=0)))
        .where(Loan.status == "returned", Loan.returned_on >= since)
        .group_by(reminded)).all()
    returns = {bool(with_text): (loans, round(on_time / loans, 3) if loans else None)
               for with_text, loans, on_time in rows}
    return {"days": days, "sent": sent, "with": returns.get(True, (0, None)),
            "without": returns.get(False, (0, None))}
