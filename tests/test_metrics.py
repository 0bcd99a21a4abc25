"""Report figures against a small program whose answers are worked out by hand, and against
an independent plain-Python reading of every definition (tests/oracle.py)."""
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from lending.extensions import db
from lending.models import Issue, Loan, LoanItem, SupportSession, WaitlistEntry
from lending.reporting.figures import FIGURES, report_figures
from lending.reporting.metrics import Period, Scope, compute

from . import factories, oracle

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


def test_the_hand_worked_answers_cover_every_figure():
    for answers in (MARCH_FIGURES, K1_MARCH, K2_MARCH, PARTNER_MARCH):
        assert set(answers) == set(FIGURES)


def test_every_figure_in_every_scope_matches_the_hand_worked_answers(program):
    for scope, answers in scopes(program):
        assert compute(MARCH, scope) == answers, scope.label


def test_the_plain_python_reading_agrees_with_the_hand_worked_answers(program):
    for scope, answers in scopes(program):
        assert oracle.figures(MARCH.start, MARCH.end, scope.contract_ids) == answers, scope.label


def test_the_previous_period_has_the_same_length(program):
    previous = MARCH.previous()
    assert (previous.start, previous.end) == (date(2026, 1, 29), date(2026, 2, 28))
    figures = {f.key: f for f in report_figures(MARCH, Scope.program())}
    assert (figures["peers_served"].previous, figures["new_peers"].previous) == (2, 1)
    assert figures["damaged"].previous == 1 and figures["damaged"].value == 0
    assert figures["loans_started"].change == 2
    assert figures["peers_served"].people and not figures["loans_started"].people


def test_a_period_with_no_activity_still_has_every_figure(program):
    quiet = compute(Period(date(2020, 1, 1), date(2020, 1, 31)), Scope.program())
    assert set(quiet) == set(FIGURES)
    assert quiet["peers_served"] == 0 and quiet["average_loan_days"] is None
    assert quiet["on_time_rate"] is None and quiet["cost_per_peer_served"] is None


def _random_program(rng):
    """Sixty loans, issues, sessions, waitlist entries and plans with random dates, spread
    over two contracts and none; written directly, as history, not through the rules."""
    staff = factories.user("staff")
    partner = factories.partner()
    contracts = [factories.contract(partner=partner), factories.contract(partner=partner), None]
    peers = [factories.peer() for _ in range(12)]
    origin = date(2025, 10, 1)

    def day(spread=240):
        return origin + timedelta(days=rng.randrange(spread))
    for _ in range(60):
        lent_on = day()
        due = lent_on + timedelta(days=rng.randrange(7, 60))
        closed = rng.random() < 0.7
        # Returns on, just before and just after the due date, and on the day lent, so that
        # every boundary of every definition is crossed.
        returned_on = rng.choice((due, due - timedelta(days=1), due + timedelta(days=1),
                                  lent_on, lent_on + timedelta(days=rng.randrange(90)))) \
            if closed else None
        device = factories.device("tablet", imei=None, contract=rng.choice(contracts),
                                  replacement_value=rng.choice((None, Decimal("120.50"))))
        loan = Loan(peer=rng.choice(peers), kind="tablet", lent_by=staff, lent_on=lent_on,
                    due_date=due,
                    returned_on=returned_on,
                    status=("lost" if rng.random() < 0.2 else "returned") if closed else "active",
                    items=[LoanItem(device=device, closed_at=datetime(2027, 1, 1) if closed
                                    else None)])
        db.session.add(loan)
        if rng.random() < 0.3:
            db.session.add(Issue(kind=rng.choice(("lost", "stolen", "damaged", "faulty")),
                                 device=device, loan=loan if rng.random() < 0.5 else None,
                                 incident_date=day(), logged_by=staff))
    for contract in contracts:  # lines lost with no device: in scope by the SIM's contract
        db.session.add(Issue(kind="lost", sim=factories.sim(contract=contract),
                             incident_date=day(), logged_by=staff))
    for _ in range(40):
        db.session.add(SupportSession(peer=rng.choice(peers), held_on=day(), topic="other",
                                      minutes=rng.randrange(5, 90), given_by=staff))
    for _ in range(10):
        added = datetime.combine(day(), datetime.min.time()) + timedelta(hours=rng.randrange(24))
        served = rng.random() < 0.6
        db.session.add(WaitlistEntry(
            peer=rng.choice(peers), kind=rng.choice(("phone", "laptop", "hotspot")),
            added_by=staff, added_at=added, status="served" if served else "withdrawn",
            closed_at=added + timedelta(days=rng.randrange(60), hours=rng.randrange(24)),
            days_waited=rng.randrange(60) if served else None))
    for _ in range(8):
        start = day()
        factories.plan(start=start, contract=rng.choice(contracts),
                       end=start + timedelta(days=rng.randrange(20, 200))
                       if rng.random() < 0.6 else None,
                       monthly_cost=Decimal(rng.choice(("15.00", "25.50", "40.00"))))
    db.session.flush()
    return contracts[:2]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_figures_agree_with_the_plain_python_reading_on_random_programs(app, seed):
    rng = random.Random(seed)
    contracts = _random_program(rng)
    periods = [MARCH, Period(date(2025, 10, 1), date(2026, 5, 31)),
               Period(date(2025, 12, 15), date(2026, 1, 14))]
    for _ in range(6):
        start = date(2025, 9, 1) + timedelta(days=rng.randrange(300))
        periods.append(Period(start, start + timedelta(days=rng.randrange(120))))
    scopes_ = [Scope.program(), Scope.contract(contracts[0]), Scope.partner(contracts[0].partner)]
    for period in periods:
        for scope in scopes_:
            assert compute(period, scope) == oracle.figures(period.start, period.end,
                                                            scope.contract_ids), \
                (period, scope.label)
