"""The dashboard."""
from flask import render_template
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..extensions import db
from ..loans.operations import lendable_queries
from ..models import Device, Loan, vocab
from ..models.vocab import ROLES
from ..permissions import allow
from . import bp

LIST_LIMIT = 10


def _open_loans(condition, limit=LIST_LIMIT):
    """The first open loans meeting a due-date condition, oldest due first, and their count."""
    where = (Loan.status.in_(vocab.OPEN_LOAN_STATUSES), condition)
    count = db.session.execute(db.select(func.count(Loan.id)).where(*where)).scalar_one()
    loans = db.session.execute(db.select(Loan).where(*where).options(joinedload(Loan.peer))
                               .order_by(Loan.due_date, Loan.id).limit(limit)).scalars().all()
    return count, loans


@bp.route("/")
@allow(*ROLES)
def index():
    """Due today, overdue, awaiting reset and what is available to lend."""
    if current_user.role == "funder":
        return render_template("dashboard/funder.html")
    today = local_today()
    due_today = _open_loans(Loan.due_date == today)
    overdue = _open_loans(Loan.due_date < today)
    awaiting_reset = db.session.execute(
        db.select(Device).where(Device.status == "awaiting_reset")
        .order_by(Device.kind, Device.id)).scalars().all()
    available_devices = dict(db.session.execute(
        db.select(Device.kind, func.count(Device.id)).where(Device.status == "available")
        .group_by(Device.kind)).all())
    lendable = {name: db.session.execute(db.select(func.count()).select_from(
        query.order_by(None).subquery())).scalar_one()
        for name, query in lendable_queries(today).items()}
    return render_template("dashboard/index.html", today=today, due_today=due_today,
                           overdue=overdue, awaiting_reset=awaiting_reset,
                           available_devices=available_devices,
                           free_sims=lendable["sim"], free_plans=lendable["plan"])
