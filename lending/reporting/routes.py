"""Report screens: generate and list (managers), download (managers, and funders their own)."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import InputRequired

from ..extensions import db
from ..lookup import find, signed_in_user
from ..models import Contract, Partner, Report
from ..models.reports import REPORT_FORMATS
from ..permissions import allow
from ..refusals import RuleError
from ..validators import IdSelectField
from . import bp
from .generate import generate_report, read_report


class GenerateForm(FlaskForm):
    """What to report on, for when, in which format."""

    fmt = SelectField("Format", choices=REPORT_FORMATS, validators=[InputRequired()])
    start = DateField("From", validators=[InputRequired("Enter a valid date.")])
    end = DateField("To", validators=[InputRequired("Enter a valid date.")])
    partner_id = IdSelectField("Partner (optional)")
    contract_id = IdSelectField("Contract (optional)")


def visible_reports():
    """The reports the signed-in user may see: all for managers, their partner's for funders."""
    query = db.select(Report).order_by(Report.created_at.desc(), Report.id.desc())
    if current_user.role == "funder":
        query = query.where(Report.partner_id == current_user.partner_id)
    return query


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
                                     by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Report {report.filename} generated and archived.", "success")
            return redirect(url_for(".index"))
    reports = db.session.execute(visible_reports().limit(200)).scalars().all()
    return render_template("reports/index.html", form=form, reports=reports)


@bp.route("/<int:report_id>/download")
@allow("manager", "funder")
def download(report_id):
    """The archived file, byte for byte; another partner's report is "not found"."""
    report = find(Report, report_id)
    if report is None or (current_user.role == "funder"
                          and report.partner_id != current_user.partner_id):
        abort(404)
    return send_file(BytesIO(read_report(report)), mimetype=report.mimetype,
                     as_attachment=True, download_name=report.filename)
