"""Reports: the archive (a funder's: their partner's), a download byte for byte, and a new
report made as a job (managers), followed at /jobs/{id}."""
from io import BytesIO

import marshmallow as ma
from flask import send_file, url_for
from flask_smorest import abort
from marshmallow import fields

from ...jobs.queue import start
from ...lookup import get_or_404, signed_in_user
from ...models import Contract, Job, Partner, Report
from ...models.reports import REPORT_FORMATS
from ...permissions import allow
from ...refusals import RuleError
from ...reporting.archive import read_report
from ...reporting.content import check_request, job_title
from ...reporting.routes import visible_reports
from ..idempotency import idempotent
from ..paging import PageArgs, page_of, page_schema
from ..schemas import JobSchema, ReportSchema, one_of
from . import api_blueprint, named

reports = api_blueprint("reports", "/reports", "Funder reports (PDF and Excel).")
jobs = api_blueprint("jobs", "/jobs", "Work done in the background, such as a new report.")


class GenerateSchema(ma.Schema):
    """A report to make: its format, period and scope (the program, a partner, a contract)."""

    format = fields.String(required=True, **one_of(REPORT_FORMATS))
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    partner_id = fields.Integer(allow_none=True)
    contract_id = fields.Integer(allow_none=True)
    dates_by_day = fields.Boolean(load_default=False)


@reports.route("")
@reports.arguments(PageArgs, location="query")
@reports.response(200, page_schema(ReportSchema, "ReportPage"))
@allow("manager", "funder")
def report_list(args):
    """Archived reports (a funder's: their partner's), oldest first."""
    return page_of(visible_reports(signed_in_user()), Report.id, args)


@reports.route("/<int:report_id>")
@reports.response(200, ReportSchema)
@allow("manager", "funder")
def report(report_id):
    """A report's record."""
    return get_or_404(Report, report_id, seen_by=signed_in_user())


@reports.route("/<int:report_id>/file")
@reports.response(200, description="The file, byte for byte (its SHA-256 is the record's).",
                  content_type="application/octet-stream")
@allow("manager", "funder")
def report_file(report_id):
    """The report's file."""
    record = get_or_404(Report, report_id, seen_by=signed_in_user())
    return send_file(BytesIO(read_report(record)), mimetype=record.mimetype,
                     as_attachment=True, download_name=record.filename)


@reports.route("", methods=["POST"])
@idempotent
@reports.arguments(GenerateSchema)
@reports.response(202, JobSchema)
@allow("manager")
def generate(data):
    """Make a report: answered at once with its job (`Location`), which names the report
    (`report_id`) when done. The same request while one is on its way gets that one."""
    partner = named(Partner, data.get("partner_id"), "partner_id")
    contract = named(Contract, data.get("contract_id"), "contract_id")
    try:
        check_request(data["start"], data["end"], partner, contract)
    except RuleError as error:
        abort(422, message=str(error))
    params = {"fmt": data["format"], "start": data["start"].isoformat(),
              "end": data["end"].isoformat(), "dates_by_day": data["dates_by_day"],
              "partner_id": partner.id if partner else None,
              "contract_id": contract.id if contract else None}
    job = start("report", str(sorted(params.items())), job_title(params, partner, contract),
                params, by=signed_in_user())
    return job, 202, {"Location": url_for("api_jobs.job", job_id=job.id, _external=True)}


@jobs.route("/<int:job_id>")
@jobs.response(200, JobSchema)
@allow("manager", "staff", "funder")
def job(job_id):
    """A job you asked for: its state, progress, and what it made."""
    return get_or_404(Job, job_id, seen_by=signed_in_user())
