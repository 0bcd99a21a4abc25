"""Forms for lending, renewing and returning kits."""
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..extensions import db
from ..forms import OnceForm
from ..models import Peer, vocab
from ..models.peers import is_valid_peer_code
from ..validators import IdSelectField, MultiCheckboxField, strip


def _upper(value):
    """Peer codes are compared in capitals."""
    return value.strip().upper() if isinstance(value, str) else value


class PeerCodeField(StringField):
    """A typed peer code, checked and resolved to its peer (as `field.peer`)."""

    def __init__(self, label="Peer code", **kwargs):
        super().__init__(label, filters=[_upper], validators=[DataRequired(), Length(max=12)],
                         **kwargs)
        self.peer = None

    def pre_validate(self, form):
        """Check the shape and the check character, then find the peer."""
        if not self.data:
            return
        if not is_valid_peer_code(self.data):
            raise ValidationError("This is not a valid peer code; check it for a typo "
                                  "(codes look like P-7KQ4MZH).")
        self.peer = db.session.execute(
            db.select(Peer).filter_by(code=self.data)).scalar_one_or_none()
        if self.peer is None:
            raise ValidationError("No peer has this code.")


class LendForm(OnceForm):
    """Choose a peer and the items of a kit."""

    peer_code = PeerCodeField()
    # Choices are what is free when the page is drawn; the lending rules judge the submission.
    device_id = SelectField("Device", coerce=int, default=0, validate_choice=False)
    sim_id = SelectField("SIM card", coerce=int, default=0, validate_choice=False)
    plan_id = SelectField("Data plan", coerce=int, default=0, validate_choice=False)
    accessories = MultiCheckboxField("Accessories handed over",
                                     choices=vocab.choices(vocab.ACCESSORIES))
    due_date = DateField("Due date", validators=[Optional()],
                         description="Leave blank to use the loan length for this kind of kit.")
    acceptance = SelectField("How the peer accepted the loan agreement",
                             choices=vocab.choices(vocab.AGREEMENT_ACCEPTANCE, blank="Choose…"),
                             validators=[InputRequired()])
    witness_id = IdSelectField("Witness (when read aloud)", validate_choice=False)

    def validate_acceptance(self, field):
        """The agreement must have been accepted one of the known ways."""
        if field.data not in vocab.AGREEMENT_ACCEPTANCE:
            raise ValidationError("Say how the peer accepted the loan agreement.")

    def validate_witness_id(self, field):
        """An agreement read aloud is witnessed by a named staff member."""
        if self.acceptance.data == "verbal" and not field.data:
            raise ValidationError("Name the staff member who witnessed it.")



class RenewForm(FlaskForm):
    """Renew, stating the due date seen, so that a second click does not renew twice."""

    expected_due = DateField(validators=[InputRequired()])


class ReturnForm(FlaskForm):
    """The condition checklist filled in when a kit comes back."""

    condition = SelectField("Condition of the device", choices=vocab.choices(vocab.CONDITIONS),
                            default="good", validators=[InputRequired()])
    accessories_back = MultiCheckboxField("Accessories returned",
                                          choices=vocab.choices(vocab.ACCESSORIES))
    notes = StringField("Damage or notes", filters=[strip], validators=[Length(max=1000)],
                        description="Describe any damage or missing parts.")
