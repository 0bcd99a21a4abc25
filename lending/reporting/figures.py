"""The report figures as people read them: each figure's label and definition (the same on
every page, PDF and workbook), the previous period beside it, and how a value is shown:
percentages, dollars, a withheld number's mark; how they relate, for disclosure.py.
metrics.py computes them."""
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import format_currency, format_decimal, format_percent, gettext

from ..models.vocab import N_
from .disclosure import Cells, Withheld
from .metrics import Period, Scope, compute

# key: (label, definition, counts people)
FIGURES = {
    "peers_served": (
        N_("Peers served"),
        N_("Distinct peers with a loan open at any moment in the period."), True),
    "new_peers": (
        N_("New peers"),
        N_("Peers served whose first loan ever started in the period."), True),
    "loans_started": (
        N_("Loans started"),
        N_("Loans lent during the period."), False),
    "loans_ended": (
        N_("Loans ended"),
        N_("Loans returned or closed as lost during the period."), False),
    "loans_open_at_end": (
        N_("Loans open at period end"),
        N_("Loans lent by the last day of the period and not yet closed that day."), False),
    "average_loan_days": (
        N_("Average loan length (days)"),
        N_("Mean days from lending to closing, for loans ended in the period."), False),
    "on_time_rate": (
        N_("On-time return rate"),
        N_("Loans returned on or before their due date, as a share of loans returned in "
           "the period (losses excluded)."), False),
    "lost": (
        N_("Lost"),
        N_("Issues of kind lost, by incident date."), False),
    "stolen": (
        N_("Stolen"),
        N_("Issues of kind stolen, by incident date."), False),
    "damaged": (
        N_("Damaged"),
        N_("Issues of kind damaged, by incident date."), False),
    "loss_value": (
        N_("Replacement value lost, stolen or damaged"),
        N_("Replacement value of the devices in those issues."), False),
    "support_sessions": (
        N_("Support sessions"),
        N_("Sessions held in the period (in a contract or partner scope: with peers "
           "served in that scope)."), False),
    "support_minutes": (
        N_("Support minutes"),
        N_("Minutes of those sessions."), False),
    "waitlist_open_at_end": (
        N_("Waiting at period end"),
        N_("Waitlist entries open on the last day of the period (program-wide in every "
           "scope)."), True),
    "median_days_waited": (
        N_("Median days waited"),
        N_("Median wait of the entries served in the period (program-wide in every "
           "scope)."), False),
    "line_months": (
        N_("Line-months of data"),
        N_("Calendar months of service of the data plans in scope that fall in the "
           "period (a started month counts)."), False),
    "plan_cost": (
        N_("Data plan cost"),
        N_("Monthly cost times line-months."), False),
    "cost_per_peer_served": (
        N_("Cost per peer served"),
        N_("Data plan cost divided by peers served."), False),
}


# What the devices changed and for whom (reporting/outcomes.py computes them), in the same
# form: key: (label, definition, counts people).
OUTCOMES = {
    "groups_answered": (
        N_("Peers asked about virtual groups"),
        N_("Peers served in the period who answered the virtual-groups question at a "
           "follow-up or return check-in held on or after their first loan and by the "
           "period's end."), True),
    "joined_groups": (
        N_("Peers who joined virtual groups"),
        N_("Of those, peers who named at least one virtual group (peer support, phone "
           "line, social or recreation, training) at such a check-in."), True),
    "joined_groups_share": (
        N_("Share who joined virtual groups"),
        N_("Peers who joined virtual groups as a share of the peers asked."), False),
    "confidence_n": (
        N_("Peers with confidence measured twice"),
        N_("Peers served in the period with a confidence answer (1 to 5) at lending and "
           "one at a follow-up or return on or after it, by the period's end."), True),
    "confidence_change": (
        N_("Change in confidence (points)"),
        N_("For those peers, the mean of their latest follow-up or return answer minus "
           "their first answer at lending."), False),
    "loneliness_n": (
        N_("Peers with loneliness measured twice"),
        N_("As for confidence, with the 3-item loneliness score (each item 1 to 3, a "
           "score of 3 to 9, counted only when all three were answered)."), True),
    "loneliness_change": (
        N_("Change in loneliness score (points)"),
        N_("For those peers, the mean of their latest score minus their first at "
           "lending; below zero is less lonely."), False),
    "training_hours_one_to_one": (
        N_("Training hours, one-to-one"),
        N_("Support minutes (see Support sessions) divided by 60."), False),
    "group_sessions": (
        N_("Group sessions"),
        N_("Group training or support sessions held in the period (in a contract or "
           "partner scope: with a peer served in that scope attending)."), False),
    "training_hours_groups": (
        N_("Training hours, in groups"),
        N_("Minutes of those sessions divided by 60, each session counted once however "
           "many attended."), False),
    "staff_equipped": (
        N_("Staff equipped"),
        N_("Distinct staff members with a kit open at any moment of the period (in a "
           "scope: a kit with one of its items). Never counted as peers served."), True),
    "staff_loans": (
        N_("Kits lent to staff"),
        N_("Kits lent to staff members during the period."), False),
}
REACH_DEFINITION = N_("Peers served in the period who said they belong to the group "
                      "(optional and self-identified, kept with their consent; a peer may be "
                      "in several groups or none).")

