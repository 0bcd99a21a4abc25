"""The report figures as people read them: each figure's label and definition (the same on
every page, PDF and workbook), the previous period beside it, and how a value is shown:
"<5" for a few people in funder outputs, percentages, dollars. metrics.py computes them."""
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app

from .metrics import Period, Scope, compute

# key: (label, definition, counts people)
FIGURES = {
    "peers_served": ("Peers served", "Distinct peers with a loan open at any moment in the "
                     "period.", True),
    "new_peers": ("New peers", "Peers served whose first loan ever started in the period.",
                  True),
    "loans_started": ("Loans started", "Loans lent during the period.", False),
    "loans_ended": ("Loans ended", "Loans returned or closed as lost during the period.", False),
    "loans_open_at_end": ("Loans open at period end", "Loans lent by the last day of the "
                          "period and not yet closed that day.", False),
    "average_loan_days": ("Average loan length (days)", "Mean days from lending to closing, "
                          "for loans ended in the period.", False),
    "on_time_rate": ("On-time return rate", "Loans returned on or before their due date, as "
                     "a share of loans returned in the period (losses excluded).", False),
    "lost": ("Lost", "Issues of kind lost, by incident date.", False),
    "stolen": ("Stolen", "Issues of kind stolen, by incident date.", False),
    "damaged": ("Damaged", "Issues of kind damaged, by incident date.", False),
    "loss_value": ("Replacement value lost, stolen or damaged", "Replacement value of the "
                   "devices in those issues.", False),
    "support_sessions": ("Support sessions", "Sessions held in the period (in a contract or "
                         "partner scope: with peers served in that scope).", False),
    "support_minutes": ("Support minutes", "Minutes of those sessions.", False),
    "waitlist_open_at_end": ("Waiting at period end", "Waitlist entries open on the last day "
                             "of the period (program-wide in every scope).", True),
    "median_days_waited": ("Median days waited", "Median wait of the entries served in the "
                           "period (program-wide in every scope).", False),
    "line_months": ("Line-months of data", "Calendar months of service of the data plans in "
                    "scope that fall in the period (a started month counts).", False),
    "plan_cost": ("Data plan cost", "Monthly cost times line-months.", False),
    "cost_per_peer_served": ("Cost per peer served", "Data plan cost divided by peers "
                             "served.", False),
}


RATES = {"on_time_rate"}  # shares, shown as percentages
MONEY = {"loss_value", "plan_cost", "cost_per_peer_served"}


# The one place that decides what a funder may see of a count of people. Every funder output
# (the portal, the PDF, the workbook, a manager's copy of either) goes through these two.
def is_suppressed(value, *, people: bool) -> bool:
    """Whether a funder must not see this value: a count of people from 1 up to the
    threshold less one (0 is shown: nobody is identified by nobody)."""
    threshold = current_app.config["SUPPRESSION_THRESHOLD"]
    return people and isinstance(value, int) and 0 < value < threshold


def suppression_rule() -> str:
    """The rule in words, for the outputs that state it."""
    threshold = current_app.config["SUPPRESSION_THRESHOLD"]
    return f'counts of people below {threshold} show as "<{threshold}"'


def for_funder(value, *, people: bool):
    """The value as a funder may see it: "<N" (text) for a suppressed count, else the value
    itself (a number stays a number)."""
    if is_suppressed(value, people=people):
        return f"<{current_app.config['SUPPRESSION_THRESHOLD']}"
    return value


@dataclass
class Figure:
    """One figure with the previous period beside it."""

    key: str
    label: str
    definition: str
    people: bool
    value: object
    previous: object

    @property
    def change(self):
        """Value minus previous, where both are numbers."""
        if isinstance(self.value, (int, float, Decimal)) and isinstance(
                self.previous, (int, float, Decimal)):
            return self.value - self.previous
        return None

    def masked(self) -> bool:
        """Whether a funder must not see this figure's change: one of the two values is
        suppressed, and the change would give it away."""
        return any(is_suppressed(value, people=self.people)
                   for value in (self.value, self.previous))

    def shown(self, value, suppress=True) -> str:
        """One of this figure's values as people read it: "<5" for a few people (when
        suppressing), rates as percentages, money with two decimals, a dash for none."""
        if value is None:
            return "—"
        if suppress and is_suppressed(value, people=self.people):
            return for_funder(value, people=True)
        if self.key in RATES:
            return f"{value:.0%}"
        if self.key in MONEY:
            return f"${value:,.2f}"
        return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"

    def shown_change(self, suppress=True) -> str:
        """The change as people read it: percentage points for rates, a dash when masked."""
        change = self.change
        if change is None or (suppress and self.masked()):
            return "—"
        if not change:
            return "0"
        if self.key in RATES:
            return f"{change * 100:+.0f} pts"
        if self.key in MONEY:
            return f"{'+' if change >= 0 else '-'}${abs(change):,.2f}"
        return f"{change:+,.1f}" if isinstance(change, float) else f"{change:+,}"


def paired(now: dict, before: dict) -> list[Figure]:
    """Figures from the computed values of a period and of the one before it."""
    return [Figure(key, label, definition, people, now[key], before[key])
            for key, (label, definition, people) in FIGURES.items()]


def report_figures(period: Period, scope: Scope, *, compare=True) -> list[Figure]:
    """Every figure for the period, with the previous period of the same length (or, when
    not comparing, with no previous values)."""
    now = compute(period, scope)
    return paired(now, compute(period.previous(), scope) if compare else dict.fromkeys(now))
