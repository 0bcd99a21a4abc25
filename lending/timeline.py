"""Histories of an item, a peer or a loan, gathered from every record that touches them."""
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy.orm import joinedload, selectinload

from .extensions import db
from .models import (
    AuditEntry,
    ContactAttempt,
    Issue,
    Loan,
    LoanItem,
    Renewal,
    SupportSession,
    WaitlistEntry,
    vocab,
)

# Audit actions shown in timelines; lending, returns, resets, issues and line events come
# from their own records.
EDIT_ACTIONS = {"create": "Added", "update": "Edited", "status": "Status changed",
                "activate": "Line activated", "renew_plan": "Plan renewed",
                "end_plan": "Plan end set", "line_use": "Line use recorded",
                "escalate": "Overdue step"}


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
    events += [Event(a.made_at, f"Loan #{loan.id}: reminder given",
                     vocab.label(vocab.CONTACT_METHODS, a.method).lower(), str(a.made_by or ""),
                     link) for a in loan.contact_attempts]
    if loan.returned_at:
        condition = vocab.label(vocab.CONDITIONS, loan.return_condition).lower()
        verb = "returned" if loan.status == "returned" else "closed as lost"
        detail = f"condition {condition}" if loan.return_condition else ""
        if loan.return_notes:
            detail += f"; {loan.return_notes}"
        if loan.accessories_missing:
            detail += "; not returned: " + ", ".join(vocab.ACCESSORIES[a]
                                                     for a in loan.accessories_missing)
        events.append(Event(loan.returned_at, f"Loan #{loan.id} {verb}", detail,
                            str(loan.received_by or ""), link))
    return events


def _loans_with(condition):
    """Loans whose kit matches the condition, with what their events need loaded."""
    query = (db.select(Loan).join(LoanItem).where(condition).distinct()
             .options(joinedload(Loan.peer), joinedload(Loan.lent_by),
                      joinedload(Loan.received_by),
                      selectinload(Loan.renewal_log).joinedload(Renewal.renewed_by),
                      selectinload(Loan.contact_attempts).joinedload(ContactAttempt.made_by),
                      selectinload(Loan.items).joinedload(LoanItem.device),
                      selectinload(Loan.items).joinedload(LoanItem.sim),
                      selectinload(Loan.items).joinedload(LoanItem.plan)))
    return db.session.execute(query).unique().scalars().all()


def _audit_detail(entry: AuditEntry) -> str:
    """What an audit entry says, in a few words."""
    new = {field: change[1] for field, change in entry.changes.items()}
    if entry.action == "update":
        return ", ".join(sorted(entry.changes))
    if entry.action == "status":
        return f"to {vocab.label(vocab.DEVICE_STATUSES, new.get('status')).lower()}: {entry.note}"
    if entry.action == "escalate":
        return vocab.ESCALATION_STAGES.get(new.get("escalation_stage"), "back on time") \
            if "escalation_stage" in new else entry.note
    if entry.action in ("renew_plan", "end_plan"):
        return f"last day {new.get('end_date') or 'none (until cancelled)'}"
    if entry.action == "line_use":
        return f"last used {new.get('last_used_on')}"
    return entry.note


def _audit_events(object_type: str, object_id: int) -> list[Event]:
    """Creation, edits and status changes from the audit log."""
    entries = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.object_type == object_type,
                                    AuditEntry.object_id == object_id,
                                    AuditEntry.action.in_(EDIT_ACTIONS))
        .options(joinedload(AuditEntry.user))).scalars()
    return [Event(entry.at, EDIT_ACTIONS[entry.action], _audit_detail(entry),
                  str(entry.user) if entry.user else entry.actor) for entry in entries]


def _issue_events(condition) -> list[Event]:
    """Issues logged and resolved."""
    events = []
    for issue in db.session.execute(db.select(Issue).where(condition)).scalars():
        link = url_for("issues.detail", issue_id=issue.id)
        events.append(Event(issue.logged_at, f"Issue #{issue.id}: "
                            f"{vocab.ISSUE_TYPES[issue.kind].lower()}", issue.description,
                            str(issue.logged_by), link))
        if issue.resolved_at:
            events.append(Event(issue.resolved_at, f"Issue #{issue.id} resolved",
                                vocab.label(vocab.ISSUE_RESOLUTIONS, issue.resolution),
                                str(issue.resolved_by), link))
    return events


def _in_order(events):
    """Newest first."""
    return sorted(events, key=lambda e: e.at, reverse=True)


# The issue column that names each kind of item.
ISSUE_SUBJECT_COLUMNS = {"device": Issue.device_id, "sim_card": Issue.sim_id,
                         "data_plan": Issue.plan_id}


def item_timeline(item, column) -> list[Event]:
    """A device's, SIM card's or plan's history: edits, loans, issues, resets, line events."""
    events = _audit_events(item.__tablename__, item.id)
    for loan in _loans_with(column == item.id):
        events += _loan_events(loan, f"lent to {loan.borrower_text}")
    events += _issue_events(ISSUE_SUBJECT_COLUMNS[item.__tablename__] == item.id)
    for reset in getattr(item, "resets", ()):
        events.append(Event(reset.performed_at, "Wiped and reset", reset.note,
                            str(reset.performed_by)))
    for line in getattr(item, "events", ()):
        events.append(Event(line.recorded_at, f"Line {vocab.SIM_ACTIONS[line.action].lower()}",
                            f"from {line.effective_on:%Y-%m-%d}: {line.reason}",
                            str(line.recorded_by)))
    return _in_order(events)


def peer_timeline(peer) -> list[Event]:
    """A peer's history: registration, contact changes, loans, issues, support, waitlist."""
    events = _audit_events("peer", peer.id)
    if peer.contact is not None:
        events += [Event(e.at, "Contact details " + ("recorded" if e.title == "Added"
                                                     else "changed"), e.detail, e.by)
                   for e in _audit_events("peer_contact", peer.contact.id)]
    loans = _loans_with(Loan.peer_id == peer.id)
    for loan in loans:
        kit = ", ".join(item.item.title for item in loan.items)
        events += _loan_events(loan, f"lent {kit}")
    events += _issue_events(Issue.loan_id.in_([loan.id for loan in loans]))
    for session in db.session.execute(db.select(SupportSession).filter_by(peer_id=peer.id)
                                      .options(joinedload(SupportSession.given_by))).scalars():
        events.append(Event(session.created_at, f"Support: {vocab.SUPPORT_TOPICS[session.topic]}",
                            f"{session.held_on:%Y-%m-%d}, {session.minutes} min"
                            + (f" · {session.note}" if session.note else ""),
                            str(session.given_by)))
    for entry in db.session.execute(db.select(WaitlistEntry).filter_by(peer_id=peer.id)).scalars():
        kind = vocab.LOAN_KINDS[entry.kind].lower()
        events.append(Event(entry.added_at, f"Joined the {kind} waitlist", entry.reason,
                            str(entry.added_by)))
        if entry.closed_at:
            outcome = (f"served after {entry.days_waited} days" if entry.status == "served"
                       else f"withdrawn: {entry.withdraw_reason}")
            events.append(Event(entry.closed_at, f"Left the {kind} waitlist", outcome,
                                str(entry.closed_by or "")))
    return _in_order(events)


def loan_timeline(loan) -> list[Event]:
    """One loan's history: lending, renewals, overdue steps, issues, return."""
    return _in_order(_loan_events(loan, "lent") + _audit_events("loan", loan.id)
                     + _issue_events(Issue.loan_id == loan.id))
