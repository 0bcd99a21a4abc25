"""The form that asks how labels are printed."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from .layouts import DEFAULT, LAYOUTS


class LabelsForm(FlaskForm):
    """The label stock, where to start on a partly used sheet, and what to add."""

    layout = SelectField(_l("Labels"), choices={key: layout.title for key, layout in
                                            LAYOUTS.items()}, default=DEFAULT,
                         validators=[InputRequired()])
    start = IntegerField(_l("Start at label"), default=1, validators=[
        InputRequired(_l("Give the position of the first free label.")),
        NumberRange(min=1, message=_l("Positions count from 1, the top left label."))],
        description=_l("On a partly used sheet: the first free label, counting along the rows "
                       "from the top left."))
    show_place = BooleanField(_l("Print where each item is kept"))

    def validate_start(self, field):
        """The first label is on the sheet."""
        per_page = LAYOUTS[self.layout.data].per_page if self.layout.data in LAYOUTS else 1
        if field.data and field.data > per_page:
            raise ValidationError(_l("This sheet holds %(per_page)s labels; start at 1 to "
                                     "%(per_page)s.", per_page=per_page))
