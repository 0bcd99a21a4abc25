"""What a funder may see of the numbers in an output: the one place that decides it.

A count of people from 1 to N-1 (N = SUPPRESSION_THRESHOLD, 5 by default) shows as "<N". That
alone is not enough: other numbers of the same output can give such a count away, by a sum of
its parts (loans per month add up to the loans started), by a difference (this period's
change), by a bound (no more peers served than loans open) or by a formula (cost per peer
served). An output declares its numbers as cells and how they relate; `withhold` hides the
small counts and then, one at a time, the fewest other cells needed so that no hidden count can
be worked out exactly from what is shown. Those others show as "withheld". docs/privacy.md
states the rules; tests/test_disclosure.py tries to undo them.
"""
from collections.abc import Hashable
from dataclasses import dataclass, field

import highspy
from flask import current_app
from flask_babel import gettext

from ..models.vocab import N_


@dataclass(frozen=True)
class Withheld:
    """A number a funder may not see, and the mark shown in its place."""

    mark: str

    def __str__(self) -> str:
        return gettext(self.mark) if self.mark else ""


WITHHELD = Withheld(N_("withheld"))
NOT_SHOWN = Withheld("")  # a number the output does not print, but that its others relate to


def threshold() -> int:
    """Counts of people below this are never shown to a funder."""
    return current_app.config["SUPPRESSION_THRESHOLD"]


def suppression_rule() -> str:
    """The rule in words, for the outputs that state it."""
    return gettext('counts of people below %(n)d show as "<%(n)d", and numbers that would '
                   'give one away as "%(withheld)s"', n=threshold(), withheld=WITHHELD)


@dataclass
class Cells:
    """The numbers of one output, what each is, and how they relate."""

    values: dict = field(default_factory=dict)
    people: set = field(default_factory=set)  # counts of people
    signed: set = field(default_factory=set)  # may be below zero (changes)
    unshown: set = field(default_factory=set)
    equations: list = field(default_factory=list)  # {cell: coefficient}, summing to zero
    bounds: list = field(default_factory=list)  # {cell: coefficient}, summing to zero or less
    derived: list = field(default_factory=list)  # (cell, the cells it is computed from)

    def add(self, name: Hashable, value, *, people=False, signed=False, shown=True):
        """A number of the output (None, text and rates are not counts: left out)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) and \
                not hasattr(value, "as_integer_ratio"):
            return
        self.values[name] = value
        if people:
            self.people.add(name)
        if signed:
            self.signed.add(name)
        if not shown:
            self.unshown.add(name)

    def balance(self, terms: dict):
        """The cells, each times its coefficient, add up to zero."""
        self._relate(self.equations, terms)

    def total(self, total: Hashable, parts):
        """`total` is the sum of `parts`."""
        self.balance({total: -1, **dict.fromkeys(parts, 1)})

    def difference(self, change: Hashable, now: Hashable, before: Hashable):
        """`change` is `now` minus `before`."""
        self.balance({change: -1, now: 1, before: -1})

    def equal(self, one: Hashable, other: Hashable):
        """Two cells hold the same number."""
        self.balance({one: 1, other: -1})

    def at_most(self, smaller: Hashable, larger_parts):
        """`smaller` is never more than the sum of `larger_parts`."""
        self._relate(self.bounds, {smaller: 1, **{p: -1 for p in larger_parts}})

    def computed_from(self, result: Hashable, sources):
        """`result` is worked out from `sources` (a ratio, say): hidden with any of them."""
        self.derived.append((result, tuple(sources)))

    def _relate(self, relations: list, terms: dict):
        if all(name in self.values for name in terms):
            relations.append(terms)


def withhold(cells: Cells) -> dict:
    """{cell: Withheld} for every cell a funder must not see (unshown cells left out)."""
    limit = threshold()
    small = Withheld(f"<{limit}")
    hidden = {name: small for name in cells.people if 0 < cells.values[name] < limit}
    protected = list(hidden)
    hidden.update(dict.fromkeys(cells.unshown, NOT_SHOWN))
    while True:
        for result, sources in cells.derived:
            if result in cells.values and result not in hidden and \
                    any(source in hidden for source in sources):
                hidden[result] = WITHHELD
        exposed = _worked_out(cells, hidden, protected, limit)
        if exposed is None:
            return {name: mark for name, mark in hidden.items() if mark is not NOT_SHOWN}
        hidden[_complement(cells, hidden, exposed, limit)] = WITHHELD


def _worked_out(cells, hidden, protected, limit):
    """A protected cell that has the same number in every reading of the output that fits
    what it shows, or None."""
    if limit <= 2:  # "<2" says 1 by itself: nothing more to protect
        return None
    model, unknown = _readings(cells, hidden, limit)
    return next((name for name in protected if _pinned(model, unknown[name])), None)


def _readings(cells, hidden, limit):
    """Every reading of the output that fits what it shows, as an integer program (HiGHS):
    its marks ("<5": 1 to 4; "withheld": anything), its shown cells and every relation.
    Returns the model and {hidden cell: its variable}."""
    model = highspy.Highs()
    model.silent()
    unknown = {}
    for name, mark in hidden.items():
        low, high = (1, limit - 1) if mark.mark.startswith("<") else \
            (-highspy.kHighsInf if name in cells.signed else 0, highspy.kHighsInf)
        unknown[name] = (model.addIntegral if isinstance(cells.values[name], int)
                         else model.addVariable)(lb=low, ub=high)
    for terms, exact in [(t, True) for t in cells.equations] + [(t, False) for t in cells.bounds]:
        if any(name in hidden for name in terms):
            known = sum(float(cells.values[n]) * c for n, c in terms.items() if n not in hidden)
            expression = sum(c * unknown[n] for n, c in terms.items() if n in hidden)
            model.addConstr(expression == -known if exact else expression <= -known)
    return model, unknown


def _pinned(model, variable) -> bool:
    """Whether the variable takes one value only, in every reading (its least and most)."""
    model.minimize(variable)
    lowest = model.val(variable)
    model.maximize(variable)
    return round(model.val(variable) - lowest, 6) == 0


def _complement(cells, hidden, exposed, limit):
    """The shown cell to withhold so that `exposed` can no longer be worked out: of the shown
    cells that constrain it (directly, or through hidden cells), the smallest that is enough
    on its own; else the smallest, and the search goes on."""
    relations = cells.equations + cells.bounds
    reached, frontier, shown = {exposed}, [exposed], set()
    while frontier:
        linked = {name for terms in relations if any(n in terms for n in frontier)
                  for name in terms} - reached
        reached |= linked
        shown |= {name for name in linked if name not in hidden}
        frontier = [name for name in linked if name in hidden]
    if not shown:
        raise RuntimeError(f"{exposed} can be worked out, and nothing shown is left to withhold")
    candidates = sorted(shown, key=lambda name: (cells.values[name] == 0,
                                                 abs(cells.values[name]), str(name)))
    for name in candidates:
        model, unknown = _readings(cells, {**hidden, name: WITHHELD}, limit)
        if not _pinned(model, unknown[exposed]):
            return name
    return candidates[0]
