"""Issues (lost, stolen, damaged, faulty...): the list, one, and logging one."""
import marshmallow as ma
from flask import url_for
from marshmallow import fields, validate

from ...extensions import db
from ...issues.listings import STATES, issue_listing
from ...issues.operations import log_issue
from ...lookup import get_or_404, signed_in_user
from ...models import DataPlan, Device, Issue, Loan, SimCard, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ..idempotency import idempotent
from ..paging import list_args, listed, page_schema
from ..schemas import IssueSchema, one_of
from . import api_blueprint, named

issues = api_blueprint("issues", "/issues", "What went wrong with a loan or an item.")


class LogIssueSchema(ma.Schema):
    """What logging an issue takes: its kind and the loan or item it is about."""

    kind = fields.String(required=True, **one_of(vocab.ISSUE_TYPES))
    loan_id = fields.Integer(allow_none=True)
    device_id = fields.Integer(allow_none=True)
    sim_id = fields.Integer(allow_none=True)
    plan_id = fields.Integer(allow_none=True)
    incident_date = fields.Date(allow_none=True, metadata={"description": "Default: today."})
    description = fields.String(load_default="", validate=validate.Length(max=500), metadata={
        "description": "What happened. Never health or personal details."})
    suspend_line = fields.Boolean(load_default=False, metadata={
        "description": "For a loss or theft: suspend the SIM card's line too."})


@issues.route("")
@issues.arguments(list_args("IssueQuery", state=fields.String(**one_of(STATES)),
                            kind=fields.String(**one_of(vocab.ISSUE_TYPES))),
                  location="query")
@issues.response(200, page_schema(IssueSchema, "IssuePage"))
@allow(*STAFF_AND_MANAGERS)
def issue_list(args):
    """Issues, oldest first; `q` searches descriptions."""
    return listed(issue_listing(words=args.get("q", "")), args, Issue.id)


@issues.route("/<int:issue_id>")
@issues.etag
@issues.response(200, IssueSchema)
@allow(*STAFF_AND_MANAGERS)
def issue(issue_id):
    """An issue."""
    return get_or_404(Issue, issue_id)


@issues.route("", methods=["POST"])
@idempotent
@issues.arguments(LogIssueSchema)
@issues.response(201, IssueSchema)
@issues.alt_response(409, description="Refused by a rule; `detail` says why.")
@allow(*STAFF_AND_MANAGERS)
def log(data):
    """Log an issue; a loss or theft closes the loan as lost (as on the screens)."""
    issue = log_issue(data["kind"], by=signed_in_user(),
                      loan=named(Loan, data.get("loan_id"), "loan_id"),
                      device=named(Device, data.get("device_id"), "device_id"),
                      sim=named(SimCard, data.get("sim_id"), "sim_id"),
                      plan=named(DataPlan, data.get("plan_id"), "plan_id"),
                      incident_date=data.get("incident_date"),
                      description=data["description"], suspend_line=data["suspend_line"])
    db.session.commit()
    return issue, 201, {"Location": url_for(".issue", issue_id=issue.id, _external=True)}
