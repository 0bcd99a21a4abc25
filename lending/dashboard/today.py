"""What needs doing today: read by the dashboard and by each morning's digest email."""
from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from ..database import count_rows
from ..extensions import db
from ..inventory.queries import idle_lines_query
from ..loans.steps import needs_its_step_condition
from ..models import DataPlan, Device, Loan, LoanItem, vocab

LIST_LIMIT = 10
PLAN_ENDING_DAYS = 30


def first(query, limit=LIST_LIMIT):
    """The count of a query's rows and its first few (counted only when there are more)."""
    rows = db.session.execute(query.limit(limit + 1)).scalars().all()
    if len(rows) <= limit:
        return len(rows), rows
    return count_rows(db.session, query), rows[:limit]


def open_loans(*conditions):
    """Open loans meeting the conditions, oldest due first, with their peers and SIM cards
    (the overdue cards offer to suspend a line)."""
    return (db.select(Loan).where(Loan.open_condition(), *conditions)
            .options(joinedload(Loan.peer), selectinload(Loan.items).joinedload(LoanItem.sim))
            .order_by(Loan.due_date, Loan.id))


def overdue_by_stage(today: date, limit=LIST_LIMIT):
    """{escalation step: (count, the first few)} of the overdue loans that still need their
    step (loans/steps.py), the loans without a step under None: one query ranks and counts
    them all, a second loads the few shown."""
    stage = Loan.escalation_stage  # loans without a step partition together, as NULL
    ranked = (db.select(Loan.id, stage.label("stage"),
                        func.row_number().over(partition_by=stage,
                                               order_by=(Loan.due_date, Loan.id)).label("rank"),
                        func.count().over(partition_by=stage).label("total"))
              .where(Loan.open_condition(), Loan.due_date < today, needs_its_step_condition())
              .subquery())
    firsts = db.session.execute(db.select(ranked).where(ranked.c.rank <= limit)).all()
    loans = {loan.id: loan for loan in db.session.execute(
        open_loans(Loan.id.in_([row.id for row in firsts]))).scalars()}
    overdue = {stage: (0, []) for stage in (None, *vocab.ESCALATION_STAGES)}
    for row in sorted(firsts, key=lambda row: row.rank):
        overdue[row.stage] = (row.total, [*overdue[row.stage][1], loans[row.id]])
    return overdue


def due_today(today: date):
    """Open loans due back today."""
    return first(open_loans(Loan.due_date == today))


def awaiting_reset():
    """Devices back and waiting to be wiped and set up."""
    return first(db.select(Device).where(Device.status == "awaiting_reset")
                 .order_by(Device.kind, Device.id))


def plans_ending(today: date):
    """Data plans whose service ends within PLAN_ENDING_DAYS."""
    return first(db.select(DataPlan).where(
        DataPlan.end_date.between(today, today + timedelta(days=PLAN_ENDING_DAYS)))
        .order_by(DataPlan.end_date))


def idle_lines(today: date):
    """Plans in service with no recorded use for 30 days (inventory/queries.py)."""
    return first(idle_lines_query(today))
