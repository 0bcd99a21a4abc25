"""The form that asks for a report."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField
from wtforms.validators import InputRequired

from ..models.reports import REPORT_FORMATS
from ..validators import IdSelectField


class GenerateForm(FlaskForm):
    """What to report on, for when, in which format."""

    fmt = SelectField(_l("Format"), choices=REPORT_FORMATS, validators=[InputRequired()])
    start = DateField(_l("From"), validators=[InputRequired(_l("Enter a valid date."))])
    end = DateField(_l("To"), validators=[InputRequired(_l("Enter a valid date."))])
    partner_id = IdSelectField(_l("Partner (optional)"))
    contract_id = IdSelectField(_l("Contract (optional)"))
    dates_by_day = BooleanField(
        _l("Show dates in the workbook's sheets of rows by day"),
        description=_l("By month unless you choose days: exact dates make a loan easier to "
                       "recognise. Rows are left out altogether when a count of people is "
                       "withheld."))
