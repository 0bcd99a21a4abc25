"""Histories of an item, a peer or a loan, gathered from every record that touches them."""
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext
from sqlalchemy.orm import joinedload, selectinload

from .audit.labels import ACTIONS
from .audit.reading import label
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
EDIT_ACTIONS = ("create", "update", "status", "activate", "renew_plan", "end_plan", "line_use",
                "escalate")  # read as audit/labels.py ACTIONS says


@dataclass
class Event:
    """One line of a timeline."""

    at: datetime
    title: str
    detail: str = ""
    by: str = ""
    url: str | None = None
    action: str = ""  # the audit action an edit event comes from


def _loan_events(loan: Loan, lent: str) -> list[Event]:
    """Lending, renewals and the return of one loan; `lent` says how it was lent, as the page
    tells it ("lent", "lent to P-…", "lent Samsung …")."""
    link = url_for("loans.detail", loan_id=loan.id)
    first_due = loan.renewal_log[0].previous_due if loan.renewal_log else loan.due_date
    events = [Event(loan.lent_at, gettext("Loan #%(id)s: %(lent)s", id=loan.id, lent=lent),
                    gettext("due %(day)s", day=f"{first_due:%Y-%m-%d}"), str(loan.lent_by),
                    link)]
    events += [Event(r.renewed_at, gettext("Loan #%(id)s renewed", id=loan.id),
                     gettext("due %(before)s → %(after)s", before=f"{r.previous_due:%Y-%m-%d}",
                             after=f"{r.new_due:%Y-%m-%d}"), str(r.renewed_by), link)
               for r in loan.renewal_log]
    events += [Event(a.made_at, gettext("Loan #%(id)s: reminder given", id=loan.id),
                     vocab.label(vocab.CONTACT_METHODS, a.method).lower(), str(a.made_by or ""),
                     link) for a in loan.contact_attempts]
    if loan.returned_at:
        details = []
        if loan.return_condition:
            details.append(gettext("condition %(condition)s", condition=vocab.label(
                vocab.CONDITIONS, loan.return_condition).lower()))
        if loan.return_notes:
            details.append(loan.return_notes)
        if loan.accessories_missing:
            details.append(gettext("not returned: %(accessories)s", accessories=", ".join(
                vocab.ACCESSORIES[a] for a in loan.accessories_missing)))
        title = gettext("Loan #%(id)s returned", id=loan.id) if loan.status == "returned" \
            else gettext("Loan #%(id)s closed as lost", id=loan.id)
        events.append(Event(loan.returned_at, title, "; ".join(details),
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
        return ", ".join(sorted(label(field) for field in entry.changes))
    if entry.action == "status":
        return gettext("to %(status)s: %(note)s", status=vocab.label(
            vocab.DEVICE_STATUSES, new.get("status")).lower(), note=entry.note)
    if entry.action == "escalate":
        return vocab.ESCALATION_STAGES.get(new.get("escalation_stage"), gettext("back on time")) \
            if "escalation_stage" in new else entry.note
    if entry.action in ("renew_plan", "end_plan"):
        return gettext("last day %(day)s", day=new.get("end_date")) if new.get("end_date") \
            else gettext("last day none (until cancelled)")
    if entry.action == "line_use":
        return gettext("last used %(day)s", day=new.get("last_used_on"))
    return entry.note


def _audit_events(object_type: str, object_id: int) -> list[Event]:
    """Creation, edits and status changes from the audit log."""
    entries = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.object_type == object_type,
                                    AuditEntry.object_id == object_id,
                                    AuditEntry.action.in_(EDIT_ACTIONS))
        .options(joinedload(AuditEntry.user))).scalars()
    return [Event(entry.at, ACTIONS[entry.action], _audit_detail(entry),
                  str(entry.user) if entry.user else entry.actor, action=entry.action)
            for entry in entries]


def _issue_events(condition) -> list[Event]:
    """Issues logged and resolved."""
    events = []
    for issue in db.session.execute(db.select(Issue).where(condition)).scalars():
        link = url_for("issues.detail", issue_id=issue.id)
        events.append(Event(issue.logged_at, gettext(
            "Issue #%(id)s: %(kind)s", id=issue.id, kind=vocab.ISSUE_TYPES[issue.kind].lower()),
            issue.description, str(issue.logged_by), link))
        if issue.resolved_at:
            events.append(Event(issue.resolved_at, gettext("Issue #%(id)s resolved", id=issue.id),
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
        events += _loan_events(loan, gettext("lent to %(borrower)s",
                                             borrower=loan.borrower_text))
    events += _issue_events(ISSUE_SUBJECT_COLUMNS[item.__tablename__] == item.id)
    for reset in getattr(item, "resets", ()):
        events.append(Event(reset.performed_at, gettext("Wiped and reset"), reset.note,
                            str(reset.performed_by)))
    for line in getattr(item, "events", ()):
        events.append(Event(line.recorded_at, gettext(
            "Line %(action)s", action=vocab.SIM_ACTIONS[line.action].lower()),
            gettext("from %(day)s: %(reason)s", day=f"{line.effective_on:%Y-%m-%d}",
                    reason=line.reason), str(line.recorded_by)))
    return _in_order(events)


def peer_timeline(peer) -> list[Event]:
    """A peer's history: registration, contact changes, loans, issues, support, waitlist."""
    events = _audit_events("peer", peer.id)
    if peer.contact is not None:
        events += [Event(e.at, gettext("Contact details recorded") if e.action == "create"
                         else gettext("Contact details changed"), e.detail, e.by)
                   for e in _audit_events("peer_contact", peer.contact.id)]
    loans = _loans_with(Loan.peer_id == peer.id)
    for loan in loans:
        kit = ", ".join(item.item.title for item in loan.items)
        events += _loan_events(loan, gettext("lent %(kit)s", kit=kit))
    events += _issue_events(Issue.loan_id.in_([loan.id for loan in loans]))
    for session in db.session.execute(db.select(SupportSession).filter_by(peer_id=peer.id)
                                      .options(joinedload(SupportSession.given_by))).scalars():
        detail = gettext("%(day)s, %(minutes)s min", day=f"{session.held_on:%Y-%m-%d}",
                         minutes=session.minutes)
        events.append(Event(session.created_at, gettext(
            "Support: %(topic)s", topic=vocab.SUPPORT_TOPICS[session.topic]),
            detail + (f" · {session.note}" if session.note else ""), str(session.given_by)))
    for entry in db.session.execute(db.select(WaitlistEntry).filter_by(peer_id=peer.id)).scalars():
        kind = vocab.LOAN_KINDS[entry.kind].lower()
        events.append(Event(entry.added_at, gettext("Joined the %(kind)s waitlist", kind=kind),
                            entry.reason, str(entry.added_by)))
        if entry.closed_at:
            outcome = gettext("served after %(days)s days", days=entry.days_waited) \
                if entry.status == "served" \
                else gettext("withdrawn: %(why)s", why=entry.withdraw_reason)
            events.append(Event(entry.closed_at, gettext("Left the %(kind)s waitlist", kind=kind),
                                outcome, str(entry.closed_by or "")))
    return _in_order(events)


def loan_timeline(loan) -> list[Event]:
    """One loan's history: lending, renewals, overdue steps, issues, return."""
    return _in_order(_loan_events(loan, gettext("lent")) + _audit_events("loan", loan.id)
                     + _issue_events(Issue.loan_id == loan.id))
