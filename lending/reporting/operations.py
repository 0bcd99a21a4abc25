"""Generating a report: the file rendered from its content, archived with its checksum, and
recorded."""
import hashlib

from flask_babel import force_locale, get_locale, gettext

from ..audit.log import record_created
from ..i18n import LOCALES
from ..models import Report
from ..refusals import RuleError
from ..webhooks import events
from .archive import store
from .content import check_request, gather, render


def generate_report(fmt, start, end, *, by, partner=None, contract=None,
                    dates_by_day=False) -> Report:
    """Make a report, store it under REPORTS_DIR and record it (the caller commits). A
    workbook's row sheets show dates by month unless `dates_by_day`."""
    if fmt not in ("pdf", "xlsx"):
        raise RuleError(gettext("Choose PDF or Excel."))
    period, scope, contracts = check_request(start, end, partner, contract)
    owner = contract.partner if contract else partner
    # In the partner's language (its funders read it); the program's own in the asker's.
    with force_locale(LOCALES[owner.language] if owner else str(get_locale())):
        data = render(gather(period, scope, contracts, with_rows=fmt == "xlsx",
                             dates_by_day=dates_by_day), fmt)
    name = (f"{(contract.reference if contract else partner.reference if partner else 'program')}"
            f"_{start:%Y%m%d}-{end:%Y%m%d}.{fmt}")
    report = Report(format=fmt, scope="contract" if contract else "partner" if partner else
                    "program", partner=owner, contract=contract, period_start=start,
                    period_end=end, dates_by_day=dates_by_day, filename=name, size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(), created_by=by)
    record_created(report, by=by)
    events.report_generated(report)
    store(report, data)
    return report
