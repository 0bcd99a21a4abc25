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
from .march import K1_MARCH, K2_MARCH, MARCH, MARCH_FIGURES, PARTNER_MARCH, scopes


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
    """Sixty loans (some to staff), issues, sessions, waitlist entries and plans with random
    dates, spread over two contracts and none; written directly, as history, not through the
    rules."""
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
        # Some kits go to staff: never peers served, nor in the peers' loan figures.
        borrower = {"staff": staff} if rng.random() < 0.15 else {"peer": rng.choice(peers)}
        loan = Loan(**borrower, kind="tablet", lent_by=staff, lent_on=lent_on,
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
