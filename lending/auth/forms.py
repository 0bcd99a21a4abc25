"""Sign-in forms, and what a person sets on their own account (the morning email, tokens)."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange

from ..forms import OnceForm
from ..models import vocab
from ..validators import strip


class LoginForm(FlaskForm):
    """Email and password."""

    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})



class ForgotForm(FlaskForm):
    """The email of an account whose password was forgotten."""

    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username", "autofocus": True})


class NewPasswordForm(FlaskForm):
    """A new password, twice."""

    password = PasswordField(_l("New password"),
                             validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "new-password"})
    again = PasswordField(_l("The same again"), validators=[
        DataRequired(), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class AccountForm(FlaskForm):
    """What a person chooses about their own account."""

    digest = BooleanField(_l("Email me each morning what needs me that day"))
    language = SelectField(_l("Language"), default="",
                           description=_l("Of these pages and of the email you get."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Words in the person's language, made now (choices take plain strings).
        self.language.choices = {"": gettext("As my browser asks"), **vocab.LANGUAGES}


class TokenForm(OnceForm):
    """A new API token: what will use it, what it may do, for how long."""

    name = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(_l("Name the token after what will use it.")), Length(max=80)],
        description=_l("What will use it, e.g. “CRM sync” or “Quarterly figures sheet”."))
    scope = SelectField(_l("It may"), choices=vocab.TOKEN_SCOPES, default="read")
    days = IntegerField(_l("Days it lasts"), default=90, validators=[
        InputRequired(_l("Say how many days it lasts.")), NumberRange(1, 366)])
