"""The outcome figures: a hand-worked March in every scope, and random programs, each held
against the plain-Python reading of the definitions (tests/oracle_outcomes.py)."""
import random
from datetime import date, datetime, timedelta

import pytest

from lending.extensions import db
from lending.models import CheckIn, Loan, LoanItem, Peer
from lending.outcomes.operations import (
    log_group_session,
    record_priority_groups,
    save_check_in_version,
    save_priority_group,
)
from lending.outcomes.questions import DEFAULT_WORDING
from lending.reporting.metrics import Period, Scope
from lending.reporting.outcomes import OUTCOMES, compute_outcomes, reach

from . import factories, oracle_outcomes
from .march import MARCH
from .test_metrics import _random_program


def _check_in(version, peer, stage, day, **answers):
    """A check-in as history (its date in the past), written directly."""
    db.session.add(CheckIn(peer=peer, stage=stage, held_on=day, version=version,
                           recorded_by=version.created_by, **answers))


def _staff_loan(staff, lent_on, returned_on=None, contract=None):
    """A kit lent to a staff member, as history."""
    db.session.add(Loan(staff=staff, kind="tablet", lent_by=staff, lent_on=lent_on,
                        due_date=lent_on + timedelta(days=60), returned_on=returned_on,
                        status="returned" if returned_on else "active",
                        items=[LoanItem(device=factories.device("tablet", imei=None,
                                                                contract=contract),
                                        closed_at=datetime(2026, 4, 1) if returned_on
                                        else None)]))


@pytest.fixture
def outcomes_program(program):
    """The March program (march.py) with check-ins, priority groups, group sessions and kits
    lent to staff; its answers worked out by hand below."""
    peers, manager = program["peers"], factories.user("manager")
    version = save_check_in_version(DEFAULT_WORDING, loneliness=True, by=manager)
    lonely = ("lonely_companionship", "lonely_left_out", "lonely_isolated")
    _check_in(version, peers["A"], "baseline", date(2026, 2, 10), confidence=2,
              **dict(zip(lonely, (2, 2, 3), strict=True)))  # score 7
    _check_in(version, peers["A"], "return", date(2026, 3, 5), groups_joined="support_group",
              confidence=4, **dict(zip(lonely, (1, 2, 2), strict=True)))  # score 5
    _check_in(version, peers["B"], "baseline", date(2026, 3, 10), confidence=3)
    _check_in(version, peers["B"], "follow_up", date(2026, 3, 30), groups_joined="")  # none
    _check_in(version, peers["B"], "follow_up", date(2026, 4, 10), groups_joined="phone_line",
              confidence=5)  # after March
    _check_in(version, peers["C"], "return", date(2026, 3, 20), confidence=3)  # no baseline
    _check_in(version, peers["D"], "follow_up", date(2026, 2, 15), groups_joined="social")
    _check_in(version, peers["E"], "follow_up", date(2026, 3, 1), groups_joined="training")
    _check_in(version, peers["Z"], "follow_up", date(2026, 3, 20), groups_joined="training")
    rural = save_priority_group(None, name="Rural", active=True, raises_waitlist=False, by=None)
    older = save_priority_group(None, name="60 or older", active=True, raises_waitlist=False,
                                by=None)
    save_priority_group(None, name="Low income", active=True, raises_waitlist=False, by=None)
    save_priority_group(None, name="Retired group", active=False, raises_waitlist=False,
                        by=None)
    for peer, groups in (("A", [rural]), ("B", [rural]), ("Z", [rural]), ("C", [older])):
        record_priority_groups(peers[peer], groups, consent_method="paper", by=manager)
    s1, s2 = factories.user("staff"), factories.user("staff")
    log_group_session(held_on=date(2026, 3, 12), minutes=90, topic="video_calls",
                      facilitator=manager, peers=[peers["B"], peers["Z"]], by=manager)
    log_group_session(held_on=date(2026, 3, 22), minutes=60, topic="getting_online",
                      facilitator=manager, peers=[peers["D"]], staff=[s1], by=manager)
    log_group_session(held_on=date(2026, 4, 2), minutes=30, topic="other",
                      facilitator=manager, peers=[peers["B"]], by=manager)
    _staff_loan(s1, date(2026, 2, 20), date(2026, 3, 3), contract=program["k2"])
    _staff_loan(s2, date(2026, 3, 15))
    _staff_loan(s1, date(2026, 4, 3))
    db.session.commit()
    return program


# March, by hand. Served: A, B, C, E (march.py). A and B answered about groups after their
# first loan (C declined; E's was before theirs; D and Z were not served); A joined one.
# Confidence: only A has a baseline and a later answer (2 -> 4); loneliness A: 7 -> 5.
# One-to-one: 95 minutes. Groups: the sessions of 12 and 22 March (90 + 60 minutes).
# Staff: the first (till 3 March, K2's tablet) and the second (lent 15 March).
PROGRAM_OUTCOMES = {
    "groups_answered": 2, "joined_groups": 1, "joined_groups_share": 0.5,
    "confidence_n": 1, "confidence_change": 2.0, "loneliness_n": 1, "loneliness_change": -2.0,
    "training_hours_one_to_one": 1.6, "group_sessions": 2, "training_hours_groups": 2.5,
    "staff_equipped": 2, "staff_loans": 1,
}
EMPTY_CHANGES = {"confidence_n": 0, "confidence_change": None, "loneliness_n": 0,
                 "loneliness_change": None}
