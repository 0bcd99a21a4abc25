"""The outcome figures: a hand-worked March in every scope, and random programs, each held
against the plain-Python reading of the definitions (tests/oracle_outcomes.py)."""
import random
import re
from datetime import date, timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.models import Loan, Peer
from lending.outcomes.operations import (
    log_group_session,
    record_check_in,
    record_priority_groups,
    save_check_in_version,
    save_priority_group,
)
from lending.outcomes.questions import DEFAULT_WORDING
from lending.peers.operations import remove_personal_details
from lending.reporting.figures import OUTCOMES
from lending.reporting.metrics import Period, Scope
from lending.reporting.outcomes import _after_everything, compute_outcomes, reach

from . import factories, oracle_outcomes
from .march import MARCH
from .march_outcomes import (
    K1_OUTCOMES,
    K2_OUTCOMES,
    PARTNER_OUTCOMES,
    PROGRAM_OUTCOMES,
    REACH,
    past_check_in,
    past_staff_loan,
)
from .test_kept_figures import assert_kept_as_rebuilt
from .test_metrics import _random_program


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
        past_check_in(version, rng.choice(peers), rng.choice(("baseline", "follow_up", "return")),
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
        past_staff_loan(rng.choice(workers), lent_on,
                        lent_on + timedelta(days=rng.randrange(60)) if rng.random() < 0.6
                        else None, contract=rng.choice((*contracts, None)))
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


def test_a_contract_aims_for_outcomes_and_its_page_shows_progress(client, auth,
                                                                  outcomes_program):
    auth.login("manager")
    contract = outcomes_program["contract"]
    url = f"/contracts/{contract.id}/targets"
    page = client.post(url, data={"joined_groups_share": "170"}).get_data(as_text=True)
    assert "A share is between 0 and 100%." in page
    response = client.post(url, data={"joined_groups_share": "70", "training_hours": "1",
                                      "staff_equipped": ""})
    assert response.headers["Location"] == f"/contracts/{contract.id}"
    assert {t.measure: t.target for t in contract.outcome_targets} == {
        "joined_groups_share": 70, "training_hours": 1}
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    targets = page.split('<h3 class="h6">Outcome targets</h3>')[1]
    # K1's term (the last 90 days): B still has the kit and named a group in April (100%);
    # no training in the term (0 hours).
    assert re.search(r"Share who joined virtual groups \(%\)</td><td[^>]*>70%</td>"
                     r"<td[^>]*>100%</td>\s*<td><span[^>]*>Met", targets)
    assert re.search(r"Training hours, one-to-one and in groups</td><td[^>]*>1</td>"
                     r"<td[^>]*>0</td>\s*<td><span[^>]*>Not yet", targets)
    client.post(url, data={"joined_groups_share": "", "training_hours": "1"})
    assert [t.measure for t in contract.outcome_targets] == ["training_hours"]


def test_kept_outcomes_follow_every_change_and_add_up_to_the_definitions(app):
    """Periods that run past every lending and check-in day add up what each peer's check-ins
    and priority groups say (kept with their spells); the kept rows are what a rebuild gives,
    through check-ins and groups recorded and a peer's erasure."""
    rng = random.Random(7)
    contracts = _random_program(rng)
    _random_outcomes(rng, contracts)
    manager = factories.user("manager")
    scopes = (Scope.program(), Scope.contract(contracts[0]), Scope.partner(contracts[0].partner))

    def holds():
        assert_kept_as_rebuilt()
        today = local_today()
        for period in (Period(date(2025, 10, 1), today), Period(date(2026, 3, 1), today)):
            assert _after_everything(period)
            for scope in scopes:
                assert compute_outcomes(period, scope) == oracle_outcomes.outcomes(
                    period.start, period.end, scope.contract_ids), (period, scope.label)
                assert reach(period, scope) == oracle_outcomes.reach(
                    period.start, period.end, scope.contract_ids), (period, scope.label)
    holds()
    peer = db.session.get(Peer, db.session.execute(db.select(Loan.peer_id).where(
        Loan.peer_id.is_not(None)).order_by(Loan.id)).scalars().first())
    record_check_in(peer, stage="baseline", by=manager, held_on=date(2025, 9, 1),
                    answers={"confidence": "1"})
    record_check_in(peer, stage="follow_up", by=manager,
                    answers={"confidence": "5", "groups_joined": ["social"]})
    groups = save_priority_group(None, name="Kept group", active=True, raises_waitlist=False,
                                 by=manager)
    record_priority_groups(peer, [groups], consent_method="verbal", by=manager)
    holds()
    remove_personal_details(peer, why="request", by=manager)
    holds()
