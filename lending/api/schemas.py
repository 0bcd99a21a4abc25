"""What the API's records look like (marshmallow schemas; the OpenAPI document is made from
them). Peers appear by code; a peer's contact details only where asked for and allowed
(api/routes/peers.py). Times carry the organization's UTC offset; dates are local dates."""
import marshmallow as ma
from marshmallow import fields, validate

from ..clock import to_local
from ..models import vocab
from ..models.reports import REPORT_FORMATS, REPORT_SCOPES


class Instant(fields.DateTime):
    """A stored UTC time, written in ISO 8601 with the organization's offset."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else to_local(value).isoformat()


def Decimal(**kwargs) -> fields.Decimal:  # noqa: N802  (a field, as marshmallow names them)
    """An exact amount (money, gigabytes) as a string: "25.00"."""
    return fields.Decimal(as_string=True, metadata={"type": "string", "format": "decimal"},
                          **kwargs)


def one_of(choices) -> dict:
    """A field's keyword arguments for a closed vocabulary: validated and documented."""
    return {"validate": validate.OneOf(list(choices))}


class DeviceSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String(**one_of(vocab.DEVICE_KINDS))
    make = fields.String()
    model = fields.String()
    serial = fields.String()
    imei = fields.String(allow_none=True)
    asset_tag = fields.String(allow_none=True)
    status = fields.String(**one_of(vocab.DEVICE_STATUSES))
    condition = fields.String(**one_of(vocab.CONDITIONS))
    accessories = fields.List(fields.String(), attribute="accessory_list")
    missing_accessories = fields.List(fields.String(), attribute="missing_list")
    contract_id = fields.Integer(allow_none=True)
    place_id = fields.Integer(allow_none=True)
    last_seen_at = Instant(allow_none=True)
    created_at = Instant()


class SimCardSchema(ma.Schema):
    id = fields.Integer()
    iccid = fields.String()
    phone_number = fields.String(allow_none=True)
    carrier = fields.String()
    status = fields.String(**one_of(vocab.SIM_STATUSES))
    contract_id = fields.Integer(allow_none=True)
    place_id = fields.Integer(allow_none=True)
    last_seen_at = Instant(allow_none=True)
    created_at = Instant()


class DataPlanSchema(ma.Schema):
    id = fields.Integer()
    carrier = fields.String()
    name = fields.String()
    monthly_allowance_gb = Decimal()
    monthly_cost = Decimal()
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True, metadata={"description": "Last day of service."})
    sim_id = fields.Integer(allow_none=True)
    contract_id = fields.Integer(allow_none=True)
    created_at = Instant()


class PlaceSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    note = fields.String()
    active = fields.Boolean()


class ContactSchema(ma.Schema):
    preferred_name = fields.String()
    phone = fields.String()
    email = fields.String()
    other_contact = fields.String()


class PeerSchema(ma.Schema):
    id = fields.Integer()
    code = fields.String()
    language = fields.String()
    kits_out = fields.Integer(attribute="open_loan_count")
    created_at = Instant()
    contact = fields.Nested(ContactSchema, attribute="shown_contact", allow_none=True, metadata={
        "description": "Only with `contacts=true`, for staff and managers; recorded."})


class LoanSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String(**one_of(vocab.LOAN_KINDS))
    status = fields.String(**one_of(vocab.LOAN_STATUSES))
    peer_code = fields.Function(lambda loan: loan.peer.code if loan.peer else None,
                                allow_none=True)
    staff_id = fields.Integer(allow_none=True, metadata={
        "description": "For a kit lent to a staff member: their account id."})
    device_id = fields.Function(lambda loan: loan.device.id if loan.device else None,
                                allow_none=True)
    sim_id = fields.Function(lambda loan: loan.sim.id if loan.sim else None, allow_none=True)
    plan_id = fields.Function(lambda loan: loan.plan.id if loan.plan else None,
                              allow_none=True)
    accessories = fields.Function(lambda loan: [a for a in loan.accessories_out.split(",")
                                                if a])
    lent_at = Instant()
    lent_on = fields.Date()
    due_date = fields.Date()
    renewals = fields.Integer()
    escalation_stage = fields.String(allow_none=True)
    returned_on = fields.Date(allow_none=True)
    return_condition = fields.String(allow_none=True)


class IssueSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String(**one_of(vocab.ISSUE_TYPES))
    loan_id = fields.Integer(allow_none=True)
    device_id = fields.Integer(allow_none=True)
    sim_id = fields.Integer(allow_none=True)
    plan_id = fields.Integer(allow_none=True)
    incident_date = fields.Date()
    description = fields.String()
    logged_at = Instant()
    resolution = fields.String(allow_none=True)
    resolved_at = Instant(allow_none=True)


class WaitlistEntrySchema(ma.Schema):
    id = fields.Integer()
    peer_code = fields.Function(lambda entry: entry.peer.code)
    kind = fields.String(**one_of(vocab.LOAN_KINDS))
    priority = fields.Integer(metadata={"description": "1 high, 2 normal, 3 low."})
    status = fields.String(**one_of(vocab.WAITLIST_STATUSES))
    added_at = Instant()
    closed_at = Instant(allow_none=True)
    loan_id = fields.Integer(allow_none=True)
    days_waited = fields.Integer(allow_none=True)


class ContractSchema(ma.Schema):
    id = fields.Integer()
    partner_id = fields.Integer()
    reference = fields.String()
    title = fields.String()
    kind = fields.String(**one_of(vocab.CONTRACT_TYPES))
    start_date = fields.Date()
    end_date = fields.Date()
    value = Decimal()
    currency = fields.String()


class ReportSchema(ma.Schema):
    id = fields.Integer()
    format = fields.String(**one_of(REPORT_FORMATS))
    scope = fields.String(**one_of(REPORT_SCOPES))
    partner_id = fields.Integer(allow_none=True)
    contract_id = fields.Integer(allow_none=True)
    period_start = fields.Date()
    period_end = fields.Date()
    filename = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    created_at = Instant()


class JobSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    state = fields.String(**one_of(vocab.JOB_STATES))
    progress = fields.Float()
    message = fields.String()
    report_id = fields.Integer(allow_none=True)
    created_at = Instant()
    finished_at = Instant(allow_none=True)
