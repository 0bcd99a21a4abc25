"""The form for a new version of the loan agreement."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..validators import strip


class AgreementForm(FlaskForm):
    """The text of a new version."""

    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Agreement text"), filters=[strip],
                         validators=[DataRequired(), Length(max=20_000)],
                         render_kw={"rows": 14},
                         description=_l("Plain words. Blank lines separate paragraphs."))
