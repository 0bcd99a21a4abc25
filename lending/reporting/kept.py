"""The report figures kept current in the same transaction as every change (models/figures.py):
what each row contributes to them, and how they are worked out again from the rows.

keeping.py applies this at each flush that touches loans, their kit lines, issues, the
items' contracts, kinds or values, or a contract's partner: it takes away what the touched
rows contributed before and adds what they contribute after, both read from the database, so
every path that writes them (the screens, the command line, imports, the demo, tests writing
history directly) keeps the figures true. Day counts are added as increments (safe with
concurrent writers); a touched peer's spells are worked out again from their loans, with the
peer's row locked on PostgreSQL. Bulk writers that skip the session (the synthetic program)
call `rebuild`.

Each contribution rule below is the Python form of a definition in metrics.py's docstrings
and docs/domain.md; tests/oracle.py holds the figures read from the summaries against the
definitions applied row by row.
"""
from collections import Counter, defaultdict
from datetime import timedelta
from itertools import groupby

from sqlalchemy import delete, func, insert, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite

from ..models import (
    Contract,
    DataPlan,
    Device,
    Issue,
    Loan,
    LoanItem,
    Peer,
    SimCard,
    SupportSession,
)
from ..models.figures import OPEN, PROGRAM, FigureDay, ServedSpell, SupportReach

LOSSES = ("lost", "stolen", "damaged")
ITEMS = {"device": (LoanItem.device_id, Device), "sim": (LoanItem.sim_id, SimCard),
         "plan": (LoanItem.plan_id, DataPlan)}
CHUNK = 500  # ids per IN list


def chunks(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def by_kind(keys):
    """{kind: ids} from (kind, id) pairs."""
    by_kind = defaultdict(set)
    for kind, item_id in keys:
        by_kind[kind].add(item_id)
    return by_kind


# --- what rows contribute -------------------------------------------------------------------

def scope_ids(contract_id, partner_id) -> tuple[int, int]:
    """The scopes an item of a contract counts in: the contract's and its partner's."""
    return contract_id, -partner_id


def _loan_scopes(connection, loan_ids) -> dict[int, set[int]]:
    """The scopes of each loan: the contracts whose items are in its kit, and their
    partners (a loan counts once in a partner's scope, however many of its contracts gave
    an item of the kit)."""
    scopes = defaultdict(set)
    for chunk in chunks(loan_ids):
        parts = [select(LoanItem.loan_id, Contract.id, Contract.partner_id)
                 .join(model, column == model.id).join(Contract, Contract.id == model.contract_id)
                 .where(LoanItem.loan_id.in_(chunk))
                 for column, model in ITEMS.values()]
        for loan_id, contract_id, partner_id in connection.execute(union_all(*parts)):
            scopes[loan_id].update(scope_ids(contract_id, partner_id))
    return scopes


def loan_contribution(lent_on, returned_on, due_date, status, scopes, into: Counter):
    """A loan adds a start on the day it was lent; once closed, an end (and its length in
    days) on the day it closed, and a return, on time or not, if it came back."""
    for scope in (PROGRAM, *scopes):
        into[scope, lent_on, "started"] += 1
        if returned_on is not None:
            into[scope, returned_on, "ended"] += 1
            into[scope, returned_on, "loan_days"] += (returned_on - lent_on).days
            if status == "returned":
                into[scope, returned_on, "returned"] += 1
                into[scope, returned_on, "on_time"] += returned_on <= due_date


def _loans(connection, loan_ids, into: Counter):
    scopes = _loan_scopes(connection, loan_ids)
    for chunk in chunks(loan_ids):
        for loan_id, *row in connection.execute(select(
                Loan.id, Loan.lent_on, Loan.returned_on, Loan.due_date, Loan.status)
                .where(Loan.id.in_(chunk))):
            loan_contribution(*row, scopes.get(loan_id, ()), into)


def _issues(connection, issue_ids, into: Counter):
    """A loss (lost, stolen, damaged) adds to its kind, and the device's replacement value to
    the value lost, on its incident date: in the program and in the scope of each contract
    that gave the item it names or an item of its loan's kit."""
    for chunk in chunks(issue_ids):
        rows = connection.execute(select(
            Issue.id, Issue.kind, Issue.incident_date, Issue.loan_id,
            func.coalesce(Device.replacement_value, 0))
            .outerjoin(Device, Device.id == Issue.device_id)
            .where(Issue.id.in_(chunk), Issue.kind.in_(LOSSES))).all()
        named = defaultdict(set)  # the contracts of the item each issue names
        for kind, (_, model) in ITEMS.items():
            column = getattr(Issue, f"{kind}_id")
            for issue_id, contract_id, partner_id in connection.execute(
                    select(Issue.id, Contract.id, Contract.partner_id)
                    .join(model, model.id == column)
                    .join(Contract, Contract.id == model.contract_id)
                    .where(Issue.id.in_(chunk))):
                named[issue_id].update(scope_ids(contract_id, partner_id))
        kits = _loan_scopes(connection, {row[3] for row in rows if row[3] is not None})
        for issue_id, kind, day, loan_id, value in rows:
            scopes = named[issue_id] | kits.get(loan_id, set())
            for scope in (PROGRAM, *scopes):
                into[scope, day, kind] += 1
                into[scope, day, "loss_value"] += value


def _items(connection, keys, into: Counter):
    """An item of a contract adds one to "reached_<kind>" of that contract on the day of the
    first loan it was on (kinds: the device kinds, sim_card, data_plan)."""
    for kind, ids in by_kind(keys).items():
        column, model = ITEMS[kind]
        label = model.kind if kind == "device" else literal(
            "sim_card" if kind == "sim" else "data_plan")
        for chunk in chunks(ids):
            for contract_id, kind_label, first in connection.execute(
                    select(model.contract_id, label, func.min(Loan.lent_on))
                    .join(LoanItem, column == model.id).join(Loan, Loan.id == LoanItem.loan_id)
                    .where(model.id.in_(chunk), model.contract_id.is_not(None))
                    .group_by(model.id, model.contract_id, label)):
                into[contract_id, first, f"reached_{kind_label}"] += 1


def contributions(connection, loans=(), issues=(), items=()) -> Counter:
    """What these loans, issues and items add to the day figures, as the database has them."""
    into = Counter()
    _loans(connection, set(loans), into)
    _issues(connection, set(issues), into)
    _items(connection, set(items), into)
    return into


def add_amounts(connection, amounts: Counter):
    """Add to the kept day figures, in one order (so that concurrent writers do not
    deadlock), as increments (so that they do not overwrite one another)."""
    rows = [{"scope_id": s, "day": d, "measure": m, "amount": a}
            for (s, d, m), a in sorted(amounts.items()) if a]
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), CHUNK):
        statement = dialect.insert(FigureDay).values(rows[start:start + CHUNK])
        connection.execute(statement.on_conflict_do_update(
            index_elements=["scope_id", "day", "measure"],
            set_={"amount": FigureDay.amount + statement.excluded.amount}))


