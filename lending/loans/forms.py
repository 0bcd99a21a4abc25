"""Forms for lending, renewing, returning kits, and the steps for overdue kits."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..forms import OnceForm, PeerCodeField
from ..lookup import find
from ..models import User, vocab
from ..models.vocab import N_
from ..validators import IdSelectField, MultiCheckboxField, strip
from .operations import acceptance_problem, witness_problem

REASON = [Length(max=200)]
SCAN = {"autocomplete": "off", "data-scan-target": True}


class LendForm(OnceForm):
    """Choose a peer and the items of a kit."""

    peer_code = PeerCodeField(_l("Peer"), render_kw={"autocomplete": "off"},
                              description=_l("Their code, or type their name to find them."))
    device_code = StringField(_l("Scan or type a device"), filters=[strip],
                              validators=[Length(max=60)], render_kw=SCAN,
                              description=_l("Asset tag, serial, IMEI, or part of the model."))
    # Choices are what is free when the page is drawn; the lending rules judge the submission.
    device_id = SelectField(_l("Device"), coerce=int, default=0, validate_choice=False)
    sim_code = StringField(_l("Scan or type a SIM card"), filters=[strip],
                           validators=[Length(max=60)], render_kw=SCAN,
                           description=_l("ICCID or the line's phone number; its plan comes "
                                          "with it."))
    sim_id = SelectField(_l("SIM card"), coerce=int, default=0, validate_choice=False)
    plan_id = SelectField(_l("Data plan"), coerce=int, default=0, validate_choice=False,
                          description=_l("A plan goes out with the SIM card it is on; choosing "
                                         "one fills in its SIM card."))
    accessories = MultiCheckboxField(_l("Accessories handed over"),
                                     choices=vocab.choices(vocab.ACCESSORIES))
    due_date = DateField(_l("Due date"), validators=[Optional()],
                         description=_l("Leave blank to use the loan length for this kind of kit."))
    due_reason = StringField(_l("Why a later due date (managers)"), filters=[strip],
                             validators=REASON,
                             description=_l("Only a manager may set a due date beyond the loan "
                                            "length; say why."))
    acceptance = SelectField(_l("How the peer accepted the loan agreement"),
                             choices=vocab.choices(vocab.AGREEMENT_ACCEPTANCE,
                                                   blank=N_("Choose…")),
                             validators=[InputRequired(_l("Choose how the peer accepted the "
                                                          "loan agreement."))])
    witness_id = IdSelectField(_l("Witness (when read aloud)"), validate_choice=False)
    waitlist_reason = StringField(_l("Why out of waitlist order"), filters=[strip],
                                  validators=REASON,
                                  description=_l("Needed only when someone else is next in line "
                                                 "for this kind of kit, or the peer waits for "
                                                 "another kind."))
    kind = HiddenField()  # the kind waited for, when lending from the waitlist

    def validate_acceptance(self, field):
        """The agreement was accepted one of the known ways (the rule is the operation's)."""
        problem = acceptance_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_witness_id(self, field):
        """An agreement read aloud has an active staff witness (the rule is the operation's)."""
        problem = witness_problem(self.acceptance.data, find(User, field.data))
        if problem:
            raise ValidationError(problem)


class RenewForm(FlaskForm):
    """Renew, stating the due date seen, so that a second click does not renew twice."""

    expected_due = DateField(validators=[InputRequired()])


class ReturnForm(FlaskForm):
    """The condition checklist filled in when a kit comes back."""

    returned_on = DateField(_l("Returned on"), validators=[Optional()],
                            description=_l("Today unless it came back earlier."))
    date_reason = StringField(_l("Why an earlier day"), filters=[strip], validators=REASON,
                              description=_l("Only when the kit came back before today."))
    condition = SelectField(_l("Condition of the device"), choices=vocab.choices(vocab.CONDITIONS),
                            default="good", validators=[InputRequired()])
    accessories_back = MultiCheckboxField(_l("Accessories handed back (tick each one you have)"))
    notes = TextAreaField(_l("Damage or notes"), filters=[strip], validators=[Length(max=1000)],
                          render_kw={"rows": 3},
                          description=_l("Describe any damage. Never health or personal details."))


class ReminderForm(FlaskForm):
    """How a reminder about an overdue kit was given."""

    method = SelectField(_l("How"), choices=vocab.choices(vocab.CONTACT_METHODS),
                         validators=[InputRequired()])
    back = HiddenField()  # where to go afterwards: the dashboard, or the loan


class StepForm(FlaskForm):
    """A button for a step on an overdue loan (suspend the line, declare the kit lost)."""

    back = HiddenField()


class CheckInForm(FlaskForm):
    """The code of any item of a kit coming back: scanned or typed."""

    code = StringField(_l("Scan or type any item of the kit"), filters=[strip],
                       render_kw={"autofocus": True, "autocomplete": "off",
                                  "data-scan-target": True}, validators=[
        DataRequired(_l("Scan or type the asset tag, serial, IMEI, ICCID or phone number.")),
        Length(max=60)],
        description=_l("Asset tag, serial number, IMEI, ICCID or the line's phone number."))


class StaffLendForm(LendForm):
    """Lend a kit to a staff member (a peer support worker working from home or hosting
    groups): the lending form with a staff member in place of the peer and its scan boxes."""

    peer_code = device_code = sim_code = kind = None
    staff_id = IdSelectField(_l("Staff member"),
                             validators=[DataRequired(_l("Choose who borrows it."))],
                             description=_l("Kits lent to staff are shown apart and never counted "
                                            "as peers served."))
    acceptance = SelectField(_l("How they accepted the loan agreement"),
                             choices=vocab.choices(vocab.AGREEMENT_ACCEPTANCE,
                                                   blank=vocab.N_("Choose…")),
                             validators=[InputRequired(_l("Choose how the loan agreement was "
                                                          "accepted."))])
    waitlist_reason = StringField(_l("Why before the waitlist"), filters=[strip], validators=REASON,
                                  description=_l("Needed only when a peer waits for this kind of "
                                                 "kit."))
