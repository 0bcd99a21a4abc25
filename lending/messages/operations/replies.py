"""What the provider and the peer answer: delivery reports, and texts a peer sends (STOP, START,
HELP)."""
import re

from flask import current_app

from ...audit.log import apply_changes, record
from ...clock import utcnow
from ...extensions import db
from ...models import Loan, LoanItem, Message, Peer, PeerContact, SimCard
from ...refusals import RuleError
from .consent import consented_before, record_text_consent
from .outbox import queue_text

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "AIDE", "INFO"}

PROVIDER_STATUSES = {"queued": "sent", "accepted": "sent", "sending": "sent", "sent": "sent",
                     "delivered": "delivered", "undelivered": "failed", "failed": "failed"}
# How far along each status is: a report only ever moves a text further (they can arrive out
# of order, and "delivered" and "failed" are both the end).
PROGRESS = {"queued": 0, "sending": 1, "sent": 2, "delivered": 3, "failed": 3}


def record_delivery(provider_id: str, provider_status: str, error_code: str | None) -> bool:
    """A delivery report from the provider; whether it named a text of the outbox."""
    message = db.session.execute(db.select(Message).filter_by(
        provider_id=provider_id)).scalar_one_or_none()
    status = PROVIDER_STATUSES.get(provider_status)
    if message is None or status is None:
        return message is not None
    if PROGRESS[status] <= PROGRESS.get(message.status, 3):
        return True
    note = f"The provider reports: {provider_status}" + (f" (error {error_code})."
                                                         if error_code else ".")
    apply_changes(message, {"status": status, "status_note": note, "updated_at": utcnow()},
                  by=None, action="delivery report")
    return True


def _peers_texting_from(number: str) -> list[Peer]:
    """The peers whose texts go to this number (their own, or a line lent to them)."""
    own = db.session.execute(db.select(Peer).join(PeerContact).where(
        PeerContact.phone == number)).scalars().all()
    lent = db.session.execute(
        db.select(Peer).join(Loan, Loan.peer_id == Peer.id)
        .join(LoanItem, LoanItem.loan_id == Loan.id).join(SimCard, SimCard.id == LoanItem.sim_id)
        .where(SimCard.phone_number == number, Loan.open_condition(),
               LoanItem.closed_at.is_(None))).scalars().all()
    return list({peer.id: peer for peer in (*own, *lent)}.values())


def keyword(body: str) -> str:
    """The first word of a text, upper case, without punctuation."""
    words = re.findall(r"[^\W\d_]+", (body or "").upper())
    return words[0] if words else ""


def record_reply(from_number: str, body: str) -> list[Message]:
    """A text a peer sent: STOP (and its synonyms) withdraws their consent to texts, START
    gives it back to those who had given it, HELP is answered with the contact line. The texts
    queued in answer."""
    word, answers = keyword(body), []
    for peer in _peers_texting_from(from_number):
        try:
            if word in STOP_WORDS and peer.texts_allowed:
                record_text_consent(peer, given=False, method="text_reply", by=None,
                                    purpose=f"texted {word}")
            elif word in START_WORDS and not peer.texts_allowed and consented_before(peer):
                record_text_consent(peer, given=True, method="text_reply", by=None,
                                    number=peer.texts_number, purpose=f"texted {word}")
            elif word in HELP_WORDS and peer.texts_allowed:
                if not current_app.config["ORG_PHONE"]:
                    record("help unanswered", peer, by=None,
                           note="no contact line set (LENDING_ORG_PHONE)")
                    continue
                answers.append(queue_text(peer, "help", by=None))
        except RuleError as refusal:  # e.g. START to texts whose number is gone, HELP
            record("reply unanswered", peer, by=None, note=str(refusal))  # to a closed line
    return answers


