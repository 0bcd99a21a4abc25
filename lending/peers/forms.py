"""The peer form: consent, and optional name and contact details."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..clock import local_today
from ..forms import OnceForm
from ..models import vocab
from ..validators import phone_number, strip
from .operations import SUPPORT_MINUTES

TEXT = [strip]


class PeerForm(OnceForm):
    """Register or edit a peer. Never ask for diagnoses or clinical notes."""

    consent_scope = StringField(_l("Consent given for"), filters=TEXT, validators=[
        DataRequired(_l("Say what the peer agreed to.")), Length(max=300)],
        default="Borrowing devices and being contacted about returns",
        description=_l("What the peer agreed to, e.g. borrowing devices and being contacted "
                       "about returns."))
    consent_method = SelectField(_l("How consent was given"),
                                 choices=vocab.choices(vocab.CONSENT_METHODS,
                                                       blank=vocab.N_("Choose…")),
                                 validators=[DataRequired(_l("Say how the peer gave consent."))])
    language = SelectField(_l("Language"), choices=vocab.LANGUAGES, default="en",
                           description=_l("Of their texts, printed agreement and check-in "
                                          "questions."))
    consent_date = DateField(_l("Consent date"), default=local_today,
                             validators=[InputRequired(_l("Enter the day consent was given."))])
    preferred_name = StringField(_l("Preferred name (optional)"), filters=TEXT,
                                 validators=[Length(max=120)])
    phone = StringField(_l("Phone (optional)"), filters=TEXT,
                        validators=[Length(max=40), phone_number])
    email = EmailField(_l("Email (optional)"), filters=TEXT, validators=[
        Optional(), Length(max=254), Email(_l("This is not an email address we can use."))])
    other_contact = StringField(_l("Other way to reach them (optional)"), filters=TEXT,
                                validators=[Length(max=300)],
                                description=_l("For example: through the drop-in centre."))

    someone_new = BooleanField(_l("None of these: this is someone new"))

    CONTACT_FIELDS = ("preferred_name", "phone", "email", "other_contact")

    def validate_consent_date(self, field):
        """Consent cannot be recorded for a day that has not come."""
        if field.data and field.data > local_today():
            raise ValidationError(_l("The consent date cannot be in the future."))

    def peer_data(self) -> dict:
        """The peer's own (non-identifying) fields."""
        return {"consent_scope": self.consent_scope.data,
                "consent_method": self.consent_method.data or None,
                "consent_date": self.consent_date.data, "language": self.language.data}

    def contact_data(self) -> dict:
        """The name and contact fields, kept in their separate record."""
        return {name: self[name].data or "" for name in self.CONTACT_FIELDS}


class SupportForm(OnceForm):
    """When, how long, what about; the note is short and never clinical."""

    held_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter a date."))])
    minutes = IntegerField(_l("Minutes"), validators=[
        InputRequired(_l("Enter the minutes spent.")),
        NumberRange(min=SUPPORT_MINUTES[0], max=SUPPORT_MINUTES[1],
                    message=_l("Enter between %(support_minutes)s and %(support_minutes2)s "
                               "minutes.", support_minutes=SUPPORT_MINUTES[0],
                               support_minutes2=SUPPORT_MINUTES[1]))])
    topic = SelectField(_l("Topic"), choices=vocab.choices(vocab.SUPPORT_TOPICS),
                        validators=[InputRequired()])
    note = StringField(_l("Note (optional)"), filters=TEXT, validators=[Length(max=300)],
                       description=_l("What was covered. Never health or personal details."))

    def validate_held_on(self, field):
        """A session is logged after it happened."""
        if field.data and field.data > local_today():
            raise ValidationError(_l("The date cannot be in the future."))
