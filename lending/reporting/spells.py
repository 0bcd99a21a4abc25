"""Who was served in each scope, and when: a peer's spells with the scope's loans (and the
day figures that come with them), and how the scopes see their support sessions
(models/figures.py ServedSpell, SupportReach). Worked out again for every peer a flush
touches (keeping.py), and for all of them by `kept.rebuild`."""
from collections import Counter, defaultdict
from datetime import timedelta
from itertools import groupby

from sqlalchemy import delete, func, insert, select

from ..models import CheckIn, Loan, Peer, PeerGroup, SupportSession
from ..models.figures import (
    OPEN,
    PROGRAM,
    PeerOutcome,
    ServedSpell,
    SupportReach,
    outcome_scope,
)
from .kept import add_amounts, chunks, loan_scopes
from .outcomes import kept_amounts, peer_outcome


def spells(loans):
    """A peer's spells in each scope, (scope, start, end, previous spell's end), from their
    loans (lent_on, returned_on, scopes): the loans' days merged where they overlap or follow
    on the next day (no day between them when the peer had nothing of the scope)."""
    by_scope = defaultdict(list)
    for lent_on, returned_on, scopes in loans:
        for scope in (PROGRAM, *scopes):
            by_scope[scope].append((lent_on, returned_on or OPEN))
    for scope, days in by_scope.items():
        previous_end, start, end = None, None, None
        for lent_on, returned_on in sorted(days):
            if start is not None and lent_on - timedelta(days=1) <= end:
                end = max(end, returned_on)
                continue
            if start is not None:
                yield scope, start, end, previous_end
                previous_end = end
            start, end = lent_on, returned_on
        yield scope, start, end, previous_end


def reach(held_on, spells_in_scope):
    """(last_end_on, next_start_on) of a session held that day, seen from one scope, from the
    peer's spells there (start, end), in order: the end of the latest spell begun by that day
    (spells never overlap, so it ends last of those), and the start of the first begun after.

    A session held in a period [A, B] is "with a peer the scope served in the period" when
    some spell meets the period: one begun by the session's day meets it if the latest of
    them ends on or after A; one begun after that day (so after A) if it begins by B. The
    SQL form of that test is metrics.support_each's condition on SupportReach."""
    last_end = next_start = None
    for start, end in spells_in_scope:
        if start <= held_on:
            last_end = end
        else:
            next_start = start
            break
    return last_end, next_start


def rereach(connection, peer_ids, spells_of=None):
    """Work a set of peers' support sessions out again as each scope they were served in sees
    them (SupportReach); `spells_of`: {peer: [(scope, start, end)]} if just worked out, else
    read from the kept spells."""
    for chunk in chunks(peer_ids):
        connection.execute(delete(SupportReach).where(SupportReach.peer_id.in_(chunk)))
        sessions = connection.execute(
            select(SupportSession.id, SupportSession.peer_id, SupportSession.held_on,
                   SupportSession.minutes).where(SupportSession.peer_id.in_(chunk))).all()
        if not sessions:
            continue
        known = spells_of
        if known is None:
            known = defaultdict(list)
            for peer_id, *spell in connection.execute(
                    select(ServedSpell.peer_id, ServedSpell.scope_id, ServedSpell.start_on,
                           ServedSpell.end_on).where(ServedSpell.peer_id.in_(chunk),
                                                     ServedSpell.scope_id != PROGRAM)):
                known[peer_id].append(tuple(spell))
        rows = []
        for session_id, peer_id, held_on, minutes in sessions:
            by_scope = defaultdict(list)
            for scope, start, end in known.get(peer_id, ()):
                if scope != PROGRAM:  # the program counts every session
                    by_scope[scope].append((start, end))
            for scope, spells_there in by_scope.items():
                last_end, next_start = reach(held_on, sorted(spells_there))
                rows.append({"scope_id": scope, "session_id": session_id, "peer_id": peer_id,
                             "held_on": held_on, "minutes": minutes, "last_end_on": last_end,
                             "next_start_on": next_start})
        if rows:
            connection.execute(insert(SupportReach), rows)


