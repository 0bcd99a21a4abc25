"""Forms for check-ins, priority groups, group sessions and contracts' outcome targets."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..clock import local_today
from ..extensions import db
from ..forms import OnceForm
from ..models import Peer, vocab
from ..models.peers import is_valid_peer_code
from ..peers.operations import SUPPORT_MINUTES
from ..validators import IdSelectField, MultiCheckboxField, strip
from .questions import NAMES, QUESTIONS, SEVERAL, answers_offered, asked

ANSWER_NEEDED = _l("Choose an answer, or “Prefers not to say”.")


def check_in_form(version, language: str = "en", **kwargs) -> FlaskForm:
    """The check-in form for a version of the questions: its words and the answers offered
    ("prefers not to say" for each), in the language of the peer they are read to."""

    class CheckInForm(OnceForm):
        stage = SelectField(_l("When"), choices=vocab.choices(vocab.CHECK_IN_STAGES))
        held_on = DateField(_l("Held on"), default=local_today,
                            validators=[InputRequired(_l("Enter the day of the check-in."))])

    words = version.words_in(language)
    for key in asked(version.loneliness):
        kind = MultiCheckboxField if key in SEVERAL else RadioField
        required = DataRequired if key in SEVERAL else InputRequired
        setattr(CheckInForm, key, kind(words[key], choices=answers_offered(key, language),
                                       validators=[required(ANSWER_NEEDED)]))
    CheckInForm.questions = asked(version.loneliness)
    return CheckInForm(**kwargs)


class PriorityGroupsForm(FlaskForm):
    """The priority groups a peer says they belong to, and their consent to keep them."""

    consent_method = SelectField(
        _l("The peer agreed that we keep these, for waitlist priority and anonymous figures"),
        choices=vocab.choices(vocab.CONSENT_METHODS, blank=vocab.N_("No: keep no group")))
    groups = MultiCheckboxField(_l("Groups they say they belong to"), coerce=int,
                                description=_l("Optional and self-identified: ask, never guess. "
                                               "Funders see only counts, never who."))


class PriorityGroupForm(FlaskForm):
    """A priority group on the list managers keep."""

    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(_l("Name the group.")),
                                                            Length(max=80)])
    active = BooleanField(_l("Offered to peers"), default=True)
    raises_waitlist = BooleanField(_l("Peers in it wait at high priority"))


class QuestionsForm(FlaskForm):
    """A new version of the check-in's questions, in English and in French."""

    loneliness = BooleanField(_l("Ask the 3-item loneliness scale"),
                              description=_l("Three questions (Hughes et al., 2004), each answered "
                                             "hardly ever, some of the time or often."))


for _key in QUESTIONS:
    _name = dict.__getitem__(NAMES, _key)  # English, drawn in the reader's language
    setattr(QuestionsForm, _key, TextAreaField(
        _l("%(question)s, in English", question=_l(_name)), filters=[strip],
        render_kw={"lang": "en"},
        validators=[DataRequired(_l("Every question needs its words.")), Length(max=300)]))
    setattr(QuestionsForm, f"{_key}_fr", TextAreaField(
        _l("%(question)s, in French", question=_l(_name)), filters=[strip],
        render_kw={"lang": "fr"}, validators=[Length(max=300)]))


def _codes(text: str) -> list[str]:
    """Peer codes typed or scanned, separated by spaces, commas or lines."""
    return [code.upper() for code in re.split(r"[\s,;]+", text or "") if code]


class GroupSessionForm(OnceForm):
    """A group session: when, how long, about what, who led it and who came."""

    held_on = DateField(_l("Held on"), default=local_today,
                        validators=[InputRequired(_l("Enter the day of the session."))])
    minutes = IntegerField(_l("Minutes"),
                           validators=[InputRequired(_l("Enter how long it lasted.")),
                                                  NumberRange(*SUPPORT_MINUTES)])
    topic = SelectField(_l("Topic"), choices=vocab.choices(vocab.SUPPORT_TOPICS,
                                                           blank=vocab.N_("Choose…")),
                        validators=[DataRequired(_l("Choose what the session was about."))])
    facilitator_id = IdSelectField(_l("Facilitator"),
                                   validators=[DataRequired(_l("Choose who led it."))])
    peer_codes = TextAreaField(_l("Peers who attended (codes)"), filters=[strip],
                               validators=[Length(max=4000)],
                               description=_l("Type or scan each code; spaces, commas or new "
                                              "lines between them."))
    staff_ids = MultiCheckboxField(_l("Staff who attended"), coerce=int)

    def validate_peer_codes(self, field):
        """Every code is a real peer's; the peers are kept as `field.peers`."""
        codes = _codes(field.data)
        bad = [code for code in codes if not is_valid_peer_code(code)]
        if bad:
            raise ValidationError(_l("Not a valid peer code: %(join)s.", join=', '.join(bad)))
        found = {peer.code: peer for peer in db.session.execute(
            db.select(Peer).where(Peer.code.in_(codes))).scalars()}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(_l("No peer has the code %(join)s.", join=', '.join(unknown)))
        field.peers = [found[code] for code in dict.fromkeys(codes)]


class TargetsForm(FlaskForm):
    """A contract's outcome targets (blank: none)."""


for _key, _label in dict.items(vocab.OUTCOME_TARGETS):  # English, drawn in the reader's
    setattr(TargetsForm, _key, DecimalField(_l(_label), places=2, validators=[Optional()]))
