"""A small program around March 2026 whose report figures are worked out by hand: the
`program` fixture (conftest.py offers it to every test) and its answers in every scope."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from lending.extensions import db
from lending.models import Issue, SupportSession, WaitlistEntry
from lending.reporting.metrics import Period, Scope

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
    """Five peers' loans around March 2026, issues, support, a waitlist and two plans.

    One partner has two contracts: K1 gave B's tablet and the 40-dollar plan; K2 gave the
    devices C and E borrowed (E's was lost). A's and D's devices, the damaged device and the
    25-dollar plan come from no contract.
    """
    staff = factories.user("staff")
    partner = factories.partner(name="Wellbeing Fund")
    k1 = factories.contract(partner=partner, reference="K1")
    k2 = factories.contract(partner=partner, reference="K2")
    peers = {name: factories.peer() for name in "ABCDEZ"}

    def tablet(contract=None):
        return factories.device("tablet", imei=None, contract=contract)
    _loan(staff, peers["A"], date(2026, 2, 10), date(2026, 3, 1), date(2026, 3, 5))  # late
    _loan(staff, peers["B"], date(2026, 3, 10), date(2026, 6, 1), device=tablet(k1))
    _loan(staff, peers["C"], date(2026, 3, 15), date(2026, 4, 15), date(2026, 3, 20),
          device=tablet(k2))  # on time
    _loan(staff, peers["D"], date(2026, 1, 5), date(2026, 4, 5), date(2026, 2, 20))
    lost = _loan(staff, peers["E"], date(2026, 3, 25), date(2026, 6, 25), date(2026, 3, 28),
                 status="lost", device=tablet(k2))
    for kind, device, day in (("lost", lost.device, date(2026, 3, 28)),
                              ("damaged", factories.device(), date(2026, 2, 15))):
        db.session.add(Issue(kind=kind, device=device, loan=lost if kind == "lost" else None,
                             incident_date=day, logged_by=staff))
    for peer, day, minutes in ((peers["A"], date(2026, 3, 2), 30),
                               (peers["C"], date(2026, 3, 18), 20),
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
    factories.plan(start=date(2026, 3, 20), end=date(2026, 5, 10), monthly_cost=Decimal("40.00"),
                   contract=k1)
    db.session.commit()  # reports compute on connections of their own: committed data only
    return {"contract": k1, "k2": k2, "partner": partner, "peers": peers}


# March's figures, worked out by hand from the fixture: the whole program, each contract and
# the partner (both contracts). Waitlist figures are program-wide in every scope.
MARCH_FIGURES = {
    "peers_served": 4,            # A (returned in March), B, C, E
    "new_peers": 3,               # B, C, E lent for the first time in March
    "loans_started": 3, "loans_ended": 3, "loans_open_at_end": 1,
    "average_loan_days": 10.3,    # (23 + 5 + 3) / 3
    "on_time_rate": 0.5,          # A late, C on time; E's loss is not a return
    "lost": 1, "stolen": 0, "damaged": 0, "loss_value": Decimal("249.00"),
    "support_sessions": 3, "support_minutes": 95,  # A, C and Z's first
    "waitlist_open_at_end": 1, "median_days_waited": 37,
    "line_months": 2,             # March of each plan
    "plan_cost": Decimal("65.00"),
    "cost_per_peer_served": Decimal("16.25"),
}
K1_MARCH = {
    "peers_served": 1, "new_peers": 1,  # B
    "loans_started": 1, "loans_ended": 0, "loans_open_at_end": 1,
    "average_loan_days": None, "on_time_rate": None,
    "lost": 0, "stolen": 0, "damaged": 0, "loss_value": Decimal("0"),
    "support_sessions": 0, "support_minutes": 0,  # B had none
    "waitlist_open_at_end": 1, "median_days_waited": 37,
    "line_months": 1, "plan_cost": Decimal("40.00"),  # March of the 40-dollar plan
    "cost_per_peer_served": Decimal("40.00"),
}
K2_MARCH = {
    "peers_served": 2, "new_peers": 2,  # C, E
    "loans_started": 2, "loans_ended": 2, "loans_open_at_end": 0,
    "average_loan_days": 4.0,     # (5 + 3) / 2
    "on_time_rate": 1.0,          # C on time; E's loss is not a return
    "lost": 1, "stolen": 0, "damaged": 0, "loss_value": Decimal("249.00"),
    "support_sessions": 1, "support_minutes": 20,  # C's
    "waitlist_open_at_end": 1, "median_days_waited": 37,
    "line_months": 0, "plan_cost": Decimal("0"), "cost_per_peer_served": Decimal("0.00"),
}
PARTNER_MARCH = {
    "peers_served": 3, "new_peers": 3,  # B, C, E
    "loans_started": 3, "loans_ended": 2, "loans_open_at_end": 1,
    "average_loan_days": 4.0, "on_time_rate": 1.0,
    "lost": 1, "stolen": 0, "damaged": 0, "loss_value": Decimal("249.00"),
    "support_sessions": 1, "support_minutes": 20,
    "waitlist_open_at_end": 1, "median_days_waited": 37,
    "line_months": 1, "plan_cost": Decimal("40.00"),
    "cost_per_peer_served": Decimal("13.33"),  # 40 / 3
}


def scopes(program):
    """(scope, hand-worked March figures) for every kind of scope in the fixture."""
    return [(Scope.program(), MARCH_FIGURES),
            (Scope.contract(program["contract"]), K1_MARCH),
            (Scope.contract(program["k2"]), K2_MARCH),
            (Scope.partner(program["partner"]), PARTNER_MARCH)]
