"""The forms of a stock count: which place to count, and a box to scan into."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..validators import IdSelectField, strip


class StartCountForm(FlaskForm):
    """Which place to count (or everything)."""

    place_id = IdSelectField(_l("Count"),
                             description=_l("One place, or every item wherever it is."))


class ScanForm(FlaskForm):
    """A code scanned (or typed) into a count."""

    code = StringField(_l("Scan or type an item"), filters=[strip], validators=[
        DataRequired(_l("Scan or type an item's code.")), Length(max=300)],
        render_kw={"autofocus": True, "autocomplete": "off", "data-scan-target": True},
        description=_l("Asset tag, serial, IMEI, ICCID or the code on its label."))
