"""Reads about outcomes: a peer's priority groups, whose follow-up check-in is due."""
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import CheckIn, Loan, LoanPolicy, PeerGroup, PriorityGroup, vocab


def groups_of(peer) -> list[PriorityGroup]:
    """The priority groups a peer said they belong to, by name."""
    return db.session.execute(
        db.select(PriorityGroup).join(PeerGroup, PeerGroup.group_id == PriorityGroup.id)
        .where(PeerGroup.peer_id == peer.id).order_by(PriorityGroup.name)).scalars().all()


def waits_first(peer) -> bool:
    """Whether the peer waits at high priority: they belong to a group that raises it."""
    return db.session.execute(db.select(exists().where(
        PeerGroup.peer_id == peer.id, PeerGroup.group_id == PriorityGroup.id,
        PriorityGroup.raises_waitlist))).scalar_one()


def follow_ups_due(today: date, limit: int | None = None) -> tuple[int, list[Loan]]:
    """How many loans are due a follow-up check-in, and the first of them (oldest first): a
    peer's open loan lent at least its kind's follow-up weeks ago (none when 0) with no
    follow-up check-in yet. Read as the few open loans (from their partial index) and their
    follow-ups, sorted out here: one condition per kind over a million loans made both
    databases' planners walk them (0.8 s on PostgreSQL)."""
    weeks = {kind: LoanPolicy.for_kind(kind).follow_up_weeks for kind in vocab.LOAN_KINDS}
    candidates = {loan_id: lent_on for loan_id, kind, lent_on in db.session.execute(
        select(Loan.id, Loan.kind, Loan.lent_on).where(Loan.open_condition(),
                                                       Loan.peer_id.is_not(None)))
        if weeks[kind] and lent_on <= today - timedelta(weeks=weeks[kind])}
    done = set(db.session.execute(select(CheckIn.loan_id).where(
        CheckIn.stage == "follow_up",
        CheckIn.loan_id.in_(select(Loan.id).where(Loan.open_condition())))).scalars())
    due = sorted((lent_on, loan_id) for loan_id, lent_on in candidates.items()
                 if loan_id not in done)
    shown = [loan_id for _, loan_id in due[:limit]]
    loans = db.session.execute(select(Loan).where(Loan.id.in_(shown))
                               .options(joinedload(Loan.peer))
                               .order_by(Loan.lent_on, Loan.id)).scalars().all() if shown else []
    return len(due), loans


def check_ins_of(loan) -> dict[str, CheckIn]:
    """A loan's check-ins by stage (the latest of each)."""
    rows = db.session.execute(db.select(CheckIn).where(CheckIn.loan_id == loan.id)
                              .order_by(CheckIn.held_on, CheckIn.id)).scalars()
    return {row.stage: row for row in rows}
