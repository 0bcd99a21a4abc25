"""A reader who wants a withheld count of people back. Written apart from the app: it reads
only what a funder's output shows, knows how report figures relate (from docs/domain.md, not
from the app's code), and tries every value that "<5" could stand for. A count is recovered
when exactly one value fits everything shown."""
import itertools
import re
from decimal import Decimal

import highspy

SMALL, WITHHELD = "<5", "withheld"
BIG = 10**7  # room for a withheld number


def number(shown):
    """What a shown cell says: a number, a mark, or None for a dash or a blank."""
    if shown is None or isinstance(shown, (int, Decimal)):
        return shown
    if isinstance(shown, float):  # a spreadsheet's number: money to the cent
        return Decimal(str(round(shown, 6)))
    text = str(shown).strip()
    if text in (SMALL, WITHHELD):
        return text
    if text in ("", "—"):
        return None
    digits = re.sub(r"[,$\s]|pts$", "", text)
    return Decimal(digits.rstrip("%")) / (100 if digits.endswith("%") else 1)


class Reader:
    """What one output shows (cells by name) and the relations a reader knows."""

    def __init__(self, cells: dict):
        self.cells = {name: number(value) for name, value in cells.items()}
        self.equal, self.at_most = [], []  # {name: coefficient}: = 0, or <= 0
        self.ratios = []  # (ratio, numerator, denominator): ratio = numerator / denominator
        self.ratio_changes = []  # (change, ratio now, ratio before)

    def balance(self, terms: dict):
        if all(self.cells.get(name) is not None for name in terms):
            self.equal.append(terms)

    def bound(self, smaller, larger: list):
        if all(self.cells.get(name) is not None for name in [smaller, *larger]):
            self.at_most.append({smaller: 1, **{name: -1 for name in larger}})

    def ratio(self, ratio, numerator, denominator):
        if all(self.cells.get(name) is not None for name in (ratio, numerator, denominator)):
            self.ratios.append((ratio, numerator, denominator))

    def ratio_change(self, change, now, before):
        """`change` is the difference of two ratios (each declared with `ratio`)."""
        if self.cells.get(change) is not None:
            self.ratio_changes.append((change, now, before))

    def recovered(self) -> dict:
        """{cell: its value} for every "<5" cell that only one value fits."""
        found = {}
        for name in [n for n, value in self.cells.items() if value == SMALL]:
            fits = [v for v in range(1, 5) if self._fits({name: v})]
            assert fits, f"nothing fits {name}: the reader's relations are wrong"
            if len(fits) == 1:
                found[name] = fits[0]
        return found

    def _fits(self, fixed: dict) -> bool:
        """Whether some reading of the hidden cells fits everything, with `fixed` values."""
        # Ratios are not linear: try each small count their denominators could be.
        small_denominators = sorted({d for _, _, d in self.ratios
                                     if self.cells[d] == SMALL and d not in fixed}, key=str)
        for values in itertools.product(range(1, 5), repeat=len(small_denominators)):
            trial = {**fixed, **dict(zip(small_denominators, values, strict=True))}
            if self._ratios_fit(trial) and self._linear_fits(trial):
                return True
        return False

    def _ratios_fit(self, trial) -> bool:
        """Each ratio shown, and each change of two, agrees with the trial's denominators."""
        worked = {}
        for ratio, numerator, denominator in self.ratios:
            top, bottom = self.cells[numerator], trial.get(denominator, self.cells[denominator])
            if isinstance(top, int | Decimal) and isinstance(bottom, int | Decimal) and bottom:
                worked[ratio] = round(Decimal(top) / bottom, 2)
                if isinstance(self.cells[ratio], Decimal) and worked[ratio] != self.cells[ratio]:
                    return False
        for change, now, before in self.ratio_changes:
            if isinstance(self.cells[change], Decimal) and now in worked and before in worked \
                    and worked[now] - worked[before] != self.cells[change]:
                return False
        return True

    def _linear_fits(self, trial) -> bool:
        model = highspy.Highs()
        model.silent()
        unknown = {}
        for name, value in self.cells.items():
            if name in trial:
                unknown[name] = model.addIntegral(lb=trial[name], ub=trial[name])
            elif value == SMALL:
                unknown[name] = model.addIntegral(lb=1, ub=4)
            elif value == WITHHELD:
                low = -BIG if name[0] == "change" else 0
                unknown[name] = model.addVariable(lb=low, ub=BIG)
        for terms, exact in [(t, True) for t in self.equal] + [(t, False) for t in self.at_most]:
            known = sum(float(self.cells[n]) * c for n, c in terms.items() if n not in unknown)
            expression = sum(c * unknown[n] for n, c in terms.items() if n in unknown)
            if isinstance(expression, int):  # nothing hidden in it
                if (abs(known) > 1e-6) if exact else known > 1e-6:
                    return False
                continue
            model.addConstr(expression == -known if exact else expression <= -known)
        model.run()
        return model.getModelStatus() == highspy.HighsModelStatus.kOptimal


def relate_figures(reader: Reader, columns=("now", "before")):
    """What docs/domain.md says of the report figures, as relations between shown cells."""
    for column in columns:
        reader.bound((column, "peers_served"), [(column, "loans_ended"),
                                               (column, "loans_open_at_end")])
        reader.bound((column, "new_peers"), [(column, "loans_started")])
        reader.bound((column, "new_peers"), [(column, "peers_served")])
        reader.ratio((column, "cost_per_peer_served"), (column, "plan_cost"),
                     (column, "peers_served"))
    if "before" in columns:
        reader.ratio_change(("change", "cost_per_peer_served"), ("now", "cost_per_peer_served"),
                            ("before", "cost_per_peer_served"))
        reader.balance({("before", "loans_open_at_end"): 1, ("now", "loans_started"): 1,
                        ("now", "loans_ended"): -1, ("now", "loans_open_at_end"): -1})
        for name in list(reader.cells):
            if name[0] == "change" and name[1] not in ("on_time_rate", "cost_per_peer_served",
                                                       "joined_groups_share"):
                reader.balance({("change", name[1]): -1, ("now", name[1]): 1,
                                ("before", name[1]): -1})


def relate_outcomes(reader: Reader, columns=("now", "before")):
    """What docs/domain.md says of the outcome figures: those asked about groups, and those
    measured twice, are peers served; who joined were asked; the share is one over the other;
    the peers served in a priority group are peers served."""
    for column in columns:
        served = (column, "peers_served")
        reader.bound((column, "joined_groups"), [(column, "groups_answered")])
        for key in ("groups_answered", "confidence_n", "loneliness_n"):
            reader.bound((column, key), [served])
        reader.ratio((column, "joined_groups_share"), (column, "joined_groups"),
                     (column, "groups_answered"))
        for name in list(reader.cells):
            if name[:2] == ("reach", column):
                reader.bound(name, [served])
