"""The forms of the messages pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import OnceForm
from ..models import vocab
from .wording import MAX_LENGTH


class TextConsentForm(FlaskForm):
    """A peer's choice about texts: yes or no, how it was given, what for, where to."""

    given = RadioField(_l("Texts"), choices=vocab.Words({
        "yes": vocab.N_("The peer agrees to texts"),
        "no": vocab.N_("No texts (withdrawn, or never agreed)")}), validators=[DataRequired()])
    purpose = StringField(_l("What they agreed to"), default="Reminders about what they borrowed",
                          validators=[Length(max=300)])
    method = SelectField(_l("How"), choices=vocab.CONSENT_METHODS)
    number = RadioField(_l("Send them to"), choices=vocab.TEXT_NUMBERS, default="own")
    language = SelectField(_l("Language"), choices=vocab.LANGUAGES)
    signed = BooleanField(_l("Sign texts with the organization's name (off: discreet texts)"))


class OneOffTextForm(OnceForm):
    """A text written by staff, sent once (a second click finds the first)."""

    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                         description=_l("No names, health or personal details: texts can be "
                                        "seen by others on the phone."))


class WordingForm(FlaskForm):
    """A manager's wording of one kind of text in one language."""

    body = TextAreaField(_l("Wording"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                         description=_l("Filled in for each peer: $item (what was lent), "
                                        "$due_date, "
                                     "$sign (the organization's name, for peers who chose it) "
                                     "and $phone (the line peers call). No names or anything "
                                     "about health."))
