"""The dashboard: what needs doing today."""
from flask import current_app, redirect, render_template, url_for

from ..clock import local_today, utcnow
from ..extensions import db
from ..issues.operations import open_issues_query
from ..loans.queries import available_stock
from ..loans.steps import line_to_suspend
from ..lookup import signed_in_user
from ..models import StockCount
from ..models.vocab import ROLES
from ..outcomes.queries import follow_ups_due
from ..permissions import allow, is_funder, is_manager
from ..reporting.glance import manager_alerts, program_glance
from ..stock.queries import unseen
from ..waitlist.operations import heads_of_queues
from . import bp
from .today import (
    LIST_LIMIT,
    awaiting_reset,
    due_today,
    first,
    idle_lines,
    overdue_by_stage,
    plans_ending,
)


@bp.route("/")
@allow(*ROLES)
def index():
    """Due, overdue by stage, resets, issues, waitlist, plans ending and idle lines."""
    user = signed_in_user()
    if is_funder(user):
        return redirect(url_for("portal.index"))
    today = local_today()
    overdue = overdue_by_stage(today)
    stock = available_stock(today)
    heads = {kind: entry for kind, entry in heads_of_queues().items() if stock[kind]}
    return render_template(
        "dashboard/index.html", today=today, stock=stock, heads=heads, overdue=overdue,
        due_today=due_today(today), awaiting_reset=awaiting_reset(),
        open_issues=first(open_issues_query()), plans_ending=plans_ending(today),
        idle_lines=idle_lines(today), follow_ups=follow_ups_due(today, LIST_LIMIT),
        line_to_suspend=line_to_suspend,
        open_counts=db.session.execute(db.select(StockCount).where(
            StockCount.closed_at.is_(None)).order_by(StockCount.started_at)).scalars().all(),
        unseen=unseen(utcnow(), current_app.config["STOCK_UNSEEN_MONTHS"]),
        alerts=manager_alerts(today) if is_manager(user) else None,
        glance=program_glance(today) if is_manager(user) else None)
