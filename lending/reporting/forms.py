"""The form that asks for a report."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField
from wtforms.validators import InputRequired

from ..models.reports import REPORT_FORMATS
from ..validators import IdSelectField


class GenerateForm(FlaskForm):
    """What to report on, for when, in which format."""

    fmt = SelectField("Format", choices=REPORT_FORMATS, validators=[InputRequired()])
    start = DateField("From", validators=[InputRequired("Enter a valid date.")])
    end = DateField("To", validators=[InputRequired("Enter a valid date.")])
    partner_id = IdSelectField("Partner (optional)")
    contract_id = IdSelectField("Contract (optional)")
    dates_by_day = BooleanField(
        "Show dates in the workbook's sheets of rows by day",
        description="By month unless you choose days: exact dates make a loan easier to "
                    "recognise. Rows are left out altogether when a count of people is withheld.")