# K1 served B alone: asked, joined none; B attended the 12 March session.
K1_OUTCOMES = {"groups_answered": 1, "joined_groups": 0, "joined_groups_share": 0.0,
               **EMPTY_CHANGES, "training_hours_one_to_one": 0.0, "group_sessions": 1,
               "training_hours_groups": 1.5, "staff_equipped": 0, "staff_loans": 0}
# K2 served C and E: nobody asked after a first loan; C's 20 minutes; the first staff kit.
K2_OUTCOMES = {"groups_answered": 0, "joined_groups": 0, "joined_groups_share": None,
               **EMPTY_CHANGES, "training_hours_one_to_one": 0.3, "group_sessions": 0,
               "training_hours_groups": 0.0, "staff_equipped": 1, "staff_loans": 0}
PARTNER_OUTCOMES = {**K1_OUTCOMES, "training_hours_one_to_one": 0.3, "staff_equipped": 1}
REACH = {"program": {"Rural": 2, "60 or older": 1, "Low income": 0},  # A and B; C
         "contract": {"Rural": 1, "60 or older": 0, "Low income": 0},
         "k2": {"Rural": 0, "60 or older": 1, "Low income": 0},
         "partner": {"Rural": 1, "60 or older": 1, "Low income": 0}}


def _scopes(program):
    return [("program", Scope.program(), PROGRAM_OUTCOMES),
            ("contract", Scope.contract(program["contract"]), K1_OUTCOMES),
            ("k2", Scope.contract(program["k2"]), K2_OUTCOMES),
            ("partner", Scope.partner(program["partner"]), PARTNER_OUTCOMES)]


def test_the_hand_worked_answers_cover_every_outcome():
    assert set(PROGRAM_OUTCOMES) == set(OUTCOMES)


def test_every_outcome_in_every_scope_matches_the_hand_worked_answers(outcomes_program):
    for name, scope, answers in _scopes(outcomes_program):
        assert compute_outcomes(MARCH, scope) == answers, name
        assert reach(MARCH, scope) == REACH[name], name


def test_the_plain_python_reading_agrees_with_the_hand_worked_answers(outcomes_program):
    for name, scope, answers in _scopes(outcomes_program):
        assert oracle_outcomes.outcomes(MARCH.start, MARCH.end, scope.contract_ids) == \
            answers, name
        assert oracle_outcomes.reach(MARCH.start, MARCH.end, scope.contract_ids) == \
            REACH[name], name


def _random_outcomes(rng, contracts):
    """Check-ins, groups, group sessions and kits to staff at random, over the random
    program's peers (declines, ties on a day and check-ins before a first loan included)."""
    manager = factories.user("manager")
    version = save_check_in_version(DEFAULT_WORDING, loneliness=True, by=manager)
    peers = db.session.execute(db.select(Peer).order_by(Peer.id)).scalars().all()
    origin = date(2025, 10, 1)

    def maybe(values):
        return rng.choice((None, *values))
    for _ in range(80):
        lonely = [maybe((1, 2, 3)) for _ in range(3)]
        _check_in(version, rng.choice(peers), rng.choice(("baseline", "follow_up", "return")),
                  origin + timedelta(days=rng.randrange(300)),
                  groups_joined=maybe(("", "social", "phone_line,training")),
                  confidence=maybe((1, 2, 3, 4, 5)),
                  **dict(zip(("lonely_companionship", "lonely_left_out", "lonely_isolated"),
                             lonely, strict=True)))
    groups = [save_priority_group(None, name=f"Group {n}", active=True,
                                  raises_waitlist=False, by=None) for n in range(4)]
    for peer in peers:
        record_priority_groups(peer, rng.sample(groups, rng.randrange(3)),
                               consent_method="paper", by=manager)
    for group in groups[2:]:  # retired: still counted where named, shown only then
        save_priority_group(group, name=group.name, active=False, raises_waitlist=False,
                            by=None)
    workers = [factories.user("staff") for _ in range(3)]
    for _ in range(12):
        log_group_session(held_on=origin + timedelta(days=rng.randrange(300)),
                          minutes=rng.randrange(10, 120), topic="other", facilitator=manager,
                          peers=rng.sample(peers, rng.randrange(1, 4)), by=manager)
    for _ in range(10):
        lent_on = origin + timedelta(days=rng.randrange(240))
        _staff_loan(rng.choice(workers), lent_on,
                    lent_on + timedelta(days=rng.randrange(60)) if rng.random() < 0.6 else None,
                    contract=rng.choice((*contracts, None)))
    db.session.flush()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_outcomes_agree_with_the_plain_python_reading_on_random_programs(app, seed):
    rng = random.Random(seed)
    contracts = _random_program(rng)
    _random_outcomes(rng, contracts)
    periods = [MARCH, Period(date(2025, 10, 1), date(2026, 7, 31))]
    for _ in range(6):
        start = date(2025, 9, 1) + timedelta(days=rng.randrange(300))
        periods.append(Period(start, start + timedelta(days=rng.randrange(120))))
    for period in periods:
        for scope in (Scope.program(), Scope.contract(contracts[0]),
                      Scope.partner(contracts[0].partner)):
            ids = scope.contract_ids
            assert compute_outcomes(period, scope) == \
                oracle_outcomes.outcomes(period.start, period.end, ids), (period, scope.label)
            assert reach(period, scope) == oracle_outcomes.reach(period.start, period.end,
                                                                 ids), (period, scope.label)
