"""The March program (march.py) with check-ins, priority groups, group sessions and kits lent
to staff: the `outcomes_program` fixture (conftest.py offers it to every test) and its outcome
figures worked out by hand in every scope."""
from datetime import date, datetime, timedelta

import pytest

from lending.extensions import db
from lending.models import CheckIn, Loan, LoanItem
from lending.outcomes.operations import (
    log_group_session,
    record_priority_groups,
    save_check_in_version,
    save_priority_group,
)
from lending.outcomes.questions import DEFAULT_WORDING

from . import factories


def past_check_in(version, peer, stage, day, **answers):
    """A check-in as history (its date in the past), written directly."""
    db.session.add(CheckIn(peer=peer, stage=stage, held_on=day, version=version,
                           recorded_by=version.created_by, **answers))


def past_staff_loan(staff, lent_on, returned_on=None, contract=None):
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
    past_check_in(version, peers["A"], "baseline", date(2026, 2, 10), confidence=2,
                  **dict(zip(lonely, (2, 2, 3), strict=True)))  # score 7
    past_check_in(version, peers["A"], "return", date(2026, 3, 5), groups_joined="support_group",
                  confidence=4, **dict(zip(lonely, (1, 2, 2), strict=True)))  # score 5
    past_check_in(version, peers["B"], "baseline", date(2026, 3, 10), confidence=3)
    past_check_in(version, peers["B"], "follow_up", date(2026, 3, 30), groups_joined="")  # none
    past_check_in(version, peers["B"], "follow_up", date(2026, 4, 10), groups_joined="phone_line",
                  confidence=5)  # after March
    past_check_in(version, peers["C"], "return", date(2026, 3, 20), confidence=3)  # no baseline
    past_check_in(version, peers["D"], "follow_up", date(2026, 2, 15), groups_joined="social")
    past_check_in(version, peers["E"], "follow_up", date(2026, 3, 1), groups_joined="training")
    past_check_in(version, peers["Z"], "follow_up", date(2026, 3, 20), groups_joined="training")
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
    past_staff_loan(s1, date(2026, 2, 20), date(2026, 3, 3), contract=program["k2"])
    past_staff_loan(s2, date(2026, 3, 15))
    past_staff_loan(s1, date(2026, 4, 3))
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
