"""Contract rules: report due dates follow the schedule."""
from ..audit.log import record
from ..extensions import db
from ..models import ReportDue
from ..reporting.deliverables import reporting_periods


def refresh_report_dues(contract, *, by=None):
    """Replace a regular schedule's due dates after the term or schedule changed."""
    if contract.reporting_schedule == "custom":
        return
    contract.report_dues.clear()
    db.session.flush()
    for start, end, due in reporting_periods(contract):
        contract.report_dues.append(ReportDue(period_start=start, period_end=end, due_date=due))
    record("schedule", contract, by=by,
           note=f"{len(contract.report_dues)} report dates from the "
                f"{contract.reporting_schedule} schedule")
