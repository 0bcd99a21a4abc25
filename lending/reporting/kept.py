"""The report figures kept current in the same transaction as every change (models/figures.py).

Each flush that touches loans, their kit lines, issues, the items' contracts, kinds or values,
or a contract's partner takes away what the touched rows contributed before it and adds what
they contribute after: the rows are read from the database on both sides, so every path that
writes them (the screens, the command line, imports, the demo, tests writing history
directly) keeps the figures true. Day counts are added as increments (safe with concurrent
writers); a touched peer's spells are worked out again from their loans, with the peer's row
locked on PostgreSQL. Bulk writers that skip the session (the synthetic program) call `rebuild`.

Each contribution rule below is the Python form of a definition in metrics.py's docstrings
and docs/domain.md; tests/oracle.py holds the figures read from the summaries against the
definitions applied row by row.
"""
from collections import Counter, defaultdict
from datetime import timedelta
from itertools import groupby

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, event, func, insert, inspect, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import Contract, DataPlan, Device, Issue, Loan, LoanItem, Peer, SimCard
from ..models.figures import OPEN, PROGRAM, FigureDay, ServedSpell

LOSSES = ("lost", "stolen", "damaged")
ITEMS = {"device": (LoanItem.device_id, Device), "sim": (LoanItem.sim_id, SimCard),
         "plan": (LoanItem.plan_id, DataPlan)}
CHUNK = 500  # ids per IN list


def _chunks(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


# --- what rows contribute -------------------------------------------------------------------

def scope_ids(contract_id, partner_id) -> tuple[int, int]:
    """The scopes an item of a contract counts in: the contract's and its partner's."""
    return contract_id, -partner_id


def _loan_scopes(connection, loan_ids) -> dict[int, set[int]]:
    """The scopes of each loan: the contracts whose items are in its kit, and their
    partners (a loan counts once in a partner's scope, however many of its contracts gave
    an item of the kit)."""
    scopes = defaultdict(set)
    for chunk in _chunks(loan_ids):
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
    for chunk in _chunks(loan_ids):
        for loan_id, *row in connection.execute(select(
                Loan.id, Loan.lent_on, Loan.returned_on, Loan.due_date, Loan.status)
                .where(Loan.id.in_(chunk))):
            loan_contribution(*row, scopes.get(loan_id, ()), into)


def _issues(connection, issue_ids, into: Counter):
    """A loss (lost, stolen, damaged) adds to its kind, and the device's replacement value to
    the value lost, on its incident date: in the program and in the scope of each contract
    that gave the item it names or an item of its loan's kit."""
    for chunk in _chunks(issue_ids):
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
    for kind, ids in _by_kind(keys).items():
        column, model = ITEMS[kind]
        label = model.kind if kind == "device" else literal(
            "sim_card" if kind == "sim" else "data_plan")
        for chunk in _chunks(ids):
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


def _add(connection, amounts: Counter):
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


def _respell(connection, peer_ids):
    """Work a set of peers' spells out again from their loans."""
    for chunk in _chunks(peer_ids):
        if connection.dialect.name == "postgresql":  # one writer per peer at a time
            connection.execute(select(Peer.id).where(Peer.id.in_(chunk)).order_by(Peer.id)
                               .with_for_update())
        connection.execute(delete(ServedSpell).where(ServedSpell.peer_id.in_(chunk)))
        rows = connection.execute(select(Loan.id, Loan.peer_id, Loan.lent_on, Loan.returned_on)
                                  .where(Loan.peer_id.in_(chunk))
                                  .order_by(Loan.peer_id)).all()
        scopes = _loan_scopes(connection, {row[0] for row in rows})
        kept = []
        for peer_id, group in groupby(rows, key=lambda row: row[1]):
            loans = [(lent_on, returned_on, scopes.get(loan_id, ()))
                     for loan_id, _, lent_on, returned_on in group]
            first = min(lent_on for lent_on, _, _ in loans)
            kept += [{"scope_id": scope, "peer_id": peer_id, "start_on": start, "end_on": end,
                      "previous_end_on": previous, "first_loan_on": first}
                     for scope, start, end, previous in spells(loans)]
        if kept:
            connection.execute(insert(ServedSpell), kept)


# --- keeping them current, flush by flush --------------------------------------------------

# The columns whose change alters what a row contributes, with the relationships that set
# them (a relationship sets its column only during the flush).
WATCHED = {Loan: {"peer_id", "peer", "lent_on", "returned_on", "due_date", "status"},
           LoanItem: {"loan_id", "loan", "device_id", "device", "sim_id", "sim", "plan_id",
                      "plan"},
           Issue: {"kind", "incident_date", "loan_id", "loan", "device_id", "device", "sim_id",
                   "sim", "plan_id", "plan"},
           Device: {"contract_id", "contract", "kind", "replacement_value"},
           SimCard: {"contract_id", "contract"}, DataPlan: {"contract_id", "contract"},
           Contract: {"partner_id", "partner"}}  # its items move to the other partner's scope
ISSUE_ITEM = {"device": Issue.device_id, "sim": Issue.sim_id, "plan": Issue.plan_id}


def _changed(obj) -> bool:
    """Whether a loaded row's change alters what it contributes."""
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in WATCHED[type(obj)]
               if name in state.attrs)


