"""Keeping the report figures current, flush by flush (what rows contribute: kept.py).

Before a flush, what the rows it touches contribute is read from the database; after it, what
they contribute now; the difference is added to the day figures, and the touched peers'
spells are worked out again (with what their check-ins say), in the flush's own transaction.
"""
from collections import Counter

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from ..models import (
    CheckIn,
    Contract,
    DataPlan,
    Device,
    Issue,
    Loan,
    LoanItem,
    PeerGroup,
    SimCard,
    SupportSession,
)
from .kept import ITEMS, add_amounts, by_kind, chunks, contributions
from .spells import rereach, respell

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
        self.loans, self.issues, self.items, self.moved, self.peers, self.session_peers = (
            set() for _ in range(6))
        self.before = Counter()

    def __bool__(self):
        return bool(self.loans or self.issues or self.items or self.moved)

    def widen(self, connection):
        """Add what else the touched rows change: an item whose contract, kind or value
        changed changes the loans it was on and the issues naming it; a loan changes its
        issues, its items' first lending days and its peer's spells."""
        self.items |= self.moved
        for kind, ids in by_kind(self.moved).items():
            column = ITEMS[kind][0]
            for chunk in chunks(ids):
                self.loans.update(connection.execute(
                    select(LoanItem.loan_id).where(column.in_(chunk))).scalars())
                self.issues.update(connection.execute(
                    select(Issue.id).where(ISSUE_ITEM[kind].in_(chunk))).scalars())
        self.moved = set()
        for chunk in chunks(self.loans):
            self.issues.update(connection.execute(
                select(Issue.id).where(Issue.loan_id.in_(chunk))).scalars())
            for kind, (column, _) in ITEMS.items():  # a lending day moved: their first days
                self.items.update((kind, item_id) for item_id in connection.execute(
                    select(column).where(LoanItem.loan_id.in_(chunk), column.is_not(None)))
                    .scalars())
            self.peers.update(connection.execute(select(Loan.peer_id).where(
                Loan.id.in_(chunk), Loan.peer_id.is_not(None))).scalars())


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


def _peers_of(session: Session, model) -> set[int]:
    """The peers whose support sessions (or check-ins) this flush adds, changes or deletes
    (before and after a change of peer)."""
    peers = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, model):
            history = inspect(obj).attrs.peer_id.history
            peers.update(p for p in (obj.peer_id, *history.deleted) if p is not None)
    return peers


def _after_flush(session: Session, context):
    """Add the difference between what the touched rows contribute now and before; work out
    again how the scopes see the support sessions the flush touched."""
    touched = session.info.pop("figures_touched", None) or _Touched()
    touched.session_peers = _peers_of(session, SupportSession)
    # What their check-ins and priority groups say is kept with their spells.
    asked = _peers_of(session, CheckIn) | _peers_of(session, PeerGroup)
    for obj in session.new:
        if isinstance(obj, Loan):
            touched.loans.add(obj.id)
        elif isinstance(obj, Issue):
            touched.issues.add(obj.id)
        elif isinstance(obj, LoanItem):
            touched.loans.add(obj.loan_id)
            touched.items.add(_line_item(obj))
    touched.items.discard(None)
    if touched:
        connection = session.connection()
        touched.widen(connection)
        change = contributions(connection, touched.loans, touched.issues, touched.items)
        change.subtract(touched.before)
        add_amounts(connection, change)
        respell(connection, touched.peers)  # their sessions and check-ins too
    if asked - touched.peers:
        respell(session.connection(), asked - touched.peers)
    if touched.session_peers - touched.peers - asked:
        rereach(session.connection(), touched.session_peers - touched.peers - asked)


def keep_current(session_class=FlaskSession):
    """Keep the figures current in every session of the app (once, however many apps)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush", _after_flush)
