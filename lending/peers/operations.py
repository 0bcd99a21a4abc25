"""The rules for peers: registering them under a code, keeping their contact details apart,
the support they are given, who saw their details, and their rights over their data."""
from datetime import date

from flask_babel import gettext

from ..audit.log import apply_changes, record, record_created
from ..clock import local_today, utcnow
from ..extensions import db
from ..models import CheckIn, Loan, Message, Peer, PeerContact, PeerGroup, SupportSession, vocab
from ..models.peers import new_peer_code
from ..refusals import RuleError
from .queries import (
    inactive_peers,
    personal_data,
    similar_peers,
    support_sessions_of,
    waitlist_entries_of,
)

CODE_ATTEMPTS = 5
SUPPORT_MINUTES = (1, 600)


class SimilarPeers(RuleError):
    """A registration that may be of someone already registered: the peers it resembles."""

    def __init__(self, peers):
        super().__init__(gettext(
            "This may be someone already registered: %(codes)s. Open them to check; if this is "
            "someone new, tick the box and register again.",
            codes=", ".join(p.code for p in peers)))
        self.peers = peers


def consent_problem(peer_data: dict, today: date) -> str | None:
    """Why a peer's consent is not recorded well enough to keep them, or None: what they
    agreed to, how, and when (not a day to come)."""
    if not peer_data.get("consent_scope") or peer_data.get("consent_method") not in \
            vocab.CONSENT_METHODS or peer_data.get("consent_date") is None:
        return gettext("Record the peer's consent: what they agreed to, how and when.")
    if peer_data["consent_date"] > today:
        return gettext("The consent date cannot be in the future.")
    if peer_data.get("language", "en") not in vocab.LANGUAGES:
        return gettext("Choose English or French.")
    return None


def register_peer(peer_data: dict, contact_data: dict, *, by, someone_new=False) -> Peer:
    """Create a peer under a fresh code, with their consent; keep contact details only if some
    were given. A peer who may be registered already is refused (`SimilarPeers`) unless
    whoever registers says this is someone new."""
    problem = consent_problem(peer_data, local_today())
    if problem:
        raise RuleError(problem)
    if not someone_new:
        similar = similar_peers(contact_data, by=by)
        if similar:
            raise SimilarPeers(similar)
    for _ in range(CODE_ATTEMPTS):
        # Codes are random; on the rare clash with an existing code, draw another.
        code = new_peer_code()
        if db.session.execute(db.select(Peer.id).filter_by(code=code)).first() is None:
            break
    else:  # five clashes in a row among ~900 million codes: something else is wrong
        raise RuntimeError("could not draw an unused peer code")
    peer = Peer(code=code, registered_by=by, **peer_data)
    record_created(peer, by=by)
    if any(contact_data.values()):
        record_created(PeerContact(peer=peer, **contact_data), by=by)
    return peer


def update_peer(peer: Peer, peer_data: dict, contact_data: dict, *, by) -> bool:
    """Save changes to a peer and their contact record; True if anything changed."""
    problem = consent_problem(peer_data, local_today())
    if problem:
        raise RuleError(problem)
    changed = bool(apply_changes(peer, peer_data, by=by))
    if peer.contact is None:
        if any(contact_data.values()):
            record_created(PeerContact(peer=peer, **contact_data), by=by)
            changed = True
    else:
        changed = bool(apply_changes(peer.contact, contact_data, by=by)) or changed
    return changed


def session_problem(held_on: date, minutes, topic: str) -> str | None:
    """Why a support or group session cannot be recorded so, or None: it happened (not in
    the future), lasted a sensible number of minutes, and was about a known topic."""
    low, high = SUPPORT_MINUTES
    if not isinstance(minutes, int) or not low <= minutes <= high:
        return gettext("Enter between %(low)s and %(high)s minutes.", low=low, high=high)
    if held_on > local_today():
        return gettext("The date cannot be in the future.")
    if topic not in vocab.SUPPORT_TOPICS:
        return gettext("Choose what the session was about.")
    return None


