"""Histories of an item, a peer or a loan, gathered from every record that touches them."""
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy.orm import joinedload, selectinload

from .extensions import db
from .models import AuditEntry, Loan, LoanItem, Renewal, vocab

# Audit actions shown in timelines; lending, returns and resets come from their own records.
EDIT_ACTIONS = {"create": "Added", "update": "Edited", "status": "Status changed",
                "activate": "Line activated"}


@dataclass
class Event:
    """One line of a timeline."""

    at: datetime
    title: str
    detail: str = ""
    by: str = ""
    url: str | None = None


def _loan_events(loan: Loan, subject: str) -> list[Event]:
    """Lending, renewals and the return of one loan, told about `subject`."""
    link = url_for("loans.detail", loan_id=loan.id)
    first_due = loan.renewal_log[0].previous_due if loan.renewal_log else loan.due_date
    events = [Event(loan.lent_at, f"Loan #{loan.id}: {subject}",
                    f"due {first_due:%Y-%m-%d}", str(loan.lent_by), link)]
    events += [Event(r.renewed_at, f"Loan #{loan.id} renewed",
                     f"due {r.previous_due:%Y-%m-%d} → {r.new_due:%Y-%m-%d}", str(r.renewed_by),
                     link) for r in loan.renewal_log]
    if loan.returned_at:
        condition = vocab.label(vocab.CONDITIONS, loan.return_condition).lower()
        verb = "returned" if loan.status == "returned" else "closed as lost"
        detail = f"condition {condition}" if loan.return_condition else ""
        if loan.return_notes:
            detail += f"; {loan.return_notes}"
        events.append(Event(loan.returned_at, f"Loan #{loan.id} {verb}", detail,
                            str(loan.received_by or ""), link))
    return events


def _loans_with(condition):
    """Loans whose kit matches the condition, with what their events need loaded."""
    query = (db.select(Loan).join(LoanItem).where(condition).distinct()
             .options(joinedload(Loan.peer), joinedload(Loan.lent_by),
                      joinedload(Loan.received_by),
                      selectinload(Loan.renewal_log).joinedload(Renewal.renewed_by),
                      selectinload(Loan.items).joinedload(LoanItem.device),
                      selectinload(Loan.items).joinedload(LoanItem.sim),
                      selectinload(Loan.items).joinedload(LoanItem.plan)))
    return db.session.execute(query).unique().scalars().all()


def _audit_events(object_type: str, object_id: int) -> list[Event]:
    """Creation, edits and status changes from the audit log."""
    entries = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.object_type == object_type,
                                    AuditEntry.object_id == object_id,
                                    AuditEntry.action.in_(EDIT_ACTIONS))
        .options(joinedload(AuditEntry.user))).scalars()
    events = []
    for entry in entries:
        detail = entry.note
        if entry.action == "update":
            detail = ", ".join(sorted(entry.changes))
        elif entry.action == "status":
            new = entry.changes.get("status", [None, ""])[1]
            detail = f"to {vocab.label(vocab.DEVICE_STATUSES, new).lower()}: {entry.note}"
        events.append(Event(entry.at, EDIT_ACTIONS[entry.action], detail,
                            str(entry.user) if entry.user else entry.actor))
    return events


def _in_order(events):
    """Newest first."""
    return sorted(events, key=lambda e: e.at, reverse=True)


def item_timeline(item, column) -> list[Event]:
    """A device's, SIM card's or plan's history: edits, loans and (for devices) resets."""
    events = _audit_events(item.__tablename__, item.id)
    for loan in _loans_with(column == item.id):
        events += _loan_events(loan, f"lent to {loan.peer.code}")
    for reset in getattr(item, "resets", ()):
        events.append(Event(reset.performed_at, "Wiped and reset", reset.note,
                            str(reset.performed_by)))
    return _in_order(events)


def peer_timeline(peer) -> list[Event]:
    """A peer's history: registration, contact changes and every loan."""
    events = _audit_events("peer", peer.id)
    if peer.contact is not None:
        events += [Event(e.at, "Contact details changed", e.detail, e.by)
                   for e in _audit_events("peer_contact", peer.contact.id)]
    loans = _loans_with(Loan.peer_id == peer.id)
    for loan in loans:
        kit = ", ".join(item.item.title for item in loan.items)
        events += _loan_events(loan, f"lent {kit}")
    return _in_order(events)


def loan_timeline(loan) -> list[Event]:
    """One loan's history."""
    return _in_order(_loan_events(loan, "lent"))
