"""Sign-in forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


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
