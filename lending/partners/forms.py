"""Forms for partners, contacts, contracts, deliverables and report dates."""
import re

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
                   message="Use capital letters, digits and dashes, e.g. TELCO-1.")


def _reference(value):
    """References are compared in capitals without spaces."""
    return re.sub(r"\s+", "", value).upper() if isinstance(value, str) else ""


class PartnerForm(FlaskForm):
    """A partner's name, kind and short reference."""

    name = StringField("Name", filters=[strip], validators=[DataRequired(), Length(max=120)])
    reference = StringField("Reference", filters=[_reference], validators=[
        DataRequired(), Length(max=20), REFERENCE,
        Unique(Partner.reference, "Another partner has this reference.")],
        description="Short and unique, used on the command line and in imports, e.g. TELCO-1.")
    kind = SelectField("Kind", choices=vocab.choices(vocab.PARTNER_KINDS),
                       validators=[InputRequired()])
    notes = StringField("Notes", filters=[strip], validators=[Length(max=1000)])
    language = SelectField("Language of its reports and portal", choices=vocab.LANGUAGES,
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

    name = StringField("Name", filters=[strip], validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", filters=[strip], validators=[
        Optional(), Length(max=254), Email("This is not an email address we can use.")])
    phone = StringField("Phone", filters=[strip], validators=[Length(max=40), phone_number])

    def model_data(self) -> dict:
        """The contact's fields as entered."""
        return {"name": self.name.data, "email": self.email.data or "",
                "phone": self.phone.data or ""}


class ContractForm(FlaskForm):
    """A contract's terms."""

    partner_id = SelectField("Partner", coerce=int, validators=[InputRequired()])
    reference = StringField("Reference", filters=[_reference], validators=[
        DataRequired(), Length(max=30), REFERENCE,
        Unique(Contract.reference, "Another contract has this reference.")])
    title = StringField("Title", filters=[strip], validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Type", choices=vocab.choices(vocab.CONTRACT_TYPES),
                       validators=[InputRequired()])
    start_date = DateField("Start", validators=[InputRequired("Enter a valid date.")])
    end_date = DateField("End", validators=[InputRequired("Enter a valid date.")])
    value = DecimalField("Value", places=2, default=0, validators=[
        InputRequired("Enter the value (0 for none)."),
        NumberRange(min=0, max=9_999_999_999, message="Enter an amount from 0 up.")])
    currency = StringField("Currency", default="CAD", filters=[_reference], validators=[
        Regexp(r"^[A-Z]{3}$", message="Use a three-letter currency code such as CAD.")])
    reporting_schedule = SelectField("Reports", choices=vocab.choices(vocab.REPORTING_SCHEDULES),
                                     default="quarterly")
    notes = StringField("Notes", filters=[strip], validators=[Length(max=2000)])

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

    kind = SelectField("What", choices=vocab.choices(vocab.DELIVERABLE_KINDS),
                       validators=[InputRequired()])
    quantity = IntegerField("How many", validators=[
        InputRequired("Enter a whole number."),
        NumberRange(min=1, max=1_000_000, message="Enter a number from 1 up.")])
    duration_months = IntegerField("For how many months (optional)", validators=[
        Optional(), NumberRange(min=1, max=120, message="Enter 1 to 120 months.")])


class ReportDateForm(FlaskForm):
    """A custom report due date and the period it covers."""

    period_start = DateField("Period from", validators=[InputRequired("Enter a valid date.")])
    period_end = DateField("Period to", validators=[InputRequired("Enter a valid date.")])
    due_date = DateField("Report due", validators=[InputRequired("Enter a valid date.")])

    def validate_period_end(self, field):
        """Periods run forwards."""
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError("The period cannot end before it starts.")
