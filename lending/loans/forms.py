"""Forms for lending, renewing and returning kits."""
import secrets

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..extensions import db
from ..models import Peer, vocab
from ..models.peers import is_valid_peer_code
from ..validators import MultiCheckboxField, strip


def _upper(value):
    """Peer codes are compared in capitals."""
    return value.strip().upper() if isinstance(value, str) else value


class LendForm(FlaskForm):
    """Choose a peer and the items of a kit."""

    peer_code = StringField("Peer code", filters=[_upper],
                            validators=[DataRequired(), Length(max=12)])
    # Choices are what is free when the page is drawn; the lending rules judge the submission.
    device_id = SelectField("Device", coerce=int, default=0, validate_choice=False)
    sim_id = SelectField("SIM card", coerce=int, default=0, validate_choice=False)
    plan_id = SelectField("Data plan", coerce=int, default=0, validate_choice=False)
    accessories = MultiCheckboxField("Accessories handed over",
                                     choices=vocab.choices(vocab.ACCESSORIES))
    due_date = DateField("Due date", validators=[Optional()],
                         description="Leave blank to use the loan length for this kind of kit.")
    form_token = HiddenField(default=lambda: secrets.token_hex(16))

    def validate_peer_code(self, field):
        """The code must be well formed and belong to a registered peer."""
        if not is_valid_peer_code(field.data):
            raise ValidationError("This is not a valid peer code; check it for a typo "
                                  "(codes look like P-7KQ4MZH).")
        self.peer = db.session.execute(
            db.select(Peer).filter_by(code=field.data)).scalar_one_or_none()
        if self.peer is None:
            raise ValidationError("No peer has this code.")

    def validate_form_token(self, field):
        """The token is ours: 32 hex characters."""
        if len(field.data or "") != 32:
            raise ValidationError("Reload the page and try again.")


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
