"""A peer's consent to texts, and where their texts go: their own number, or the line lent to
them while it is active."""
from flask_babel import gettext

from ...audit.log import apply_changes, record_created
from ...clock import local_today
from ...extensions import db
from ...models import Loan, LoanItem, Peer, SimCard, TextConsent, vocab
from ...refusals import RuleError


def text_consent_problem(peer: Peer, given: bool, method: str, number: str,
                         purpose: str) -> str | None:
    """Why this consent to texts cannot be recorded, or None."""
    if method not in vocab.TEXT_CONSENT_METHODS:
        return gettext("Say how the peer gave or withdrew consent.")
    if given and not purpose.strip():
        return gettext("Say what the peer agreed to receive texts about.")
    if given and number not in vocab.TEXT_NUMBERS:
        return gettext("Choose which number the texts go to.")
    if given and number == "own" and not (peer.contact and peer.contact.phone):
        return (gettext("Record the peer's phone number first, or send the texts to the line lent "
                        "to them."))
    return None


def record_text_consent(peer: Peer, *, given: bool, method: str, by, number: str = "own",
                        purpose: str = "", language: str | None = None,
                        signed: bool | None = None) -> TextConsent:
    """Record that a peer agreed to texts (or withdrew): what for, how, to which number, in
    which language, and whether the organization's name may appear."""
    problem = text_consent_problem(peer, given, method, number, purpose)
    if problem:
        raise RuleError(problem)
    if language is not None and language not in vocab.LANGUAGES:
        raise RuleError(gettext("Choose English or French."))
    consent = TextConsent(peer=peer, given=given, method=method, number=number,
                          purpose=purpose.strip()[:300], recorded_on=local_today(),
                          recorded_by=by)
    record_created(consent, by=by, note="texts allowed" if given else "texts withdrawn")
    changes = {"texts_allowed": given}
    if given:
        changes["texts_number"] = number
    if language is not None:
        changes["language"] = language
    if signed is not None:
        changes["texts_signed"] = signed
    apply_changes(peer, changes, by=by, action="text consent")
    return consent


def _lent_line(peer: Peer) -> SimCard | None:
    """The SIM card on the peer's open loan (the newest, if several)."""
    return db.session.execute(
        db.select(SimCard).join(LoanItem, LoanItem.sim_id == SimCard.id)
        .join(Loan, Loan.id == LoanItem.loan_id)
        .where(Loan.peer_id == peer.id, Loan.open_condition(), LoanItem.closed_at.is_(None))
        .order_by(Loan.lent_on.desc(), Loan.id.desc()).limit(1)).scalar_one_or_none()


def destination(peer: Peer) -> tuple[str | None, str]:
    """(number, "") where the peer's texts go, or (None, why none can)."""
    if not peer.texts_allowed:
        return None, "The peer has not agreed to texts (or withdrew)."
    if peer.texts_number == "line":
        line = _lent_line(peer)
        if line is None or not line.phone_number:
            return None, "No line is lent to the peer now."
        if line.status != "active":
            return None, f"The line lent to the peer is {line.status}."
        return line.phone_number, ""
    if not (peer.contact and peer.contact.phone):
        return None, "The peer's phone number is not recorded."
    return peer.contact.phone, ""


def consented_before(peer: Peer) -> bool:
    """Whether the peer ever agreed to texts (a START does not stand for consent never given)."""
    return db.session.execute(db.select(TextConsent.id).filter_by(
        peer_id=peer.id, given=True)).first() is not None


