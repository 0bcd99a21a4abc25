"""Contracts' outcome targets beside where the term stands (the contract page, the portal,
reports), e.g. 70% of the peers served join a virtual group."""
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import format_decimal, format_percent, gettext

from ..models import vocab
from .disclosure import Withheld


@dataclass
class TargetProgress:
    """A contract's target on an outcome and where its term so far stands."""

    measure: str
    label: str
    target: Decimal
    current: object  # a number, None (nothing measured yet) or Withheld

    @property
    def met(self) -> bool | None:
        """Whether the target is reached (a loneliness change: at or below it)."""
        if self.current is None or isinstance(self.current, Withheld):
            return None
        if self.measure == "loneliness_change":
            return self.current <= self.target
        return self.current >= self.target

    @property
    def shown_target(self) -> str:
        """The aim as people read it (70%, 0.5, 60)."""
        return self._shown(self.target)

    @property
    def shown_current(self) -> str:
        """The current value as people read it."""
        if self.current is None:
            return gettext("not measured yet")
        if isinstance(self.current, Withheld):
            return str(self.current)
        return self._shown(self.current)

    def _shown(self, value) -> str:
        """A number in the reader's form: a share as a percentage (70%, « 70 % »)."""
        if self.measure == "joined_groups_share":
            return format_percent(value / 100, "#,##0.##%")
        return format_decimal(value, "#,##0.##")


def _target_value(measure: str, values: dict):
    """The current value a target is held against, from the term's outcome figures (withheld
    when one it is worked out from is)."""
    keys = {"joined_groups_share": ("joined_groups_share",),
            "training_hours": ("training_hours_one_to_one", "training_hours_groups")}.get(
        measure, (measure,))
    parts = [values[key] for key in keys]
    hidden = next((part for part in parts if isinstance(part, Withheld)), None)
    if hidden is not None or None in parts:
        return hidden
    if measure == "joined_groups_share":
        return round(parts[0] * 100, 1)
    return round(sum(parts), 2)


def target_progress(contract, outcomes: list) -> list[TargetProgress]:
    """The contract's targets beside the term's outcome figures (as the reader may see
    them: a funder's withheld)."""
    values = {f.key: f.value for f in outcomes}
    return [TargetProgress(target.measure, vocab.OUTCOME_TARGETS[target.measure],
                           target.target, _target_value(target.measure, values) if values
                           else None)
            for target in sorted(contract.outcome_targets, key=lambda t: t.measure)]
