"""How the API shows figures: as a funder sees them in the reports and the portal, every
count that would give a small number of people away withheld (reporting/disclosure.py)."""
import marshmallow as ma
from marshmallow import fields
from marshmallow.utils import get_value

from ..reporting.disclosure import Withheld
from .schemas import Decimal, Instant


class Amount(fields.Float):
    """A figure's number, or null where it is withheld (see `shown`) or there is none."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None or isinstance(value, Withheld):
            return None
        return super()._serialize(value, attr, obj, **kwargs)


def shown(name: str, **kwargs) -> fields.Function:
    """A field's number as people read it, or the mark of a withheld one ("<5",
    "withheld")."""
    def text(obj):
        value = get_value(obj, name)
        return None if value is None else str(value)
    return fields.Function(text, metadata={"type": "string"}, **kwargs)


class FigureSchema(ma.Schema):
    key = fields.String()
    label = fields.String()
    definition = fields.String()
    value = Amount(allow_none=True)
    shown = fields.Function(lambda figure: figure.shown(figure.value))
    previous = Amount(allow_none=True)
    previous_shown = fields.Function(lambda figure: figure.shown(figure.previous))


class ProgressSchema(ma.Schema):
    kind = fields.String()
    committed = fields.Integer()
    delivered = Amount(allow_none=True)
    delivered_shown = shown("delivered")
    expected_by_now = fields.Integer()


class TargetSchema(ma.Schema):
    measure = fields.String()
    label = fields.String()
    target = Decimal()
    current = Amount(allow_none=True)
    current_shown = shown("current")
    met = fields.Boolean(allow_none=True)


class ReachSchema(ma.Schema):
    group = fields.String()
    peers_served = Amount(allow_none=True)
    peers_served_shown = shown("peers_served")


class MonthSchema(ma.Schema):
    month = fields.String()
    loans_started = Amount(allow_none=True)
    loans_started_shown = shown("loans_started")


class DeliveredSchema(ProgressSchema):
    contract = fields.String(metadata={"description": "The contract's reference."})


class ContractProgressSchema(ma.Schema):
    contract_id = fields.Integer()
    peers_served = Amount(allow_none=True)
    peers_served_shown = shown("peers_served")
    items_provided = fields.Integer()
    items_lent = Amount(allow_none=True)
    deliverables = fields.List(fields.Nested(ProgressSchema))
    figures = fields.List(fields.Nested(FigureSchema), metadata={
        "description": "The report figures for the term so far."})
    outcomes = fields.List(fields.Nested(FigureSchema))
    reach = fields.List(fields.Nested(ReachSchema))
    targets = fields.List(fields.Nested(TargetSchema))
    computed_at = Instant()


class FiguresSchema(ma.Schema):
    period_start = fields.Date()
    period_end = fields.Date()
    scope = fields.String()
    figures = fields.List(fields.Nested(FigureSchema), metadata={
        "description": "Each with the period before (`previous`) beside it."})
    outcomes = fields.List(fields.Nested(FigureSchema))
    reach = fields.List(fields.Nested(ReachSchema))
    loans_by_month = fields.List(fields.Nested(MonthSchema))
    deliverables = fields.List(fields.Nested(DeliveredSchema))
    targets = fields.List(fields.Nested(TargetSchema))
