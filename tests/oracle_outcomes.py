"""Every outcome figure worked out again in plain Python, row by row, from docs/domain.md's
words (as tests/oracle.py does for the report figures); it shares nothing with
lending/reporting/outcomes.py but the models."""
import statistics

from lending.extensions import db
from lending.models import (
    CheckIn,
    GroupSession,
    Loan,
    PeerGroup,
    PriorityGroup,
    SupportSession,
)

from .oracle import _all, _in_scope

LATER = ("follow_up", "return")


def _scoped(loan, contract_ids):
    return contract_ids is None or any(_in_scope(line.item, contract_ids)
                                       for line in loan.items)


def _open_during(loan, start, end):
    return loan.lent_on <= end and (loan.returned_on is None or loan.returned_on >= start)


def served_and_first(start, end, contract_ids):
    """The peers served in the period in scope, and every peer's first loan day."""
    peer_loans = [loan for loan in _all(Loan) if loan.peer_id is not None]
    first = {}
    for loan in peer_loans:
        first[loan.peer_id] = min(first.get(loan.peer_id, loan.lent_on), loan.lent_on)
    served = {loan.peer_id for loan in peer_loans
              if _scoped(loan, contract_ids) and _open_during(loan, start, end)}
    return served, first


def _change(check_ins, served, end, score):
    """(n, mean change) from each served peer's first baseline score to their latest later
    one, when that is not before it."""
    changes = []
    for peer in served:
        mine = sorted((c for c in check_ins if c.peer_id == peer and c.held_on <= end
                       and score(c) is not None), key=lambda c: (c.held_on, c.id))
        baselines = [c for c in mine if c.stage == "baseline"]
        laters = [c for c in mine if c.stage in LATER]
        if baselines and laters and laters[-1].held_on >= baselines[0].held_on:
            changes.append(score(laters[-1]) - score(baselines[0]))
    return len(changes), (round(statistics.mean(changes), 2) if changes else None)


def outcomes(start, end, contract_ids=None) -> dict:
    """Every outcome figure for [start, end] over the program (None) or some contracts."""
    served, first = served_and_first(start, end, contract_ids)
    check_ins = _all(CheckIn)
    asked = {}
    for c in check_ins:
        if c.peer_id in served and c.stage in LATER and c.groups_joined is not None \
                and first[c.peer_id] <= c.held_on <= end:
            asked[c.peer_id] = asked.get(c.peer_id, False) or c.groups_joined != ""
    joined = sum(asked.values())
    confidence = _change(check_ins, served, end, lambda c: c.confidence)
    loneliness = _change(check_ins, served, end, lambda c: c.loneliness_score)
    minutes = sum(s.minutes for s in _all(SupportSession) if start <= s.held_on <= end
                  and (contract_ids is None or s.peer_id in served))
    groups = [s for s in _all(GroupSession) if start <= s.held_on <= end and (
        contract_ids is None or any(line.peer_id in served for line in s.attendance))]
    staff_loans = [loan for loan in _all(Loan)
                   if loan.staff_id is not None and _scoped(loan, contract_ids)]
    return {
        "groups_answered": len(asked), "joined_groups": joined,
        "joined_groups_share": round(joined / len(asked), 3) if asked else None,
        "confidence_n": confidence[0], "confidence_change": confidence[1],
        "loneliness_n": loneliness[0], "loneliness_change": loneliness[1],
        "training_hours_one_to_one": round(minutes / 60, 1),
        "group_sessions": len(groups),
        "training_hours_groups": round(sum(s.minutes for s in groups) / 60, 1),
        "staff_equipped": len({loan.staff_id for loan in staff_loans
                               if _open_during(loan, start, end)}),
        "staff_loans": len([loan for loan in staff_loans if start <= loan.lent_on <= end]),
    }


def reach(start, end, contract_ids=None) -> dict:
    """{group name: served peers who named it}, for groups offered or named by one of them."""
    served, _ = served_and_first(start, end, contract_ids)
    named = _all(PeerGroup)
    result = {}
    for group in db.session.execute(db.select(PriorityGroup)).scalars():
        count = len([row for row in named if row.group_id == group.id and row.peer_id in served])
        if group.active or count:
            result[group.name] = count
    return dict(sorted(result.items()))
