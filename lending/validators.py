"""Field checks shared by forms: check digits, phone numbers, uniqueness, normalizing input."""
import phonenumbers
from flask import current_app
from flask_babel import gettext
from stdnum import imei, luhn
from wtforms import SelectField, SelectMultipleField, widgets
from wtforms.validators import ValidationError

from .extensions import db


def strip(value):
    """Trim surrounding whitespace from text input; a field left out of the form is blank."""
    return value.strip() if isinstance(value, str) else "" if value is None else value


def digits_only(value):
    """Drop spaces, dashes and dots that people type into long numbers."""
    if not isinstance(value, str):
        return "" if value is None else value
    return "".join(c for c in value if c not in " -.\t")


def valid_imei(_form, field):
    """A 15-digit IMEI whose Luhn check digit is right."""
    if not field.data:
        return
    if not field.data.isdigit() or len(field.data) != 15:
        raise ValidationError(gettext("An IMEI has 15 digits (dial *#06# on the device to see "
                                      "it)."))
    if not imei.is_valid(field.data):
        raise ValidationError(gettext("This IMEI's check digit is wrong; please check for a typo."))


def valid_iccid(_form, field):
    """A 19- or 20-digit ICCID starting 89 with a correct Luhn check digit."""
    if not field.data:
        return
    data = field.data
    if not data.isdigit() or len(data) not in (19, 20) or not data.startswith("89"):
        raise ValidationError(gettext("An ICCID has 19 or 20 digits and starts with 89 "
                                      "(it is printed on the SIM card)."))
    if not luhn.is_valid(field.data):
        raise ValidationError(gettext("This ICCID's check digit is wrong; please check for a "
                                      "typo."))


def phone_number(_form, field):
    """A real phone number, stored in E.164 form (+14165550123)."""
    if not field.data:
        return
    try:
        parsed = phonenumbers.parse(field.data, current_app.config["PHONE_REGION"])
    except phonenumbers.NumberParseException:
        raise ValidationError(gettext("This is not a phone number we can read.")) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(gettext("This phone number is not valid; include the area code."))
    field.data = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class Unique:
    """No other row of the model has this value (the form's `obj_id` row may)."""

    def __init__(self, column, message):
        self.column = column
        self.message = message

    def __call__(self, form, field):
        """Look the value up, skipping the row being edited (and every row, for a form that
        checks a spreadsheet's values all at once instead: see inventory/importing.py)."""
        if not field.data or getattr(form, "uniqueness_checked_in_bulk", False):
            return
        query = db.select(self.column.class_).where(self.column == field.data)
        existing = db.session.execute(query).scalars().first()
        if existing is not None and existing.id != getattr(form, "obj_id", None):
            raise ValidationError(self.message)


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes for picking several options."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _optional_id(value) -> int:
    """A menu's value as an id; blank means 0, "none chosen"."""
    return 0 if value in (None, "") else int(value)


class IdSelectField(SelectField):
    """A menu of records by id in which 0 means "none" (also when the record has none yet)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=_optional_id, default=0, **kwargs)

    def process_data(self, value):
        """An object's empty reference shows as "none" rather than as an invalid choice."""
        super().process_data(0 if value is None else value)
