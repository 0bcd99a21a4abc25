"""The form that registers a webhook endpoint."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..forms import OnceForm
from ..models import vocab
from ..validators import MultiCheckboxField, strip


class EndpointForm(OnceForm):
    """Where to send events, which ones, and what the endpoint is."""

    url = StringField(_l("Address (https)"), filters=[strip], validators=[
        DataRequired(_l("Give the endpoint's address.")), Length(max=500)],
        description=_l("Where the other system receives events, e.g. "
                       "https://crm.example.org/hooks/lending."))
    description = StringField(_l("What it is"), filters=[strip], validators=[Length(max=200)],
                              description=_l("e.g. “CRM sync”."))
    events = MultiCheckboxField(_l("Events it is told of"), choices=vocab.WEBHOOK_EVENTS,
                                validators=[DataRequired(_l("Choose at least one event."))])
