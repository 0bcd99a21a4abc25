"""The form that registers a webhook endpoint."""
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..forms import OnceForm
from ..models import vocab
from ..validators import MultiCheckboxField, strip


class EndpointForm(OnceForm):
    """Where to send events, which ones, and what the endpoint is."""

    url = StringField("Address (https)", filters=[strip], validators=[
        DataRequired("Give the endpoint's address."), Length(max=500)],
        description="Where the other system receives events, e.g. "
                    "https://crm.example.org/hooks/lending.")
    description = StringField("What it is", filters=[strip], validators=[Length(max=200)],
                              description="e.g. “CRM sync”.")
    events = MultiCheckboxField("Events it is told of", choices=vocab.WEBHOOK_EVENTS,
                                validators=[DataRequired("Choose at least one event.")])
