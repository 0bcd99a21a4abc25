"""Sign-in forms, and what a person sets on their own account (the morning email, tokens)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange

from ..forms import OnceForm
from ..models import vocab
from ..validators import strip


class LoginForm(FlaskForm):
    """Email and password."""

    email = StringField("Email", validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})



class ForgotForm(FlaskForm):
    """The email of an account whose password was forgotten."""

    email = StringField("Email", validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username", "autofocus": True})


class NewPasswordForm(FlaskForm):
    """A new password, twice."""

    password = PasswordField("New password", validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "new-password"})
    again = PasswordField("The same again", validators=[
        DataRequired(), EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"})


class AccountForm(FlaskForm):
    """What a person chooses about their own account."""

    digest = BooleanField("Email me each morning what needs me that day")
    language = SelectField("Language", choices={"": "As my browser asks", **vocab.LANGUAGES},
                           default="", description="Of these pages and of the email you get.")


class TokenForm(OnceForm):
    """A new API token: what will use it, what it may do, for how long."""

    name = StringField("Name", filters=[strip], validators=[
        DataRequired("Name the token after what will use it."), Length(max=80)],
        description="What will use it, e.g. “CRM sync” or “Quarterly figures sheet”.")
    scope = SelectField("It may", choices=vocab.TOKEN_SCOPES, default="read")
    days = IntegerField("Days it lasts", default=90, validators=[
        InputRequired("Say how many days it lasts."), NumberRange(1, 366)])
