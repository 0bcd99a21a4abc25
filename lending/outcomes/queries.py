"""Reads about outcomes: a peer's priority groups, whose follow-up check-in is due."""
from datetime import date, timedelta

from sqlalchemy import and_, exists, func, or_

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


def _follow_up_due(today: date):
    """The condition on Loan: a peer's open loan lent at least its kind's follow-up weeks ago
    (none when 0) with no follow-up check-in yet."""
    weeks = {kind: LoanPolicy.for_kind(kind).follow_up_weeks for kind in vocab.LOAN_KINDS}
    lent_long_enough = or_(*(and_(Loan.kind == kind, Loan.lent_on <= today - timedelta(weeks=n))
                             for kind, n in weeks.items() if n), False)
    return and_(Loan.open_condition(), Loan.peer_id.is_not(None), lent_long_enough,
                ~exists().where(CheckIn.loan_id == Loan.id, CheckIn.stage == "follow_up"))


def follow_ups_due(today: date, limit: int | None = None) -> tuple[int, list[Loan]]:
    """How many loans are due a follow-up check-in, and the first of them (oldest first)."""
    condition = _follow_up_due(today)
    total = db.session.execute(db.select(func.count()).select_from(Loan).where(condition)) \
        .scalar_one()
    query = db.select(Loan).where(condition).order_by(Loan.lent_on, Loan.id)
    return total, db.session.execute(query.limit(limit)).scalars().all()


def check_ins_of(loan) -> dict[str, CheckIn]:
    """A loan's check-ins by stage (the latest of each)."""
    rows = db.session.execute(db.select(CheckIn).where(CheckIn.loan_id == loan.id)
                              .order_by(CheckIn.held_on, CheckIn.id)).scalars()
    return {row.stage: row for row in rows}
