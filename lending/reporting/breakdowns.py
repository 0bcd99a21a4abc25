"""The counts behind the report charts: loans per month, devices by status, issues by type."""
from collections import Counter
from datetime import timedelta

from sqlalchemy import func

from ..extensions import db
from ..models import Device, Issue
from ..models.figures import FigureDay
from .metrics import Period, Scope, issues_in_scope


def loans_started_by_month(period: Period, scope: Scope) -> list[tuple[str, int]]:
    """("2026-03", count) for each month the period touches, zeros included."""
    # The kept starts of each day (models/figures.py), added up by month here.
    by_day = db.session.execute(db.select(FigureDay.day, FigureDay.amount).where(
        FigureDay.scope_id == scope.kept_id, FigureDay.measure == "started",
        FigureDay.day.between(period.start, period.end)))
    counts = Counter()
    for day, count in by_day:
        counts[f"{day:%Y-%m}"] += int(count)
    months, cursor = [], period.start.replace(day=1)
    while cursor <= period.end:
        months.append((f"{cursor:%Y-%m}", counts[f"{cursor:%Y-%m}"]))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return months


def devices_by_status(scope: Scope) -> dict[str, int]:
    """Devices in scope by their status today."""
    query = db.select(Device.status, func.count()).group_by(Device.status)  # from an index
    if scope.contract_ids is not None:
        query = query.where(Device.contract_id.in_(scope.contract_ids))
    return dict(db.session.execute(query).all())


def issues_by_kind(period: Period, scope: Scope) -> dict[str, int]:
    """Issues of each kind by incident date in the period."""
    query = (db.select(Issue.kind, func.count(Issue.id))
             .outerjoin(Device, Device.id == Issue.device_id)
             .where(Issue.incident_date.between(period.start, period.end)).group_by(Issue.kind))
    return dict(db.session.execute(issues_in_scope(query, scope)).all())
