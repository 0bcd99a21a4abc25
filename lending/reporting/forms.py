"""The form that asks for a report."""
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
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
