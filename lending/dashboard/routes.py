"""The dashboard: what needs doing today."""
from datetime import timedelta

from flask import current_app, redirect, render_template, url_for
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from ..clock import local_today, utcnow
from ..database import count_rows
from ..extensions import db
from ..inventory.queries import idle_lines_query
from ..issues.operations import open_issues_query
from ..loans.queries import available_stock
from ..loans.steps import line_to_suspend, needs_its_step_condition
from ..lookup import signed_in_user
from ..models import DataPlan, Device, Loan, LoanItem, StockCount, vocab
from ..models.vocab import ROLES
from ..permissions import allow, is_funder, is_manager
from ..reporting.glance import manager_alerts, program_glance
from ..stock.queries import unseen
from ..waitlist.operations import heads_of_queues
from . import bp

LIST_LIMIT = 10
PLAN_ENDING_DAYS = 30


def _first(query, limit=LIST_LIMIT):
    """The count of a query's rows and its first few (counted only when there are more)."""
    rows = db.session.execute(query.limit(limit + 1)).scalars().all()
    if len(rows) <= limit:
        return len(rows), rows
    return count_rows(db.session, query), rows[:limit]


def _open_loans(*conditions):
    """Open loans meeting the conditions, oldest due first, with their peers and SIM cards
    (the overdue cards offer to suspend a line)."""
    return (db.select(Loan).where(Loan.open_condition(), *conditions)
            .options(joinedload(Loan.peer), selectinload(Loan.items).joinedload(LoanItem.sim))
            .order_by(Loan.due_date, Loan.id))


def _overdue_by_stage(today, limit=LIST_LIMIT):
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
        _open_loans(Loan.id.in_([row.id for row in firsts]))).scalars()}
    overdue = {stage: (0, []) for stage in (None, *vocab.ESCALATION_STAGES)}
    for row in sorted(firsts, key=lambda row: row.rank):
        overdue[row.stage] = (row.total, [*overdue[row.stage][1], loans[row.id]])
    return overdue


@bp.route("/")
@allow(*ROLES)
def index():
    """Due, overdue by stage, resets, issues, waitlist, plans ending and idle lines."""
    user = signed_in_user()
    if is_funder(user):
        return redirect(url_for("portal.index"))
    today = local_today()
    overdue = _overdue_by_stage(today)
    stock = available_stock(today)
    heads = {kind: entry for kind, entry in heads_of_queues().items() if stock[kind]}
    return render_template(
        "dashboard/index.html", today=today, stock=stock, heads=heads, overdue=overdue,
        due_today=_first(_open_loans(Loan.due_date == today)),
        awaiting_reset=_first(db.select(Device).where(Device.status == "awaiting_reset")
                              .order_by(Device.kind, Device.id)),
        open_issues=_first(open_issues_query()),
        plans_ending=_first(db.select(DataPlan).where(
            DataPlan.end_date.between(today, today + timedelta(days=PLAN_ENDING_DAYS)))
            .order_by(DataPlan.end_date)),
        idle_lines=_first(idle_lines_query(today)),
        line_to_suspend=line_to_suspend,
        open_counts=db.session.execute(db.select(StockCount).where(
            StockCount.closed_at.is_(None)).order_by(StockCount.started_at)).scalars().all(),
        unseen=unseen(utcnow(), current_app.config["STOCK_UNSEEN_MONTHS"]),
        alerts=manager_alerts(today) if is_manager(user) else None,
        glance=program_glance(today) if is_manager(user) else None)
