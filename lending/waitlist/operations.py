"""The waitlist: who waits for which kind of kit, in what order, and how entries close."""
from datetime import date

from flask_babel import gettext
from sqlalchemy import func

from ..audit.log import apply_changes, record_created
from ..clock import local_today, to_local, utcnow
from ..extensions import db
from ..models import Peer, WaitlistEntry, vocab
from ..outcomes.queries import waits_first
from ..refusals import RuleError, flush_or_refuse

# The queue's order: priority first (1 is high), then who has waited longest.
QUEUE_ORDER = (WaitlistEntry.priority, WaitlistEntry.added_at, WaitlistEntry.id)


def waiting(kind: str | None = None):
    """A query of the waiting entries, in queue order, optionally for one kind."""
    query = db.select(WaitlistEntry).where(WaitlistEntry.status == "waiting")
    if kind is not None:
        query = query.where(WaitlistEntry.kind == kind)
    return query.order_by(*QUEUE_ORDER)


def waiting_count(kind: str, *, exclude_peer: Peer | None = None) -> int:
    """How many peers (other than `exclude_peer`) wait for this kind of kit."""
    query = db.select(func.count(WaitlistEntry.id)).where(
        WaitlistEntry.status == "waiting", WaitlistEntry.kind == kind)
    if exclude_peer is not None:
        query = query.where(WaitlistEntry.peer_id != exclude_peer.id)
    return db.session.execute(query).scalar_one()


def next_in_line(kind: str) -> WaitlistEntry | None:
    """The entry at the head of the queue for a kind."""
    return db.session.execute(waiting(kind).limit(1)).scalar_one_or_none()


def heads_of_queues() -> dict[str, WaitlistEntry]:
    """The head of each kind's queue, for the kinds anyone waits for (one query per kind,
    each reading one entry, however long the queues are)."""
    heads = {kind: next_in_line(kind) for kind in vocab.LOAN_KINDS}
    return {kind: entry for kind, entry in heads.items() if entry is not None}


def add_to_waitlist(peer: Peer, kind: str, *, by, priority=2, reason="") -> WaitlistEntry:
    """Put a peer in the queue for a kind of kit (once per kind), at high priority when they
    belong to a priority group that raises it."""
    if kind not in vocab.LOAN_KINDS:
        raise RuleError(gettext("Choose the kind of kit the peer is waiting for."))
    already = gettext("%(code)s is already waiting for a %(kind)s kit.", code=peer.code,
                      kind=vocab.label(vocab.LOAN_KINDS, kind).lower())
    if db.session.execute(waiting(kind).where(WaitlistEntry.peer_id == peer.id)).first():
        raise RuleError(already)
    if waits_first(peer):  # a priority group the peer named raises it (outcomes/)
        priority = 1
    entry = WaitlistEntry(peer=peer, kind=kind, priority=priority, reason=reason, added_by=by)
    db.session.add(entry)
    flush_or_refuse(already)  # a second click racing the first
    record_created(entry, by=by)
    return entry


def _days_waited(entry: WaitlistEntry, today: date) -> int:
    """Whole days between joining the queue and `today`, in the organization's zone."""
    return (today - to_local(entry.added_at).date()).days


def turn_problem(peer: Peer, kind: str) -> str | None:
    """Why lending this kind of kit to this peer now goes against the waitlist, or None: they
    wait for another kind, or someone else is next in this kind's queue. Lending anyway takes
    a reason, which the loan keeps and the waitlist shows."""
    own = db.session.execute(waiting().where(WaitlistEntry.peer_id == peer.id)).scalars().all()
    kind_name = vocab.label(vocab.LOAN_KINDS, kind).lower()
    if own and kind not in {entry.kind for entry in own}:
        waited = vocab.label(vocab.LOAN_KINDS, own[0].kind).lower()
        return gettext("%(code)s is waiting for a %(waited)s kit, not a %(kind_name)s kit.",
                       code=peer.code, waited=waited, kind_name=kind_name)
    head = next_in_line(kind)
    if head is not None and head.peer_id != peer.id:
        return (gettext("%(code)s is next in the %(kind_name)s queue (waiting since "
                        "%(to_local)s).", code=head.peer.code, kind_name=kind_name,
                        to_local=f"{to_local(head.added_at):%Y-%m-%d}"))
    return None


def staff_turn_problem(kind: str) -> str | None:
    """Why lending this kind of kit to a staff member now goes against the waitlist, or None:
    a peer waits for it. Lending anyway takes a reason, as for a peer lent out of turn."""
    head = next_in_line(kind)
    if head is None:
        return None
    return (gettext("%(code)s is next in the %(label)s queue; a kit lent to staff goes before "
                    "them.", code=head.peer.code, label=vocab.label(vocab.LOAN_KINDS,
                                                                    kind).lower()))


def serve_from_waitlist(peer: Peer, loan, *, by, today=None) -> list[WaitlistEntry]:
    """Close the peer's entries that this loan serves, recording the days waited: the one for
    its kind, or, when they waited only for other kinds and were lent this one instead (with a
    reason), those."""
    entries = db.session.execute(waiting().where(WaitlistEntry.peer_id == peer.id)) \
        .scalars().all()
    served = [entry for entry in entries if entry.kind == loan.kind] or (
        entries if loan.out_of_turn_reason else [])
    for entry in served:
        apply_changes(entry, {"status": "served", "loan_id": loan.id, "closed_at": utcnow(),
                              "closed_by_id": by.id,
                              "days_waited": _days_waited(entry, today or local_today())},
                      by=by, action="serve",
                      note="" if entry.kind == loan.kind else
                      f"lent a {vocab.label(vocab.LOAN_KINDS, loan.kind).lower()} kit instead "
                      f"(loan #{loan.id} says why)")
    return served


def withdraw(entry: WaitlistEntry, *, by, reason: str):
    """Take an entry off the queue, with the reason (kept on the entry, not in the log)."""
    if entry.status != "waiting":
        raise RuleError(gettext("This entry is no longer waiting; nothing was changed."))
    apply_changes(entry, {"status": "withdrawn", "withdraw_reason": reason,
                          "closed_at": utcnow(), "closed_by_id": by.id},
                  by=by, action="withdraw")