# --- spells --------------------------------------------------------------------------------

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


def respell(connection, peer_ids):
    """Work a set of peers' spells out again from their loans, and with them:
    - two day figures per scope a peer was served in: "last_served" on the day their latest
      spell there ends, "first_loan" on the day of their first loan ever; a period that runs
      to the last lending day (nothing begins after it) then counts its peers served and new
      peers by adding up days (metrics.peers_served_each, _new_peers);
    - how those scopes see the peers' support sessions (`rereach`)."""
    for chunk in chunks(peer_ids):
        if connection.dialect.name == "postgresql":  # one writer per peer at a time
            connection.execute(select(Peer.id).where(Peer.id.in_(chunk)).order_by(Peer.id)
                               .with_for_update())
        change = Counter()
        for scope, last_end, first in connection.execute(
                select(ServedSpell.scope_id, func.max(ServedSpell.end_on),
                       func.min(ServedSpell.first_loan_on))
                .where(ServedSpell.peer_id.in_(chunk))
                .group_by(ServedSpell.scope_id, ServedSpell.peer_id)):
            change[scope, last_end, "last_served"] -= 1
            change[scope, first, "first_loan"] -= 1
        connection.execute(delete(ServedSpell).where(ServedSpell.peer_id.in_(chunk)))
        rows = connection.execute(select(Loan.id, Loan.peer_id, Loan.lent_on, Loan.returned_on)
                                  .where(Loan.peer_id.in_(chunk))
                                  .order_by(Loan.peer_id)).all()
        scopes = _loan_scopes(connection, {row[0] for row in rows})
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
        for key, last_end in last_ends.items():
            change[key[0], last_end, "last_served"] += 1
            change[key[0], firsts[key], "first_loan"] += 1
        if kept:
            connection.execute(insert(ServedSpell), kept)
        add_amounts(connection, change)
        rereach(connection, chunk, spells_of)


# --- made again from the rows --------------------------------------------------------------

def rebuild(connection, batch=20_000):
    """Work every kept figure out again from the rows (after a bulk load, or to check)."""
    connection.execute(delete(FigureDay))
    connection.execute(delete(ServedSpell))
    connection.execute(delete(SupportReach))
    totals = Counter()
    last = 0
    while True:  # loans in batches of ids, so that memory stays flat
        ids = connection.execute(select(Loan.id).where(Loan.id > last).order_by(Loan.id)
                                 .limit(batch)).scalars().all()
        if not ids:
            break
        _loans(connection, ids, totals)
        last = ids[-1]
    _issues(connection, connection.execute(select(Issue.id)).scalars().all(), totals)
    for kind, (column, _) in ITEMS.items():
        _items(connection, {(kind, item_id) for item_id in connection.execute(
            select(column).where(column.is_not(None)).distinct()).scalars()}, totals)
    add_amounts(connection, totals)
    peers = connection.execute(select(Loan.peer_id).distinct()).scalars().all()
    for start in range(0, len(peers), batch):
        respell(connection, peers[start:start + batch])

