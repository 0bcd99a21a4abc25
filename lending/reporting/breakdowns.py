"""The counts behind the report charts: loans per month, devices by status, issues by type."""
from datetime import timedelta

from sqlalchemy import func

from ..extensions import db
from ..models import Device, Issue, Loan
from .metrics import Period, Scope, issues_in_scope, loans_in_scope


def loans_started_by_month(period: Period, scope: Scope) -> list[tuple[str, int]]:
    """("2026-03", count) for each month the period touches, zeros included."""
    year, month = func.extract("year", Loan.lent_on), func.extract("month", Loan.lent_on)
    counts = {(int(y), int(m)): n for y, m, n in db.session.execute(loans_in_scope(
        db.select(year, month, func.count(Loan.id))
        .where(Loan.lent_on.between(period.start, period.end)).group_by(year, month), scope))}
    months, cursor = [], period.start.replace(day=1)
    while cursor <= period.end:
        months.append((f"{cursor:%Y-%m}", counts.get((cursor.year, cursor.month), 0)))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return months


def devices_by_status(scope: Scope) -> dict[str, int]:
    """Devices in scope by their status today."""
    query = db.select(Device.status, func.count(Device.id)).group_by(Device.status)
    if scope.contract_ids is not None:
        query = query.where(Device.contract_id.in_(scope.contract_ids))
    return dict(db.session.execute(query).all())


def issues_by_kind(period: Period, scope: Scope) -> dict[str, int]:
    """Issues of each kind by incident date in the period."""
    query = (db.select(Issue.kind, func.count(Issue.id))
             .outerjoin(Device, Device.id == Issue.device_id)
             .where(Issue.incident_date.between(period.start, period.end)).group_by(Issue.kind))
    return dict(db.session.execute(issues_in_scope(query, scope)).all())
