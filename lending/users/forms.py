"""Forms for accounts: create, change role, reset password."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from ..auth.operations import normalize_email
from ..auth.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from ..models import User, vocab
from ..validators import IdSelectField, Unique, strip
from .operations import email_problem, partner_problem

# The menu's order, the least powerful role of the organization's own people first (and the
# default); a funder's account belongs to an outside partner and is chosen on purpose.
ROLE_CHOICES = {role: vocab.ROLES[role] for role in ("staff", "manager", "funder")}


def _email(value):
    """Emails are stored without case or surrounding spaces."""
    return normalize_email(value) if isinstance(value, str) else ""


class IdentityFields(FlaskForm):
    """Who the account is for (declared first, so that the form asks for it first)."""

    email = StringField(_l("Email"), filters=[_email], validators=[
        DataRequired(), Length(max=254),
        Unique(User.email, _l("An account with this email already exists."))],
        description=_l("How they sign in."), render_kw={"autocomplete": "off"})
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=120)])

    def validate_email(self, field):
        """It must look like an email address (it is how people sign in)."""
        problem = email_problem(field.data)
        if problem:
            raise ValidationError(problem)


class RoleFields(FlaskForm):
    """A role, and the partner a funder belongs to."""

    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="staff",
                       validators=[InputRequired()])
    partner_id = IdSelectField(_l("Partner (funders only)"),
                               description=_l("A funder sees only this partner's contracts and "
                                              "reports. Leave empty for staff and managers."))

    def validate_partner_id(self, field):
        """A funder belongs to exactly one partner; nobody else belongs to one."""
        problem = partner_problem(self.role.data, field.data)
        if problem:
            raise ValidationError(problem)


class PasswordFields(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField(_l("Password"), validators=[
        DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH,
                               message=_l("Use %(min_length)s to %(max_length)s characters.",
                                          min_length=MIN_LENGTH, max_length=MAX_LENGTH))],
        description=_l("At least 8 characters; a few unrelated words make a good one. "
                       "Common passwords are refused."),
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Password again"), validators=[
        EqualTo("password", message=_l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"})

    def validate_password(self, field):
        """Not a common or easily guessed password (nor the account's own email or name)."""
        problem = password_problem(field.data, user_inputs=(
            getattr(self, "email", None) and self.email.data,
            getattr(self, "name", None) and self.name.data))
        if problem:
            raise ValidationError(problem)


class NewUserForm(IdentityFields, RoleFields, PasswordFields):
    """A new account: who it is, then the role, then the first password (fields are shown
    in the order they are declared)."""


class EditUserForm(RoleFields):
    """A name and role change."""

    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=120)])


class ResetPasswordForm(PasswordFields):
    """A manager sets a new password for someone."""
