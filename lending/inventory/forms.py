"""Forms for devices, SIM cards and data plans."""
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
FROM_CONTRACT = "The grant, donation or agreement it came under."
KEPT_AT = "Where it is kept when it is not lent: managers keep the list of places."
LONG_NUMBER = [strip, digits_only]


def _blank_to_none(value):
    """Store a blank optional identifier as NULL so uniqueness ignores it."""
    return value or None


class DeviceForm(FlaskForm):
    """Create or edit a device."""

    kind = SelectField("Kind", choices=vocab.choices(vocab.DEVICE_KINDS),
                       validators=[InputRequired()])
    make = StringField("Make", filters=TEXT, validators=[DataRequired(), Length(max=80)])
    model = StringField("Model", filters=TEXT, validators=[DataRequired(), Length(max=80)])
    serial = StringField("Serial number", filters=TEXT, validators=[
        DataRequired(), Length(max=80),
        Unique(Device.serial, "Another device already has this serial number.")])
    imei = StringField("IMEI", filters=LONG_NUMBER, validators=[
        valid_imei, Unique(Device.imei, "Another device already has this IMEI.")],
        description="Needed for phones and hotspots. Dial *#06# on the device to see it.")
    asset_tag = StringField("Asset tag", filters=TEXT, validators=[
        Length(max=40), Unique(Device.asset_tag, "Another device already has this asset tag.")])
    accessories = MultiCheckboxField("Accessories that go with it",
                                     choices=vocab.choices(vocab.ACCESSORIES))
    missing_accessories = MultiCheckboxField(
        "Missing: did not come back from a loan", choices=vocab.choices(vocab.ACCESSORIES),
        description="Untick one when it is found or replaced.")
    condition = SelectField("Condition", choices=vocab.choices(vocab.CONDITIONS), default="good")
    replacement_value = DecimalField("Replacement value ($)", places=2, validators=[
        Optional(), NumberRange(min=0, max=99_999_999, message="Enter an amount from 0 up.")])
    contract_id = IdSelectField("From contract", description=FROM_CONTRACT)
    place_id = IdSelectField("Kept at", description=KEPT_AT)
    status = SelectField("Status", choices={"received": "Received: needs a wipe and set-up",
                                            "available": "Available: set up and ready to lend"},
                         default="received")

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

    status = SelectField("New status", validators=[InputRequired()])
    note = StringField("Why", filters=TEXT, validators=[DataRequired(), Length(max=400)])
    wiped = BooleanField("I confirm the device's data was wiped (needed to retire it)")


class ResetForm(FlaskForm):
    """Record that a device was wiped and set up again."""

    note = StringField("Note (optional)", filters=TEXT, validators=[Length(max=400)],
                       description="For example: factory reset, updated, new screen protector.")


class SimForm(FlaskForm):
    """Create or edit a SIM card."""

    iccid = StringField("ICCID", filters=LONG_NUMBER, validators=[
        DataRequired(), valid_iccid, Unique(SimCard.iccid, "Another SIM card has this ICCID.")])
    phone_number = StringField("Phone number", filters=TEXT, validators=[
        Length(max=40), phone_number,
        Unique(SimCard.phone_number, "Another SIM card has this phone number.")])
    carrier = StringField("Carrier", filters=TEXT, validators=[DataRequired(), Length(max=80)])
    pin = StringField("PIN", filters=LONG_NUMBER, validators=[
        Optional(), Regexp(r"^\d{4,8}$", message="A PIN has 4 to 8 digits.")])
    puk = StringField("PUK", filters=LONG_NUMBER, validators=[
        Optional(), Regexp(r"^\d{8}$", message="A PUK has 8 digits.")])
    contract_id = IdSelectField("From contract", description=FROM_CONTRACT)
    place_id = IdSelectField("Kept at", description=KEPT_AT)
    status = SelectField("Status", choices={"spare": "Spare", "active": "Active"},
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

    carrier = StringField("Carrier", filters=TEXT, validators=[DataRequired(), Length(max=80)])
    name = StringField("Plan name", filters=TEXT, validators=[DataRequired(), Length(max=120)])
    monthly_allowance_gb = DecimalField("Monthly data (GB)", places=2, validators=[
        InputRequired("Enter the monthly data allowance."),
        NumberRange(min=0, max=999_999, message="Enter a number of GB from 0 up.")])
    monthly_cost = DecimalField("Monthly cost ($)", places=2, validators=[
        InputRequired("Enter the monthly cost."),
        NumberRange(min=0, max=99_999_999, message="Enter an amount from 0 up.")])
    start_date = DateField("Start date", validators=[InputRequired("Enter a valid date.")])
    end_date = DateField("Last date of service", validators=[Optional()],
                         description="Leave blank if the plan renews until cancelled.")
    sim_id = IdSelectField("On SIM card")  # 0: on no SIM card
    contract_id = IdSelectField("From contract", description=FROM_CONTRACT)

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

    reason = StringField("Reason", filters=TEXT, validators=[DataRequired(), Length(max=300)],
                         description="For example: overdue kit, reported stolen, back in use.")
    effective_on = DateField("Effective from", validators=[InputRequired("Enter a date.")])


class PlanDateForm(FlaskForm):
    """A date for a plan: its new last day, its end, or its last recorded use."""

    day = DateField("Date", validators=[Optional()])
    until_cancelled = BooleanField("Renew until cancelled (no last date)")

    def validate(self, extra_validators=None):
        """A date is needed unless the plan renews until cancelled.

        Checked here rather than in validate_day, which Optional() skips for a blank date.
        """
        if not super().validate(extra_validators):
            return False
        renews_forever = "until_cancelled" in self and self.until_cancelled.data
        if self.day.data is None and not renews_forever:
            self.day.errors.append("Enter a date.")
            return False
        return True


class UploadForm(FlaskForm):
    """Which kind of item the file lists, and the file."""

    kind = SelectField("The file lists", choices=IMPORT_KINDS, validators=[InputRequired()])
    file = FileField("Spreadsheet (.xlsx or .csv)", validators=[FileRequired("Choose a file.")])


class PlaceForm(FlaskForm):
    """A place where items are kept."""

    name = StringField("Name", filters=TEXT, validators=[DataRequired(), Length(max=80)],
                       description="For example: Main office, shelf B, Eastside drop-in.")
    note = StringField("Note (optional)", filters=TEXT, validators=[Length(max=200)])
    active = BooleanField("In use (items can be put here)", default=True)

    def model_data(self) -> dict:
        """The place's fields as entered."""
        return {"name": self.name.data, "note": self.note.data, "active": self.active.data}
