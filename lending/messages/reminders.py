"""The daily run's texts: peers whose kit is due in their kind's reminder days, and loans that
reached the overdue stage that calls for a reminder; one text per peer per day at most."""
from datetime import date, timedelta

from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Loan, LoanPolicy, Message, Peer, vocab
from .operations import queue_text


def due_soon(today: date) -> list[Loan]:
    """Open loans of peers who agreed to texts, due in their kind's reminder days."""
    days = {kind: LoanPolicy.for_kind(kind).remind_before_days for kind in vocab.LOAN_KINDS}
    loans = []
    for kind, before in days.items():
        if before:
            loans += db.session.execute(
                db.select(Loan).join(Peer, Peer.id == Loan.peer_id)
                .where(Loan.open_condition(), Loan.kind == kind,
                       Loan.due_date == today + timedelta(days=before), Peer.texts_allowed)
                .options(joinedload(Loan.peer)).order_by(Loan.id)).scalars().all()
    return loans


def queue_reminders(today: date, reached_reminder: list[Loan], *, by=None) -> list[Message]:
    """Queue the day's automatic texts: first for loans that reached the reminder stage today,
    then for those due soon; a peer with several gets one. Staff who borrow get none: their
    kits are on their dashboard."""
    queued = []
    for template, loans in (("overdue", [loan for loan in reached_reminder
                                         if loan.peer and loan.peer.texts_allowed]),
                            ("due_soon", due_soon(today))):
        for loan in loans:
            message = queue_text(loan.peer, template, loan=loan, automatic=True, by=by)
            if message is not None:
                queued.append(message)
    return queued