def log_support_session(peer: Peer, *, by, held_on: date, minutes: int, topic: str, note="",
                        form_token=None) -> SupportSession:
    """Record tech help or training given to a peer (after it happened)."""
    problem = session_problem(held_on, minutes, topic)
    if problem:
        raise RuleError(problem)
    session = SupportSession(peer=peer, held_on=held_on, minutes=minutes, topic=topic,
                             note=note, given_by=by, form_token=form_token)
    record_created(session, by=by)
    return session


def record_contact_view(peer: Peer, *, by):
    """Record that someone saw this peer's name or contact details (when there are any)."""
    if peer.contact is not None and not peer.contact.is_empty:
        record("view_contact", peer, by=by)


def record_names_listed(codes: list[str], *, by, where="the peers list"):
    """Record whose preferred names a page showed someone (by code; never the names)."""
    if codes:
        record("view_contact", by=by, object_type="peer",
               note=f"names on {where}: {', '.join(codes)}")


def record_contact_export(fmt: str, *, by, searched: bool, filters: dict):
    """Record a download of peers' names and contact details (never what was searched for,
    which may be a name)."""
    record("export_contacts", by=by, object_type="peer",
           note=f"peer names and contact details exported as {fmt}"
                f"{', narrowed by a search' if searched else ''}"
                f"{', filters ' + str(filters) if filters else ''}")


def give_data_copy(peer: Peer, *, by) -> dict:
    """Everything stored about a peer, for them, on their request (logged)."""
    record("export_personal_data", peer, by=by, note="copy given on the peer's request")
    return personal_data(peer)


def remove_personal_details(peer: Peer, *, why: str, by) -> None:
    """Remove a peer's name, contacts and every free-text note about them (return notes and
    reasons, issue descriptions and resolution notes, support notes, waitlist reasons, the
    numbers and words of texts to them, which stop), their check-ins' answers and the priority
    groups they named (both deleted: outcome and reach figures then leave them out); keep
    the code, consent, dates, items, outcomes and minutes that the lending records and figures
    need. The audit log never held those words (each model's __audit_redact__), so nothing of
    them is left there either."""
    if peer.details_removed_at is not None:
        raise RuleError(gettext("This peer's details were already removed."))
    if peer.contact is not None:
        db.session.delete(peer.contact)
        peer.contact = None
    for loan in db.session.execute(db.select(Loan).filter_by(peer_id=peer.id)).scalars():
        for field in Loan.__audit_redact__:  # every free-text field of the loan
            setattr(loan, field, "")
        for issue in loan.issues:
            issue.description = issue.resolution_note = ""
    for support_session in support_sessions_of(peer):
        support_session.note = ""
    for entry in waitlist_entries_of(peer):
        entry.reason, entry.withdraw_reason = "", ""
    for message in db.session.execute(db.select(Message).filter_by(peer_id=peer.id)).scalars():
        if message.status in ("queued", "sending"):  # nothing more goes to them
            message.status, message.status_note = "withheld", "The peer's details were removed."
        message.to_address = message.body = None  # their number and words
    for check_in in db.session.execute(db.select(CheckIn).filter_by(peer_id=peer.id)).scalars():
        db.session.delete(check_in)  # one by one: the kept outcome figures follow (keeping.py)
    for named in db.session.execute(db.select(PeerGroup).filter_by(peer_id=peer.id)).scalars():
        db.session.delete(named)
    apply_changes(peer, {"details_removed_at": utcnow(), "details_removed_why": why,
                         "texts_allowed": False, "groups_consent_method": None,
                         "groups_consent_on": None}, by=by,
                  action="remove_details",
                  note="name, contacts, notes, check-ins and priority groups removed")


def anonymize_inactive(months: int, today: date, *, by) -> int:
    """Remove the personal details of every inactive peer; how many there were."""
    peers = inactive_peers(months, today)
    for peer in peers:
        remove_personal_details(peer, why=f"inactive {months} months", by=by)
    return len(peers)