def _outcomes(connection, peer_ids, first_loans) -> dict:
    """The peers' outcomes from their check-ins and priority groups (outcomes.py
    `peer_outcome`), kept as PeerOutcome rows (those with something to say); {peer: outcome}
    for peers with a loan."""
    connection.execute(delete(PeerOutcome).where(PeerOutcome.peer_id.in_(peer_ids)))
    check_ins = defaultdict(list)
    for row in connection.execute(select(
            CheckIn.peer_id, CheckIn.id, CheckIn.stage, CheckIn.held_on, CheckIn.groups_joined,
            CheckIn.confidence, CheckIn.lonely_companionship, CheckIn.lonely_left_out,
            CheckIn.lonely_isolated).where(CheckIn.peer_id.in_(peer_ids))):
        check_ins[row.peer_id].append(row._asdict())
    groups = defaultdict(list)
    for peer_id, group_id in connection.execute(
            select(PeerGroup.peer_id, PeerGroup.group_id).where(PeerGroup.peer_id.in_(peer_ids))):
        groups[peer_id].append(group_id)
    outcomes = {peer: peer_outcome(check_ins[peer], first, groups[peer])
                for peer, first in first_loans.items()}
    rows = [{"peer_id": peer, **outcome} for peer, outcome in outcomes.items()
            if any(value not in (None, False, "") for value in outcome.values())]
    if rows:
        connection.execute(insert(PeerOutcome), rows)
    return outcomes


def respell(connection, peer_ids):
    """Work a set of peers' spells out again from their loans, and with them:
    - two day figures per scope a peer was served in: "last_served" on the day their latest
      spell there ends, "first_loan" on the day of their first loan ever; a period that runs
      to the last lending day (nothing begins after it) then counts its peers served and new
      peers by adding up days (metrics.peers_served_each, _new_peers);
    - what their check-ins say so far (PeerOutcome), added on that same "last_served" day
      (outcomes.KEPT), so that such a period adds up its outcome figures too;
    - how those scopes see the peers' support sessions (`rereach`)."""
    for chunk in chunks(peer_ids):
        if connection.dialect.name == "postgresql":  # one writer per peer at a time
            connection.execute(select(Peer.id).where(Peer.id.in_(chunk)).order_by(Peer.id)
                               .with_for_update())
        change = Counter()
        old = {row.peer_id: kept_amounts(row._asdict()) for row in connection.execute(
            select(PeerOutcome).where(PeerOutcome.peer_id.in_(chunk)))}
        for scope, peer_id, last_end, first in connection.execute(
                select(ServedSpell.scope_id, ServedSpell.peer_id, func.max(ServedSpell.end_on),
                       func.min(ServedSpell.first_loan_on))
                .where(ServedSpell.peer_id.in_(chunk))
                .group_by(ServedSpell.scope_id, ServedSpell.peer_id)):
            change[scope, last_end, "last_served"] -= 1
            change[scope, first, "first_loan"] -= 1
            for measure, amount in old.get(peer_id, {}).items():
                change[outcome_scope(scope), last_end, measure] -= amount
        connection.execute(delete(ServedSpell).where(ServedSpell.peer_id.in_(chunk)))
        rows = connection.execute(select(Loan.id, Loan.peer_id, Loan.lent_on, Loan.returned_on)
                                  .where(Loan.peer_id.in_(chunk))
                                  .order_by(Loan.peer_id)).all()
        scopes = loan_scopes(connection, {row[0] for row in rows})
        kept, spells_of, last_ends, firsts = [], defaultdict(list), {}, {}
        for peer_id, group in groupby(rows, key=lambda row: row[1]):
            loans = [(lent_on, returned_on, scopes.get(loan_id, ()))
                     for loan_id, _, lent_on, returned_on in group]
            first = min(lent_on for lent_on, _, _ in loans)
            kept += [{"scope_id": scope, "peer_id": peer_id, "start_on": start, "end_on": end,
                      "previous_end_on": previous, "first_loan_on": first}
                     for scope, start, end, previous in spells(loans)]
        for spell in kept:
            scope, peer_id, end = spell["scope_id"], spell["peer_id"], spell["end_on"]
            spells_of[peer_id].append((scope, spell["start_on"], end))
            last_ends[scope, peer_id] = max(end, last_ends.get((scope, peer_id), end))
            firsts[scope, peer_id] = spell["first_loan_on"]
        outcomes = _outcomes(connection, chunk, {peer: first for (_, peer), first
                                                 in firsts.items()})
        for key, last_end in last_ends.items():
            change[key[0], last_end, "last_served"] += 1
            change[key[0], firsts[key], "first_loan"] += 1
            for measure, amount in kept_amounts(outcomes[key[1]]).items():
                change[outcome_scope(key[0]), last_end, measure] += amount
        if kept:
            connection.execute(insert(ServedSpell), kept)
        add_amounts(connection, change)
        rereach(connection, chunk, spells_of)
