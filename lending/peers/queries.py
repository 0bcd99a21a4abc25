"""Reads about peers: who may already be registered, everything a copy on request holds, and
which peers the retention rule has reached. Erasure itself is an operation (operations.py)."""
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import exists, func, or_

from ..clock import utc_end_of_local_day, utcnow
from ..database import equals_folded
from ..extensions import db
from ..models import (
    GroupAttendance,
    Issue,
    Loan,
    Message,
    Peer,
    PeerContact,
    SupportSession,
    WaitlistEntry,
    vocab,
)
from ..outcomes.queries import groups_of
from ..outcomes.questions import answers

SIMILAR_SHOWN = 5
RECENT_MINUTES = 10  # a registration with no name or contact is compared with these

DEFAULT_MONTHS = 24


def personal_data(peer: Peer) -> dict:
    """Everything stored about a peer, for an access request."""
    contact = peer.contact
    loans = db.session.execute(db.select(Loan).filter_by(peer_id=peer.id)
                               .order_by(Loan.lent_on)).scalars().all()
    return {
        "peer_code": peer.code,
        "registered": peer.created_at.isoformat(),
        "consent": {"for": peer.consent_scope, "how": peer.consent_method,
                    "when": peer.consent_date.isoformat() if peer.consent_date else None},
        "name_and_contact": None if contact is None else {
            "preferred_name": contact.preferred_name, "phone": contact.phone,
            "email": contact.email, "other": contact.other_contact},
        "loans": [{"loan": loan.id, "lent_on": loan.lent_on.isoformat(),
                   "due": loan.due_date.isoformat(),
                   "returned_on": loan.returned_on.isoformat() if loan.returned_on else None,
                   "outcome": vocab.LOAN_STATUSES[loan.status],
                   "items": [line.item.title for line in loan.items],
                   "agreement_version": loan.agreement_version.number
                   if loan.agreement_version else None,
                   "return_notes": loan.return_notes,
                   "issues": [{"what": vocab.ISSUE_TYPES[issue.kind],
                               "date": issue.incident_date.isoformat(),
                               "description": issue.description} for issue in loan.issues]}
                  for loan in loans],
        "support_sessions": [{"date": s.held_on.isoformat(), "minutes": s.minutes,
                              "topic": vocab.SUPPORT_TOPICS[s.topic], "note": s.note}
                             for s in support_sessions_of(peer)],
        "waitlist": [{"kind": vocab.LOAN_KINDS[e.kind], "added": e.added_at.isoformat(),
                      "status": vocab.WAITLIST_STATUSES[e.status], "reason": e.reason}
                     for e in waitlist_entries_of(peer)],
        "texts": {"allowed": peer.texts_allowed, "to": peer.texts_number,
                  "language": peer.language, "signed": peer.texts_signed,
                  "sent": [{"made": m.created_at.isoformat(), "to": m.to_address,
                            "text": m.body, "status": vocab.MESSAGE_STATUSES[m.status]}
                           for m in texts_of(peer)]},
        "priority_groups": {"consent": peer.groups_consent_method,
                            "groups": [group.name for group in groups_of(peer)]},
        "check_ins": [{"date": c.held_on.isoformat(), "when": vocab.CHECK_IN_STAGES[c.stage],
                       "questions_version": c.version.number, "answers": dict(answers(c))}
                      for c in sorted(peer.check_ins, key=lambda c: (c.held_on, c.id))],
        "group_sessions": [{"date": line.session.held_on.isoformat(),
                            "topic": vocab.SUPPORT_TOPICS[line.session.topic],
                            "minutes": line.session.minutes}
                           for line in db.session.execute(db.select(GroupAttendance).filter_by(
                               peer_id=peer.id)).scalars()],
        "details_removed": peer.details_removed_at.isoformat()
        if peer.details_removed_at else None,
    }


def texts_of(peer):
    """The texts made for a peer, oldest first."""
    return db.session.execute(db.select(Message).filter_by(peer_id=peer.id)
                              .order_by(Message.id)).scalars().all()


def support_sessions_of(peer):
    """A peer's support sessions, oldest first."""
    return db.session.execute(db.select(SupportSession).filter_by(peer_id=peer.id)
                              .order_by(SupportSession.held_on)).scalars().all()


def waitlist_entries_of(peer):
    """A peer's waitlist entries, oldest first."""
    return db.session.execute(db.select(WaitlistEntry).filter_by(peer_id=peer.id)
                              .order_by(WaitlistEntry.added_at)).scalars().all()


def inactive_peers(months: int, today: date):
    """Peers with details to remove: no open loan and nothing recorded for `months`."""
    since = today - relativedelta(months=months)
    moment = utc_end_of_local_day(since)
    recent = [
        exists().where(Loan.peer_id == Peer.id, or_(
            Loan.open_condition(), Loan.lent_on > since,
            Loan.returned_on > since)),
        exists().where(SupportSession.peer_id == Peer.id, SupportSession.held_on > since),
        exists().where(WaitlistEntry.peer_id == Peer.id, or_(
            WaitlistEntry.added_at > moment, WaitlistEntry.closed_at > moment,
            WaitlistEntry.status == "waiting")),
        exists().where(Issue.loan_id == Loan.id, Loan.peer_id == Peer.id,
                       Issue.incident_date > since),
    ]
    return db.session.execute(db.select(Peer).where(
        Peer.details_removed_at.is_(None), Peer.created_at < moment,
        *(~condition for condition in recent))).scalars().all()


def similar_peers(contact: dict, *, by) -> list[Peer]:
    """Peers who may be the person about to be registered: the same preferred name (whatever
    its case and accents), phone or email; or, for a registration with none of those, the
    peers with none that the same person registered in the last few minutes (the back button
    and a second submit)."""
    query = db.select(Peer).order_by(Peer.id).limit(SIMILAR_SHOWN)
    same = []
    if contact.get("preferred_name"):
        same.append(equals_folded(PeerContact.preferred_name, contact["preferred_name"]))
    if contact.get("phone"):
        same.append(PeerContact.phone == contact["phone"])
    if contact.get("email"):
        same.append(func.lower(PeerContact.email) == contact["email"].lower())
    if same:
        return db.session.execute(query.join(PeerContact).where(db.or_(*same))).scalars().all()
    if any(contact.values()) or by is None:
        return []
    return db.session.execute(query.outerjoin(PeerContact).where(
        PeerContact.id.is_(None), Peer.registered_by_id == by.id,
        Peer.created_at >= utcnow() - timedelta(minutes=RECENT_MINUTES))).scalars().all()
