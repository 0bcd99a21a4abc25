"""The form for a new version of the loan agreement."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..validators import strip


class AgreementForm(FlaskForm):
    """The text of a new version, in English and (for peers who read French) in French."""

    title = StringField(_l("Title, in English"), filters=[strip],
                        validators=[DataRequired(), Length(max=200)],
                        render_kw={"lang": "en"})
    body = TextAreaField(_l("Agreement text, in English"), filters=[strip],
                         validators=[DataRequired(), Length(max=20_000)],
                         render_kw={"rows": 14, "lang": "en"},
                         description=_l("Plain words. Blank lines separate paragraphs."))
    title_fr = StringField(_l("Title, in French"), filters=[strip],
                           validators=[Optional(), Length(max=200)], render_kw={"lang": "fr"})
    body_fr = TextAreaField(_l("Agreement text, in French"), filters=[strip],
                            validators=[Optional(), Length(max=20_000)],
                            render_kw={"rows": 14, "lang": "fr"},
                            description=_l("Printed for peers who read French. Leave both French "
                                           "boxes empty to print the English for everyone."))
