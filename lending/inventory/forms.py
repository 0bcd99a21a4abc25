"""Forms for devices, SIM cards and data plans."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, DecimalField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..forms import OnceForm
from ..models import Device, SimCard, vocab
from ..models.imports import IMPORT_KINDS
from ..validators import (
    IdSelectField,
    MultiCheckboxField,
    Unique,
    digits_only,
    phone_number,
    strip,
    valid_iccid,
    valid_imei,
)
from .operations import imei_problem, plan_dates_problem

TEXT = [strip]
FROM_CONTRACT = _l("The grant, donation or agreement it came under.")
KEPT_AT = _l("Where it is kept when it is not lent: managers keep the list of places.")
LONG_NUMBER = [strip, digits_only]


def _blank_to_none(value):
    """Store a blank optional identifier as NULL so uniqueness ignores it."""
    return value or None


class DeviceForm(FlaskForm):
    """Create or edit a device."""

    kind = SelectField(_l("Kind"), choices=vocab.choices(vocab.DEVICE_KINDS),
                       validators=[InputRequired()])
    make = StringField(_l("Make"), filters=TEXT, validators=[DataRequired(), Length(max=80)])
    model = StringField(_l("Model"), filters=TEXT, validators=[DataRequired(), Length(max=80)])
    serial = StringField(_l("Serial number"), filters=TEXT, validators=[
        DataRequired(), Length(max=80),
        Unique(Device.serial, _l("Another device already has this serial number."))])
    imei = StringField(_l("IMEI"), filters=LONG_NUMBER, validators=[
        valid_imei, Unique(Device.imei, _l("Another device already has this IMEI."))],
        description=_l("Needed for phones and hotspots. Dial *#06# on the device to see it."))
    asset_tag = StringField(_l("Asset tag"), filters=TEXT, validators=[
        Length(max=40), Unique(Device.asset_tag, _l("Another device already has this asset tag."))])
    accessories = MultiCheckboxField(_l("Accessories that go with it"),
                                     choices=vocab.choices(vocab.ACCESSORIES))
    missing_accessories = MultiCheckboxField(
        _l("Missing: did not come back from a loan"), choices=vocab.choices(vocab.ACCESSORIES),
        description=_l("Untick one when it is found or replaced."))
    condition = SelectField(_l("Condition"), choices=vocab.choices(vocab.CONDITIONS),
                            default="good")
    replacement_value = DecimalField(_l("Replacement value ($)"), places=2, validators=[
        Optional(), NumberRange(min=0, max=99_999_999, message=_l("Enter an amount from 0 up."))])
    contract_id = IdSelectField(_l("From contract"), description=FROM_CONTRACT)
    place_id = IdSelectField(_l("Kept at"), description=KEPT_AT)
    status = SelectField(_l("Status"), choices=vocab.Words({
        "received": vocab.N_("Received: needs a wipe and set-up"),
        "available": vocab.N_("Available: set up and ready to lend")}), default="received")

    def __init__(self, *args, obj_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj_id = obj_id
        if obj_id is not None:
            del self.status  # after creation, status moves only through actions
        else:
            del self.missing_accessories  # nothing is missing from a device just received

    def validate_imei(self, field):
        """Phones and hotspots always have an IMEI (the rule is the operation's)."""
        problem = imei_problem(self.kind.data, field.data)
        if problem:
            raise ValidationError(problem)

    def model_data(self) -> dict:
        """The device's fields as entered."""
        data = {name: self[name].data for name in ("kind", "make", "model", "serial",
                                                   "condition", "replacement_value")}
        data["imei"] = _blank_to_none(self.imei.data)
        data["asset_tag"] = _blank_to_none(self.asset_tag.data)
        data["accessories"] = ",".join(a for a in vocab.ACCESSORIES if a in self.accessories.data)
        data["contract_id"] = self.contract_id.data or None
        data["place_id"] = self.place_id.data or None
        if "status" in self:
            data["status"] = self.status.data
        if "missing_accessories" in self:
            data["missing_accessories"] = ",".join(
                a for a in vocab.ACCESSORIES if a in self.missing_accessories.data)
        return data


class DeviceStatusForm(FlaskForm):
    """Move a device along a side path: to repair, retirement or back."""

    status = SelectField(_l("New status"), validators=[InputRequired()])
    note = StringField(_l("Why"), filters=TEXT, validators=[DataRequired(), Length(max=400)])
    wiped = BooleanField(_l("I confirm the device's data was wiped (needed to retire it)"))


class ResetForm(FlaskForm):
    """Record that a device was wiped and set up again."""

    note = StringField(_l("Note (optional)"), filters=TEXT, validators=[Length(max=400)],
                       description=_l("For example: factory reset, updated, new screen protector."))


class SimForm(FlaskForm):
    """Create or edit a SIM card."""

    iccid = StringField(_l("ICCID"), filters=LONG_NUMBER, validators=[
        DataRequired(), valid_iccid, Unique(SimCard.iccid, _l("Another SIM card has this ICCID."))])
    phone_number = StringField(_l("Phone number"), filters=TEXT, validators=[
        Length(max=40), phone_number,
        Unique(SimCard.phone_number, _l("Another SIM card has this phone number."))])
    carrier = StringField(_l("Carrier"), filters=TEXT, validators=[DataRequired(), Length(max=80)])
    pin = StringField(_l("PIN"), filters=LONG_NUMBER, validators=[
        Optional(), Regexp(r"^\d{4,8}$", message=_l("A PIN has 4 to 8 digits."))])
    puk = StringField(_l("PUK"), filters=LONG_NUMBER, validators=[
        Optional(), Regexp(r"^\d{8}$", message=_l("A PUK has 8 digits."))])
    contract_id = IdSelectField(_l("From contract"), description=FROM_CONTRACT)
    place_id = IdSelectField(_l("Kept at"), description=KEPT_AT)
    status = SelectField(_l("Status"), choices=vocab.some(vocab.SIM_STATUSES, "spare", "active"),
                         default="spare")

    def __init__(self, *args, obj_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj_id = obj_id
        if obj_id is not None:
            del self.status

    def model_data(self) -> dict:
        """The SIM card's fields as entered."""
        data = {name: self[name].data or None for name in ("phone_number", "pin", "puk")}
        data.update(iccid=self.iccid.data, carrier=self.carrier.data,
                    contract_id=self.contract_id.data or None,
                    place_id=self.place_id.data or None)
        if "status" in self:
            data["status"] = self.status.data
        return data


class PlanForm(OnceForm):
    """Create or edit a data plan."""

    carrier = StringField(_l("Carrier"), filters=TEXT, validators=[DataRequired(), Length(max=80)])
    name = StringField(_l("Plan name"), filters=TEXT, validators=[DataRequired(), Length(max=120)])
    monthly_allowance_gb = DecimalField(_l("Monthly data (GB)"), places=2, validators=[
        InputRequired(_l("Enter the monthly data allowance.")),
        NumberRange(min=0, max=999_999, message=_l("Enter a number of GB from 0 up."))])
    monthly_cost = DecimalField(_l("Monthly cost ($)"), places=2, validators=[
        InputRequired(_l("Enter the monthly cost.")),
        NumberRange(min=0, max=99_999_999, message=_l("Enter an amount from 0 up."))])
    start_date = DateField(_l("Start date"), validators=[InputRequired(_l("Enter a valid date."))])
    end_date = DateField(_l("Last date of service"), validators=[Optional()],
                         description=_l("Leave blank if the plan renews until cancelled."))
    sim_id = IdSelectField(_l("On SIM card"))  # 0: on no SIM card
    contract_id = IdSelectField(_l("From contract"), description=FROM_CONTRACT)

    def validate_end_date(self, field):
        """Service cannot end before it starts (the rule is the operation's)."""
        problem = plan_dates_problem(self.start_date.data, field.data)
        if problem:
            raise ValidationError(problem)

    def model_data(self) -> dict:
        """The plan's fields as entered."""
        data = {name: self[name].data for name in ("carrier", "name", "monthly_allowance_gb",
                                                   "monthly_cost", "start_date", "end_date")}
        data["sim_id"] = self.sim_id.data or None
        data["contract_id"] = self.contract_id.data or None
        return data


class LineEventForm(FlaskForm):
    """Why and from when a line is suspended, reactivated or cancelled."""

    reason = StringField(_l("Reason"), filters=TEXT, validators=[DataRequired(), Length(max=300)],
                         description=_l("For example: overdue kit, reported stolen, back in use."))
    effective_on = DateField(_l("Effective from"), validators=[InputRequired(_l("Enter a date."))])


class PlanDateForm(FlaskForm):
    """A date for a plan: its new last day, its end, or its last recorded use."""

    day = DateField(_l("Date"), validators=[Optional()])
    until_cancelled = BooleanField(_l("Renew until cancelled (no last date)"))

    def validate(self, extra_validators=None):
        """A date is needed unless the plan renews until cancelled.

        Checked here rather than in validate_day, which Optional() skips for a blank date.
        """
        if not super().validate(extra_validators):
            return False
        renews_forever = "until_cancelled" in self and self.until_cancelled.data
        if self.day.data is None and not renews_forever:
            self.day.errors.append(gettext("Enter a date."))
            return False
        return True


class UploadForm(FlaskForm):
    """Which kind of item the file lists, and the file."""

    kind = SelectField(_l("The file lists"), choices=IMPORT_KINDS, validators=[InputRequired()])
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"), validators=[FileRequired("Choose a file.")])


class PlaceForm(FlaskForm):
    """A place where items are kept."""

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=80)],
                       description=_l("For example: Main office, shelf B, Eastside drop-in."))
    note = StringField(_l("Note (optional)"), filters=TEXT, validators=[Length(max=200)])
    active = BooleanField(_l("In use (items can be put here)"), default=True)

    def model_data(self) -> dict:
        """The place's fields as entered."""
        return {"name": self.name.data, "note": self.note.data, "active": self.active.data}
