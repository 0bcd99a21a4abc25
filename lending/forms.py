"""Form pieces shared by several features."""
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from .extensions import db
from .models import Peer
from .models.peers import is_valid_peer_code
from .refusals import RuleError


class OnceForm(FlaskForm):
    """A form whose submission creates a record once: a second click, or the same form sent
    twice at the same moment, finds the first record."""

    form_token = HiddenField(default=lambda: secrets.token_hex(16))

    def validate_form_token(self, field):
        """The token is ours: 32 hex characters."""
        if len(field.data or "") != 32:
            raise ValidationError(_l("Reload the page and try again."))

    def already_saved(self, model):
        """The record an earlier click of this same form created, if any."""
        return db.session.execute(db.select(model).filter_by(
            form_token=self.form_token.data)).scalar_one_or_none()

    def save_once(self, model, create):
        """(record, created): the record `create()` makes, or the one this form already made.

        Two submissions of one form can arrive together (a double click on a slow line). Both
        pass the first look-up; the second insert then meets the unique index on form_token
        and fails. That request's unit of work is given up (nothing else was in it) and the
        winner's record, committed by then, is returned instead of an error.
        """
        earlier = self.already_saved(model)
        if earlier is not None:
            return earlier, False
        try:
            record = create()
            db.session.flush()
        except (IntegrityError, RuleError):
            db.session.rollback()
            earlier = self.already_saved(model)
            if earlier is None:
                raise
            return earlier, False
        return record, True


def _upper(value):
    """Peer codes are compared in capitals."""
    return value.strip().upper() if isinstance(value, str) else value


PEER_CODE = _l("Peer code")


class PeerCodeField(StringField):
    """A typed peer code, checked and resolved to its peer (as `field.peer`)."""

    def __init__(self, label=PEER_CODE, **kwargs):
        super().__init__(label, filters=[_upper], validators=[DataRequired(), Length(max=12)],
                         **kwargs)
        self.peer = None

    def pre_validate(self, form):
        """Check the shape and the check character, then find the peer."""
        if not self.data:
            return
        if not is_valid_peer_code(self.data):
            raise ValidationError(_l("This is not a valid peer code; check it for a typo "
                                     "(codes look like P-7KQ4MZH)."))
        self.peer = db.session.execute(
            db.select(Peer).filter_by(code=self.data)).scalar_one_or_none()
        if self.peer is None:
            raise ValidationError(_l("No peer has this code."))