RATES = {"on_time_rate", "joined_groups_share"}  # shares, shown as percentages
MONEY = {"loss_value", "plan_cost", "cost_per_peer_served"}
POINTS = {"confidence_change", "loneliness_change"}  # mean changes, shown signed


SIGNED = "+#,##0.00;-#,##0.00"  # a change in points (of a 1-5 scale, of loneliness)


@dataclass
class Figure:
    """One figure with the previous period and the change beside it. In a funder's output any
    of the three may be `Withheld` (disclosure.py), shown as its mark."""

    key: str
    label: str
    definition: str
    people: bool
    value: object
    previous: object
    change: object = None  # value minus previous, where both are numbers

    def shown(self, value) -> str:
        """One of this figure's values as people read it: rates as percentages, money with
        two decimals, a dash for none, the mark of a withheld number."""
        if value is None:
            return "—"
        if isinstance(value, Withheld):
            return str(value)
        if self.key in RATES:
            return format_percent(value)
        if self.key in MONEY:
            return format_currency(value, "CAD")
        if self.key in POINTS:
            return format_decimal(value, SIGNED)
        return format_decimal(value, "#,##0.0" if isinstance(value, float) else "#,##0")

    def shown_change(self) -> str:
        """The change as people read it: percentage points for rates, signed money."""
        change = self.change
        if change is None:
            return "—"
        if isinstance(change, Withheld):
            return str(change)
        if not change:
            return "0"
        if self.key in RATES:
            return gettext("%(points)s pts", points=format_decimal(change * 100, "+#,##0;-#,##0"))
        if self.key in MONEY:
            return ("+" if change >= 0 else "-") + format_currency(abs(change), "CAD")
        if self.key in POINTS:
            return format_decimal(change, SIGNED)
        return format_decimal(change, "+#,##0.0;-#,##0.0" if isinstance(change, float)
                              else "+#,##0;-#,##0")


def _difference(value, previous):
    """value - previous, where both are numbers."""
    numbers = (int, float, Decimal)
    return value - previous if isinstance(value, numbers) and isinstance(previous, numbers) \
        else None


def paired(now: dict, before: dict, definitions=None) -> list[Figure]:
    """Figures from the computed values of a period and of the one before it (the report
    figures, or other `definitions`: reporting/outcomes.py's)."""
    return [Figure(key, label, definition, people, now[key], before[key],
                   _difference(now[key], before[key]))
            for key, (label, definition, people) in (definitions or FIGURES).items()]


def report_figures(period: Period, scope: Scope, *, compare=True) -> list[Figure]:
    """Every figure for the period, with the previous period of the same length (or, when
    not comparing, with no previous values)."""
    now = compute(period, scope)
    return paired(now, compute(period.previous(), scope) if compare else dict.fromkeys(now))


def relate(cells: Cells, figures: list[Figure]) -> None:
    """Add the figures to an output's cells, with what a reader knows of how they relate:
    ("now", key), ("before", key) and ("change", key)."""
    for f in figures:
        cells.add(("now", f.key), f.value, people=f.people)
        cells.add(("before", f.key), f.previous, people=f.people)
        cells.add(("change", f.key), f.change, signed=True)
        cells.difference(("change", f.key), ("now", f.key), ("before", f.key))
    for column in ("now", "before"):
        # Peers served had a loan open in the period: one that ended in it or is still open.
        cells.at_most((column, "peers_served"),
                      [(column, "loans_ended"), (column, "loans_open_at_end")])
        cells.at_most((column, "new_peers"), [(column, "loans_started")])
        cells.at_most((column, "new_peers"), [(column, "peers_served")])
        cells.computed_from((column, "cost_per_peer_served"),
                            [(column, "peers_served"), (column, "plan_cost")])
    # A ratio's change is no difference of counts: with both ratios withheld, it could still
    # be solved for the two counts of people.
    cells.computed_from(("change", "cost_per_peer_served"),
                        [("now", "cost_per_peer_served"), ("before", "cost_per_peer_served")])
    # Open at the end = open when the previous period ended + started - ended.
    cells.balance({("before", "loans_open_at_end"): 1, ("now", "loans_started"): 1,
                   ("now", "loans_ended"): -1, ("now", "loans_open_at_end"): -1})
