"""Loans: the list, a loan, and lending, renewing and returning through the operations the
screens use (their refusals are 409s in the screens' words)."""
import marshmallow as ma
from flask import url_for
from marshmallow import fields, validate

from ...extensions import db
from ...loans.listings import BORROWER_FILTERS, STAGE_FILTERS, STATUS_FILTERS, loan_listing
from ...loans.operations import lend_kit, record_return, renew_loan
from ...lookup import get_or_404, signed_in_user
from ...models import DataPlan, Device, Loan, SimCard, User, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ..idempotency import idempotent
from ..paging import list_args, listed, page_schema
from ..schemas import LoanSchema, one_of
from ..versions import require_version, versioned
from . import api_blueprint, named, peer_coded

loans = api_blueprint("loans", "/loans", "Kits lent to peers (and to staff).")


class LendSchema(ma.Schema):
    """What lending a kit takes, as the lending screen asks it."""

    peer_code = fields.String(required=True, validate=validate.Length(1, 20))
    device_id = fields.Integer(allow_none=True)
    sim_id = fields.Integer(allow_none=True)
    plan_id = fields.Integer(allow_none=True, metadata={
        "description": "A plan goes out with the SIM card it is on."})
    accessories = fields.List(fields.String(**one_of(vocab.ACCESSORIES)), load_default=list)
    acceptance = fields.String(required=True, **one_of(vocab.AGREEMENT_ACCEPTANCE), metadata={
        "description": "How the peer accepted the loan agreement."})
    witness_id = fields.Integer(allow_none=True, metadata={
        "description": "For an agreement read aloud: the staff member who witnessed it."})
    due_date = fields.Date(allow_none=True, metadata={
        "description": "Default: the loan length for its kind."})
    due_reason = fields.String(load_default="", validate=validate.Length(max=200))
    waitlist_reason = fields.String(load_default="", validate=validate.Length(max=200),
                                    metadata={"description": "Why before a waiting peer."})


class ReturnSchema(ma.Schema):
    """What recording a return takes, as the return screen asks it."""

    condition = fields.String(required=True, **one_of(vocab.CONDITIONS))
    accessories_back = fields.List(fields.String(**one_of(vocab.ACCESSORIES)),
                                   load_default=list)
    notes = fields.String(load_default="", validate=validate.Length(max=1000))
    returned_on = fields.Date(allow_none=True, metadata={"description": "Default: today."})
    date_reason = fields.String(load_default="", validate=validate.Length(max=200))


@loans.route("")
@loans.arguments(list_args("LoanQuery", status=fields.String(**one_of(STATUS_FILTERS)),
                           borrower=fields.String(**one_of(BORROWER_FILTERS)),
                           kind=fields.String(**one_of(vocab.LOAN_KINDS)),
                           stage=fields.String(**one_of(STAGE_FILTERS))), location="query")
@loans.response(200, page_schema(LoanSchema, "LoanPage"))
@allow(*STAFF_AND_MANAGERS)
def loan_list(args):
    """Loans, oldest first; `q` searches peer codes."""
    return listed(loan_listing(words=args.get("q", "")), args, Loan.id)


@loans.route("/<int:loan_id>")
@loans.etag
@loans.response(200, LoanSchema)
@allow(*STAFF_AND_MANAGERS)
def loan(loan_id):
    """A loan (its ETag is what renewing or returning it names in If-Match)."""
    return get_or_404(Loan, loan_id)


@loans.route("", methods=["POST"])
@idempotent
@loans.etag
@loans.arguments(LendSchema)
@loans.response(201, LoanSchema)
@loans.alt_response(409, description="Refused by a lending rule; `detail` says why.")
@allow(*STAFF_AND_MANAGERS)
def lend(data):
    """Lend a kit to a peer: at least one of a device, a SIM card and a plan."""
    by = signed_in_user()
    loan = lend_kit(
        peer_coded(data["peer_code"]), by=by, acceptance=data["acceptance"],
        witness=named(User, data.get("witness_id"), "witness_id"),
        device=named(Device, data.get("device_id"), "device_id"),
        sim=named(SimCard, data.get("sim_id"), "sim_id"),
        plan=named(DataPlan, data.get("plan_id"), "plan_id"),
        accessories=data["accessories"], due_date=data.get("due_date"),
        due_reason=data["due_reason"], waitlist_reason=data["waitlist_reason"])
    db.session.commit()
    return loan, 201, {"Location": url_for(".loan", loan_id=loan.id, _external=True)}


@loans.route("/<int:loan_id>/renewal", methods=["POST"])
@versioned
@loans.etag
@loans.response(200, LoanSchema)
@loans.alt_response(409, description="Refused by a renewal rule; `detail` says why.")
@allow(*STAFF_AND_MANAGERS)
def renew(loan_id):
    """Renew a loan: due the loan length for its kind from today, if the rules allow."""
    loan = get_or_404(Loan, loan_id)
    require_version(loan, LoanSchema)
    renew_loan(loan, by=signed_in_user())
    db.session.commit()
    return loan


@loans.route("/<int:loan_id>/return", methods=["POST"])
@versioned
@loans.etag
@loans.arguments(ReturnSchema)
@loans.response(200, LoanSchema)
@loans.alt_response(409, description="Already closed, or a date the rules refuse.")
@allow(*STAFF_AND_MANAGERS)
def receive(data, loan_id):
    """Record the return of a loan's kit: its condition, what came back, the day."""
    loan = get_or_404(Loan, loan_id)
    require_version(loan, LoanSchema)
    record_return(loan, by=signed_in_user(), condition=data["condition"],
                  accessories_back=data["accessories_back"], notes=data["notes"],
                  returned_on=data.get("returned_on"), date_reason=data["date_reason"])
    db.session.commit()
    return loan
