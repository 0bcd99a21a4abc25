"""Forms for partners, contacts, contracts, deliverables and report dates."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, EmailField, IntegerField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..models import Contract, Partner, vocab
from ..validators import Unique, phone_number, strip
from .operations import term_problem

REFERENCE = Regexp(r"^[A-Z0-9][A-Z0-9-]*$",
                   message=_l("Use capital letters, digits and dashes, e.g. TELCO-1."))


def _reference(value):
    """References are compared in capitals without spaces."""
    return re.sub(r"\s+", "", value).upper() if isinstance(value, str) else ""


class PartnerForm(FlaskForm):
    """A partner's name, kind and short reference."""

    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=120)])
    reference = StringField(_l("Reference"), filters=[_reference], validators=[
        DataRequired(), Length(max=20), REFERENCE,
        Unique(Partner.reference, _l("Another partner has this reference."))],
        description=_l("Short and unique, used on the command line and in imports, e.g. TELCO-1."))
    kind = SelectField(_l("Kind"), choices=vocab.choices(vocab.PARTNER_KINDS),
                       validators=[InputRequired()])
    notes = StringField(_l("Notes"), filters=[strip], validators=[Length(max=1000)])
    language = SelectField(_l("Language of its reports and portal"), choices=vocab.LANGUAGES,
                           default="en")

    def __init__(self, *args, obj_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj_id = obj_id

    def model_data(self) -> dict:
        """The partner's fields as entered."""
        return {name: self[name].data for name in ("name", "reference", "kind", "notes",
                                                   "language")}


class ContactForm(FlaskForm):
    """A person at a partner."""

    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), filters=[strip], validators=[
        Optional(), Length(max=254), Email(_l("This is not an email address we can use."))])
    phone = StringField(_l("Phone"), filters=[strip], validators=[Length(max=40), phone_number])

    def model_data(self) -> dict:
        """The contact's fields as entered."""
        return {"name": self.name.data, "email": self.email.data or "",
                "phone": self.phone.data or ""}


class ContractForm(FlaskForm):
    """A contract's terms."""

    partner_id = SelectField(_l("Partner"), coerce=int, validators=[InputRequired()])
    reference = StringField(_l("Reference"), filters=[_reference], validators=[
        DataRequired(), Length(max=30), REFERENCE,
        Unique(Contract.reference, _l("Another contract has this reference."))])
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Type"), choices=vocab.choices(vocab.CONTRACT_TYPES),
                       validators=[InputRequired()])
    start_date = DateField(_l("Start"), validators=[InputRequired(_l("Enter a valid date."))])
    end_date = DateField(_l("End"), validators=[InputRequired(_l("Enter a valid date."))])
    value = DecimalField(_l("Value"), places=2, default=0, validators=[
        InputRequired(_l("Enter the value (0 for none).")),
        NumberRange(min=0, max=9_999_999_999, message=_l("Enter an amount from 0 up."))])
    currency = StringField(_l("Currency"), default="CAD", filters=[_reference], validators=[
        Regexp(r"^[A-Z]{3}$", message=_l("Use a three-letter currency code such as CAD."))])
    reporting_schedule = SelectField(_l("Reports"),
                                     choices=vocab.choices(vocab.REPORTING_SCHEDULES),
                                     default="quarterly")
    notes = StringField(_l("Notes"), filters=[strip], validators=[Length(max=2000)])

    def __init__(self, *args, obj_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj_id = obj_id

    def validate_end_date(self, field):
        """A contract cannot end before it starts (the rule is the operation's)."""
        problem = term_problem(self.start_date.data, field.data)
        if problem:
            raise ValidationError(problem)

    def model_data(self) -> dict:
        """The contract's fields as entered."""
        return {name: self[name].data for name in (
            "partner_id", "reference", "title", "kind", "start_date", "end_date", "value",
            "currency", "reporting_schedule", "notes")}


class DeliverableForm(FlaskForm):
    """One commitment: a kind, a quantity, optionally a duration."""

    kind = SelectField(_l("What"), choices=vocab.choices(vocab.DELIVERABLE_KINDS),
                       validators=[InputRequired()])
    quantity = IntegerField(_l("How many"), validators=[
        InputRequired(_l("Enter a whole number.")),
        NumberRange(min=1, max=1_000_000, message=_l("Enter a number from 1 up."))])
    duration_months = IntegerField(_l("For how many months (optional)"), validators=[
        Optional(), NumberRange(min=1, max=120, message=_l("Enter 1 to 120 months."))])


class ReportDateForm(FlaskForm):
    """A custom report due date and the period it covers."""

    period_start = DateField(_l("Period from"),
                             validators=[InputRequired(_l("Enter a valid date."))])
    period_end = DateField(_l("Period to"), validators=[InputRequired(_l("Enter a valid date."))])
    due_date = DateField(_l("Report due"), validators=[InputRequired(_l("Enter a valid date."))])

    def validate_period_end(self, field):
        """Periods run forwards."""
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period cannot end before it starts."))
