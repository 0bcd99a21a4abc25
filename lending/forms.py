"""Form pieces shared by several features."""
import secrets

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import ValidationError

from .extensions import db


class OnceForm(FlaskForm):
    """A form whose submission creates a record once: a second click finds the first record."""

    form_token = HiddenField(default=lambda: secrets.token_hex(16))

    def validate_form_token(self, field):
        """The token is ours: 32 hex characters."""
        if len(field.data or "") != 32:
            raise ValidationError("Reload the page and try again.")

    def already_saved(self, model):
        """The record an earlier click of this same form created, if any."""
        return db.session.execute(db.select(model).filter_by(
            form_token=self.form_token.data)).scalar_one_or_none()