def _items_of(connection, contract_id):
    """The items a contract gave, as (kind, id)."""
    return {(kind, item_id) for kind, (_, model) in ITEMS.items()
            for item_id in connection.execute(select(model.id).where(
                model.contract_id == contract_id)).scalars()}


def _item_key(obj):
    """("device" | "sim" | "plan", id) for an item, else None."""
    return next(((kind, obj.id) for kind, (_, model) in ITEMS.items()
                 if isinstance(obj, model)), None)


def _line_item(line):
    """The item a kit line holds, as (kind, id), once it has an id."""
    for kind in ITEMS:
        item = getattr(line, kind)
        item_id = getattr(line, f"{kind}_id") or (item.id if item is not None else None)
        if item_id is not None:
            return kind, item_id
    return None


class _Touched:
    """What one flush touches (loans, issues, items reaching peers, items whose contract or
    value changed, peers), and what those contributed before it."""

    def __init__(self):
        self.loans, self.issues, self.items, self.moved, self.peers = (set() for _ in range(5))
        self.before = Counter()

    def __bool__(self):
        return bool(self.loans or self.issues or self.items or self.moved)

    def widen(self, connection):
        """Add what else the touched rows change: an item whose contract, kind or value
        changed changes the loans it was on and the issues naming it; a loan changes its
        issues, its items' first lending days and its peer's spells."""
        self.items |= self.moved
        for kind, ids in _by_kind(self.moved).items():
            column = ITEMS[kind][0]
            for chunk in _chunks(ids):
                self.loans.update(connection.execute(
                    select(LoanItem.loan_id).where(column.in_(chunk))).scalars())
                self.issues.update(connection.execute(
                    select(Issue.id).where(ISSUE_ITEM[kind].in_(chunk))).scalars())
        self.moved = set()
        for chunk in _chunks(self.loans):
            self.issues.update(connection.execute(
                select(Issue.id).where(Issue.loan_id.in_(chunk))).scalars())
            for kind, (column, _) in ITEMS.items():  # a lending day moved: their first days
                self.items.update((kind, item_id) for item_id in connection.execute(
                    select(column).where(LoanItem.loan_id.in_(chunk), column.is_not(None)))
                    .scalars())
            self.peers.update(connection.execute(
                select(Loan.peer_id).where(Loan.id.in_(chunk))).scalars())


def _by_kind(keys):
    """{kind: ids} from (kind, id) pairs."""
    by_kind = defaultdict(set)
    for kind, item_id in keys:
        by_kind[kind].add(item_id)
    return by_kind


def _before_flush(session: Session, context, instances):
    """Note what the flush will touch and take what it contributes now."""
    touched = _Touched()
    changed = [obj for obj in session.dirty if type(obj) in WATCHED and _changed(obj)]
    for obj in (*changed, *(obj for obj in session.deleted if type(obj) in WATCHED)):
        if isinstance(obj, Loan):
            touched.loans.add(obj.id)
        elif isinstance(obj, LoanItem):
            touched.loans.add(obj.loan_id)
            touched.items.add(_line_item(obj))
        elif isinstance(obj, Issue):
            touched.issues.add(obj.id)
        elif isinstance(obj, Contract):
            touched.moved.update(_items_of(session.connection(), obj.id))
        else:
            touched.moved.add(_item_key(obj))
    for line in (obj for obj in session.new if isinstance(obj, LoanItem)):
        touched.items.add(_line_item(line))  # an item lent before: its first day may move
        if line.loan is not None and line.loan.id is not None:
            touched.loans.add(line.loan.id)  # a line added to a loan already made
    touched.items.discard(None)
    if touched:
        connection = session.connection()
        touched.widen(connection)
        touched.before = contributions(connection, touched.loans, touched.issues,
                                       touched.items)
    session.info["figures_touched"] = touched


def _after_flush(session: Session, context):
    """Add the difference between what the touched rows contribute now and before."""
    touched = session.info.pop("figures_touched", None) or _Touched()
    for obj in session.new:
        if isinstance(obj, Loan):
            touched.loans.add(obj.id)
        elif isinstance(obj, Issue):
            touched.issues.add(obj.id)
        elif isinstance(obj, LoanItem):
            touched.loans.add(obj.loan_id)
            touched.items.add(_line_item(obj))
    touched.items.discard(None)
    if not touched:
        return
    connection = session.connection()
    touched.widen(connection)
    change = contributions(connection, touched.loans, touched.issues, touched.items)
    change.subtract(touched.before)
    _add(connection, change)
    _respell(connection, touched.peers)


def keep_current(session_class=FlaskSession):
    """Keep the figures current in every session of the app (once, however many apps)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush", _after_flush)


# --- made again from the rows --------------------------------------------------------------

def rebuild(connection, batch=20_000):
    """Work every kept figure out again from the rows (after a bulk load, or to check)."""
    connection.execute(delete(FigureDay))
    connection.execute(delete(ServedSpell))
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
    _add(connection, totals)
    peers = connection.execute(select(Loan.peer_id).distinct()).scalars().all()
    for start in range(0, len(peers), batch):
        _respell(connection, peers[start:start + batch])

