"""Report screens: generate and list (managers), download (managers, and funders their own)."""
from io import BytesIO

from flask import flash, redirect, render_template, send_file, url_for

from ..extensions import db
from ..lookup import find, get_or_404, signed_in_user
from ..models import Contract, Partner, Report
from ..permissions import allow, reports_visible_to
from ..refusals import RuleError
from . import bp
from .archive import read_report
from .forms import GenerateForm
from .operations import generate_report


def visible_reports(user):
    """The reports this user may see, newest first."""
    return (db.select(Report).where(reports_visible_to(user))
            .order_by(Report.created_at.desc(), Report.id.desc()))


@bp.route("", methods=["GET", "POST"])
@allow("manager")
def index():
    """Generate a report and see every archived one."""
    form = GenerateForm()
    form.partner_id.choices = {0: "Whole program", **{p.id: str(p) for p in db.session.execute(
        db.select(Partner).order_by(Partner.name)).scalars()}}
    form.contract_id.choices = {0: "—", **{c.id: str(c) for c in db.session.execute(
        db.select(Contract).order_by(Contract.reference)).scalars()}}
    if form.validate_on_submit():
        try:
            report = generate_report(form.fmt.data, form.start.data, form.end.data,
                                     partner=find(Partner, form.partner_id.data),
                                     contract=find(Contract, form.contract_id.data),
                                     dates_by_day=form.dates_by_day.data, by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Report {report.filename} generated and archived.", "success")
            return redirect(url_for(".index"))
    reports = db.session.execute(visible_reports(signed_in_user()).limit(200)).scalars().all()
    return render_template("reports/index.html", form=form, reports=reports)


@bp.route("/<int:report_id>/download")
@allow("manager", "funder")
def download(report_id):
    """The archived file, byte for byte; another partner's report is "not found"."""
    report = get_or_404(Report, report_id, seen_by=signed_in_user())
    return send_file(BytesIO(read_report(report)), mimetype=report.mimetype,
                     as_attachment=True, download_name=report.filename)
