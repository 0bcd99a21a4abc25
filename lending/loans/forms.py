"""Forms for lending, renewing and returning kits."""
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..forms import OnceForm, PeerCodeField
from ..models import vocab
from ..validators import IdSelectField, MultiCheckboxField, strip


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
