"""The dashboard: what needs doing today."""
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from flask import redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..extensions import db
from ..inventory.operations import idle_lines_query
from ..issues.operations import open_issues_query
from ..loans.operations import available_stock
from ..models import DataPlan, Device, Loan, vocab
from ..models.vocab import ROLES
from ..permissions import allow
from ..reporting.charts import inventory_chart, loans_chart
from ..reporting.contracts import manager_alerts
from ..reporting.metrics import Period, Scope, report_figures
from ..waitlist.operations import heads_of_queues
from . import bp

LIST_LIMIT = 10
PLAN_ENDING_DAYS = 30
RECENT_DAYS = 30
# The report figures a manager sees at a glance; the rest are in the reports.
GLANCE = ("peers_served", "new_peers", "loans_started", "loans_ended", "on_time_rate", "lost",
          "stolen", "damaged", "support_sessions", "waitlist_open_at_end")


def _first(query, limit=LIST_LIMIT):
    """The count of a query's rows and its first few."""
    count = db.session.execute(db.select(func.count()).select_from(
        query.order_by(None).subquery())).scalar_one()
    return count, db.session.execute(query.limit(limit)).scalars().all()


def _open_loans(*conditions):
    """Open loans meeting the conditions, oldest due first."""
    return (db.select(Loan).where(Loan.status.in_(vocab.OPEN_LOAN_STATUSES), *conditions)
            .options(joinedload(Loan.peer)).order_by(Loan.due_date, Loan.id))


@bp.route("/")
@allow(*ROLES)
def index():
    """Due, overdue by stage, resets, issues, waitlist, plans ending and idle lines."""
    if current_user.role == "funder":
        return redirect(url_for("portal.index"))
    today = local_today()
    overdue = {stage: _first(_open_loans(Loan.due_date < today,
                                         Loan.escalation_stage.is_(None) if stage is None
                                         else Loan.escalation_stage == stage))
               for stage in (None, *vocab.ESCALATION_STAGES)}
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
        alerts=manager_alerts(today) if current_user.role == "manager" else None,
        recent=_recent_figures(today) if current_user.role == "manager" else None,
        charts=_charts(today) if current_user.role == "manager" else None)


def _charts(today):
    """Loans started per month over the last year, and devices by status today."""
    year = Period((today - relativedelta(months=11)).replace(day=1), today)
    return [loans_chart(year, Scope.program()), inventory_chart(Scope.program())]


def _recent_figures(today):
    """The program's key figures for the last 30 days, beside the 30 days before."""
    period = Period(today - timedelta(days=RECENT_DAYS - 1), today)
    return [f for f in report_figures(period, Scope.program()) if f.key in GLANCE]
