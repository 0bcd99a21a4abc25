"""Forms for logging and resolving issues."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..forms import OnceForm
from ..models import vocab
from ..validators import strip


class IssueForm(OnceForm):
    """What went wrong and when."""

    kind = SelectField(_l("What happened"), choices=vocab.choices(vocab.ISSUE_TYPES),
                       validators=[InputRequired()])
    incident_date = DateField(_l("When it happened"),
                              validators=[InputRequired(_l("Enter a date."))])
    description = StringField(_l("Short description"), filters=[strip],
                              validators=[Length(max=500)],
                              description=_l("About the kit only; never health or personal "
                                             "details."))
    suspend_line = BooleanField(_l("Also suspend the SIM card's line now (lost or stolen kits)"),
                                default=True)


class ResolveForm(FlaskForm):
    """What was done about an issue and what it cost."""

    resolution = SelectField(_l("What was done"), choices=vocab.choices(vocab.ISSUE_RESOLUTIONS),
                             validators=[InputRequired()])
    note = StringField(_l("Note"), filters=[strip], validators=[Length(max=500)])
    cost = DecimalField(_l("Cost ($)"), places=2, validators=[
        Optional(), NumberRange(min=0, max=99_999_999, message=_l("Enter an amount from 0 up."))])
