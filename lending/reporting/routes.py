"""Report screens: generate and list (managers), download (managers, and funders their own)."""
from io import BytesIO

from flask import redirect, render_template, send_file, url_for
from flask_babel import gettext

from ..extensions import db
from ..jobs.queue import start
from ..lookup import find, get_or_404, signed_in_user
from ..models import Contract, Partner, Report
from ..permissions import allow, reports_visible_to
from ..refusals import RuleError
from . import bp
from .archive import read_report
from .content import check_request, job_title
from .forms import GenerateForm


def visible_reports(user):
    """The reports this user may see, newest first."""
    return (db.select(Report).where(reports_visible_to(user))
            .order_by(Report.created_at.desc(), Report.id.desc()))


@bp.route("", methods=["GET", "POST"])
@allow("manager")
def index():
    """Generate a report and see every archived one."""
    form = GenerateForm()
    form.partner_id.choices = {0: gettext("Whole program"), **{
        p.id: str(p) for p in db.session.execute(
        db.select(Partner).order_by(Partner.name)).scalars()}}
    form.contract_id.choices = {0: "—", **{c.id: str(c) for c in db.session.execute(
        db.select(Contract).order_by(Contract.reference)).scalars()}}
    if form.validate_on_submit():
        partner, contract = find(Partner, form.partner_id.data), find(Contract,
                                                                      form.contract_id.data)
        try:  # refused at once when it cannot be made; made by a worker when it can
            check_request(form.start.data, form.end.data, partner, contract)
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            params = {"fmt": form.fmt.data, "start": form.start.data.isoformat(),
                      "end": form.end.data.isoformat(), "dates_by_day": form.dates_by_day.data,
                      "partner_id": partner.id if partner else None,
                      "contract_id": contract.id if contract else None}
            job = start("report", str(sorted(params.items())),
                        job_title(params, partner, contract), params, by=signed_in_user())
            return redirect(url_for("jobs.detail", job_id=job.id))
    reports = db.session.execute(visible_reports(signed_in_user()).limit(200)).scalars().all()
    return render_template("reports/index.html", form=form, reports=reports)


@bp.route("/<int:report_id>/download")
@allow("manager", "funder")
def download(report_id):
    """The archived file, byte for byte; another partner's report is "not found"."""
    report = get_or_404(Report, report_id, seen_by=signed_in_user())
    return send_file(BytesIO(read_report(report)), mimetype=report.mimetype,
                     as_attachment=True, download_name=report.filename)
