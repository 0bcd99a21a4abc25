"""Every report figure worked out again in plain Python, row by row, from docs/domain.md's words.

It shares nothing with lending/reporting/metrics.py but the models, so the tests can hold the
SQL aggregates against an independent reading of each definition.
"""
import statistics
from datetime import date, timedelta
from decimal import Decimal

from lending.clock import utc_end_of_local_day
from lending.extensions import db
from lending.models import DataPlan, Issue, Loan, SupportSession, WaitlistEntry


def _all(model):
    """Every row of a table."""
    return db.session.execute(db.select(model)).scalars().all()


def _in_scope(item, contract_ids):
    """Whether a device, SIM card or plan came from one of the contracts."""
    return item is not None and item.contract_id in contract_ids


def figures(start: date, end: date, contract_ids=None) -> dict:
    """Every figure for [start, end] over the whole program (None) or some contracts."""
    every_loan = [loan for loan in _all(Loan) if loan.peer_id is not None]  # staff: apart
    loans = [loan for loan in every_loan if contract_ids is None or any(
        _in_scope(line.item, contract_ids) for line in loan.items)]
    open_during = [loan for loan in loans if loan.lent_on <= end
                   and (loan.returned_on is None or loan.returned_on >= start)]
    served = {loan.peer_id for loan in open_during}
    first = {}
    for loan in every_loan:
        first[loan.peer_id] = min(first.get(loan.peer_id, loan.lent_on), loan.lent_on)
    ended = [loan for loan in loans if loan.returned_on and start <= loan.returned_on <= end]
    returned = [loan for loan in ended if loan.status == "returned"]
    result = {
        "peers_served": len(served),
        "new_peers": len([peer for peer in served if start <= first[peer] <= end]),
        "loans_started": len([loan for loan in loans if start <= loan.lent_on <= end]),
        "loans_ended": len(ended),
        "loans_open_at_end": len([loan for loan in loans if loan.lent_on <= end and (
            loan.returned_on is None or loan.returned_on > end)]),
        "average_loan_days": round(statistics.mean(
            (loan.returned_on - loan.lent_on).days for loan in ended), 1) if ended else None,
        "on_time_rate": round(len([loan for loan in returned if loan.returned_on
                                   <= loan.due_date]) / len(returned), 3) if returned else None,
    }
    result.update(_incidents(start, end, contract_ids, {loan.id for loan in loans}))
    sessions = [s for s in _all(SupportSession) if start <= s.held_on <= end
                and (contract_ids is None or s.peer_id in served)]
    result["support_sessions"] = len(sessions)
    result["support_minutes"] = sum(s.minutes for s in sessions)
    result.update(_waitlist(start, end))
    result.update(_plans(start, end, contract_ids))
    result["cost_per_peer_served"] = (round(result["plan_cost"] / len(served), 2)
                                      if served else None)
    return result


def _incidents(start, end, contract_ids, loan_ids):
    """Lost, stolen, damaged and the replacement value of their devices."""
    issues = [issue for issue in _all(Issue) if start <= issue.incident_date <= end
              and issue.kind in ("lost", "stolen", "damaged")
              and (contract_ids is None or issue.loan_id in loan_ids or any(
                  _in_scope(item, contract_ids) for item in (issue.device, issue.sim,
                                                             issue.plan)))]
    counts = {kind: len([i for i in issues if i.kind == kind])
              for kind in ("lost", "stolen", "damaged")}
    counts["loss_value"] = sum((i.device.replacement_value or Decimal("0") for i in issues
                                if i.device is not None), Decimal("0"))
    return counts


def _waitlist(start, end):
    """Open at the end of the last day; the median wait of those served in the period."""
    closes, opens = utc_end_of_local_day(end), utc_end_of_local_day(start - timedelta(days=1))
    entries = _all(WaitlistEntry)
    waits = [e.days_waited for e in entries
             if e.status == "served" and opens <= e.closed_at < closes]
    return {"waitlist_open_at_end": len([e for e in entries if e.added_at < closes and (
                e.closed_at is None or e.closed_at >= closes)]),
            "median_days_waited": statistics.median(waits) if waits else None}


def _plans(start, end, contract_ids):
    """Each calendar month of service counts once, in the period where its service starts."""
    months, cost = 0, Decimal("0")
    for plan in _all(DataPlan):
        if contract_ids is not None and plan.contract_id not in contract_ids:
            continue
        month = plan.start_date.replace(day=1)
        while month <= end:
            first_day = max(plan.start_date, month)
            if start <= first_day <= end and (plan.end_date is None
                                              or first_day <= plan.end_date):
                months += 1
                cost += plan.monthly_cost
            month = (month + timedelta(days=32)).replace(day=1)
    return {"line_months": months, "plan_cost": cost}
