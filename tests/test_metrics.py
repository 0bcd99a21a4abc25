"""Report figures against a small program whose answers are worked out by hand."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from lending.extensions import db
from lending.models import Issue, SupportSession, WaitlistEntry
from lending.reporting.metrics import Period, Scope, compute, report_figures

from . import factories

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def _loan(staff, peer, lent_on, due, returned_on=None, status=None, device=None):
    """A loan with the dates and outcome the scenario needs."""
    loan = factories.lend(peer, by=staff, device=device or factories.device("tablet", imei=None))
    loan.lent_on, loan.due_date, loan.returned_on = lent_on, due, returned_on
    loan.status = status or ("returned" if returned_on else "active")
    return loan


@pytest.fixture
def program(app):
    """Five peers' loans around March 2026, issues, support, a waitlist and two plans."""
    staff = factories.user("staff")
    contract = factories.contract()
    peers = {name: factories.peer() for name in "ABCDEZ"}
    _loan(staff, peers["A"], date(2026, 2, 10), date(2026, 3, 1), date(2026, 3, 5))  # late
    _loan(staff, peers["B"], date(2026, 3, 10), date(2026, 6, 1),
          device=factories.device("tablet", imei=None, contract=contract))
    _loan(staff, peers["C"], date(2026, 3, 15), date(2026, 4, 15), date(2026, 3, 20))  # on time
    _loan(staff, peers["D"], date(2026, 1, 5), date(2026, 4, 5), date(2026, 2, 20))
    lost = _loan(staff, peers["E"], date(2026, 3, 25), date(2026, 6, 25), date(2026, 3, 28),
                 status="lost")
    for kind, device, day in (("lost", lost.device, date(2026, 3, 28)),
                              ("damaged", factories.device(), date(2026, 2, 15))):
        db.session.add(Issue(kind=kind, device=device, loan=lost if kind == "lost" else None,
                             incident_date=day, logged_by=staff))
    for peer, day, minutes in ((peers["A"], date(2026, 3, 2), 30),
                               (peers["Z"], date(2026, 3, 31), 45),
                               (peers["Z"], date(2026, 4, 1), 60)):
        db.session.add(SupportSession(peer=peer, held_on=day, minutes=minutes, topic="other",
                                      given_by=staff))
    for peer, added, closed, status, waited in (
            (peers["B"], datetime(2026, 2, 1, 15), datetime(2026, 3, 10, 15), "served", 37),
            (peers["Z"], datetime(2026, 3, 20, 15), None, "waiting", None),
            (peers["C"], datetime(2026, 1, 10, 15), datetime(2026, 3, 5, 15), "withdrawn", None)):
        db.session.add(WaitlistEntry(peer=peer, kind="tablet", added_by=staff, added_at=added,
                                     closed_at=closed, status=status, days_waited=waited))
    factories.plan(start=date(2026, 1, 15), monthly_cost=Decimal("25.00"))
    factories.plan(start=date(2026, 3, 20), end=date(2026, 5, 10), monthly_cost=Decimal("40.00"))
    db.session.flush()
    return {"contract": contract, "peers": peers}


# March's figures for the whole program, worked out by hand from the fixture.
MARCH_FIGURES = {
    "peers_served": 4,            # A (returned in March), B, C, E
    "new_peers": 3,               # B, C, E lent for the first time in March
    "loans_started": 3, "loans_ended": 3, "loans_open_at_end": 1,
    "average_loan_days": 10.3,    # (23 + 5 + 3) / 3
    "on_time_rate": 0.5,          # A late, C on time; E's loss is not a return
    "lost": 1, "stolen": 0, "damaged": 0, "loss_value": Decimal("249.00"),
    "support_sessions": 2, "support_minutes": 75,
    "waitlist_open_at_end": 1, "median_days_waited": 37,
    "line_months": 2,             # March of each plan
    "plan_cost": Decimal("65.00"),
    "cost_per_peer_served": Decimal("16.25"),
}


def test_every_figure_for_the_whole_program(program):
    assert compute(MARCH, Scope.program()) == MARCH_FIGURES


def test_the_previous_period_has_the_same_length(program):
    previous = MARCH.previous()
    assert (previous.start, previous.end) == (date(2026, 1, 29), date(2026, 2, 28))
    figures = {f.key: f for f in report_figures(MARCH, Scope.program())}
    assert (figures["peers_served"].previous, figures["new_peers"].previous) == (2, 1)
    assert figures["damaged"].previous == 1 and figures["damaged"].value == 0
    assert figures["loans_started"].change == 2
    assert figures["peers_served"].people and not figures["loans_started"].people


def test_a_contract_scope_counts_only_loans_with_its_items(program):
    figures = compute(MARCH, Scope.contract(program["contract"]))
    assert (figures["peers_served"], figures["loans_started"], figures["loans_ended"]) == \
        (1, 1, 0)
    assert figures["support_sessions"] == 0 and figures["lost"] == 0
    assert figures["line_months"] == 0 and figures["cost_per_peer_served"] == 0


def test_a_period_with_no_activity_still_has_every_figure(program):
    quiet = compute(Period(date(2020, 1, 1), date(2020, 1, 31)), Scope.program())
    assert quiet["peers_served"] == 0 and quiet["average_loan_days"] is None
    assert quiet["on_time_rate"] is None and quiet["cost_per_peer_served"] is None
