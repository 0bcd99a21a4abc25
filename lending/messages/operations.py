"""Every change to messages and text consents: recording a peer's consent, putting a text in
the outbox, sending it (a worker does), and what the provider and the peer answer.

A text is only ever queued for a peer who agreed to texts, to their own number or the line lent
to them, in their language; automatic ones at most once a day per peer; none goes to a line
that is suspended or cancelled, and none in the quiet hours (it waits for the morning).
"""
import re
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from ..audit.log import apply_changes, record, record_created
from ..clock import local_to_utc, local_today, to_local, utcnow
from ..config import sending_hours
from ..extensions import db
from ..models import (
    ContactAttempt,
    Loan,
    LoanItem,
    Message,
    MessageWording,
    Peer,
    SimCard,
    TextConsent,
    User,
    vocab,
)
from ..refusals import RuleError
from . import mailing, texting
from .wording import MAX_LENGTH, fill, wording, wording_problem

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "AIDE", "INFO"}
MAX_ATTEMPTS = 5
RETRY_MINUTES = (1, 5, 15, 60)  # waits before each try after a provider was unreachable
LEASE = timedelta(minutes=2)


# --- consent and preferences ---------------------------------------------------------------

def text_consent_problem(peer: Peer, given: bool, method: str, number: str,
                         purpose: str) -> str | None:
    """Why this consent to texts cannot be recorded, or None."""
    if method not in vocab.TEXT_CONSENT_METHODS:
        return "Say how the peer gave or withdrew consent."
    if given and not purpose.strip():
        return "Say what the peer agreed to receive texts about."
    if given and number not in vocab.TEXT_NUMBERS:
        return "Choose which number the texts go to."
    if given and number == "own" and not (peer.contact and peer.contact.phone):
        return ("Record the peer's phone number first, or send the texts to the line lent "
                "to them.")
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
        raise RuleError("Choose English or French.")
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


# --- where a text goes ---------------------------------------------------------------------

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


def next_sending_time(now: datetime) -> datetime | None:
    """When a text made now may go (UTC): None for at once, else the next morning's start."""
    hours = sending_hours(current_app.config["SMS_QUIET_HOURS"])
    if hours is None:
        return None
    local = to_local(now)
    start, end = hours
    if start <= local.time() < end:
        return None
    day = local.date() if local.time() < start else local.date() + timedelta(days=1)
    return local_to_utc(datetime.combine(day, start))


# --- the outbox ----------------------------------------------------------------------------

def queue_text(peer: Peer, template: str, *, by, loan: Loan | None = None,
               kind: str | None = None, automatic: bool = False, body: str | None = None,
               now: datetime | None = None) -> Message | None:
    """Put a text for a peer in the outbox (about a loan, or a kind of kit); the worker sends
    it (after the quiet hours). An automatic text is not queued if the peer already has one
    today (None); a text that cannot go (no consent, a suspended line) is kept as withheld,
    saying why; one written by staff that cannot go is refused."""
    now = now or utcnow()
    today = to_local(now).date()
    if automatic and db.session.execute(db.select(Message.id).filter_by(
            peer_id=peer.id, day=today, automatic=True)).first() is not None:
        return None
    number, why_not = destination(peer)
    if number is None and not automatic:
        raise RuleError(f"No text can be sent: {why_not}")
    if template == "one_off":
        body = (body or "").strip()
        if not body or len(body) > MAX_LENGTH:
            raise RuleError(f"Write the message, up to {MAX_LENGTH} characters.")
    else:
        body = fill(wording(template, peer.language), peer.language,
                    kind=loan.kind if loan else kind, due=loan.due_date if loan else None,
                    signed=peer.texts_signed)
    message = Message(channel="sms", template=template, language=peer.language, peer=peer,
                      loan=loan, to_address=number, body=body, automatic=automatic, day=today,
                      created_by=by)
    if number is None:
        message.status, message.status_note = "withheld", why_not
    else:
        message.send_after = next_sending_time(now)
        if message.send_after:
            message.status_note = "Quiet hours: it goes in the morning."
    record_created(message, by=by, note=f"text to {peer.code}")
    return message


def claim(message_id: int, now: datetime | None = None) -> Message | None:
    """Take a queued text whose time has come for this worker to send (None if another has
    it, or it is not due)."""
    now = now or utcnow()
    taken = db.session.execute(
        update(Message).where(Message.id == message_id, Message.status == "queued",
                              (Message.send_after.is_(None)) | (Message.send_after <= now))
        .values(status="sending", attempts=Message.attempts + 1, lease_until=now + LEASE,
                updated_at=now)).rowcount
    return db.session.get(Message, message_id, populate_existing=True) if taken else None


def queue_email(user: User, template: str, subject: str, body: str, *, by,
                day=None) -> Message:
    """Put an email to a person of the program in the outbox (a worker sends it)."""
    message = Message(channel="email", template=template, user=user, to_address=user.email,
                      subject=subject[:200], body=body, automatic=template == "digest",
                      day=day or local_today(), created_by=by)
    record_created(message, by=by, note=f"{template} email to user #{user.id}")
    return message


def _check_text(message: Message) -> tuple[str | None, str]:
    """(number, "") a text may still go to, or (None, why not)."""
    number, why_not = destination(message.peer)
    if number is not None and number != message.to_address:
        return None, "The peer's number changed: not sent to the old one."
    return number, why_not


def deliver(message_id: int):
    """Send a queued text or email if it is due and still may go; record what happened."""
    message = claim(message_id)
    db.session.commit()  # claimed: no other worker sends it
    if message is None:
        return
    if message.channel == "sms":
        address, why_not = _check_text(message)
        provider, unset = texting, "Not sent: no provider configured."
    else:
        user = message.user
        address, why_not = (user.email, "") if user is not None and user.active else (
            None, "The account is no longer active.")
        provider, unset = mailing, "Not sent: no mail server configured."
    if address is None:
        _settle(message, "withheld", why_not)
        return
    if not provider.configured():
        _settle(message, "not_sent", unset)
        return
    try:
        if message.channel == "sms":
            provider_id = texting.send(address, message.body)
        else:
            mailing.send(address, message.subject, _email_body(message))
            provider_id = None
    except texting.NotSent as refusal:
        if refusal.again and message.attempts < MAX_ATTEMPTS:
            wait = RETRY_MINUTES[min(message.attempts, len(RETRY_MINUTES)) - 1]
            _settle(message, "queued", f"{refusal} Trying again in {wait} minute(s).",
                    send_after=utcnow() + timedelta(minutes=wait))
        else:
            _settle(message, "failed", str(refusal))
        return
    _settle(message, "sent", "", provider_id=provider_id, sent_at=utcnow())
    if message.template == "overdue" and message.loan is not None:
        db.session.add(ContactAttempt(loan=message.loan, method="text", made_on=local_today()))
        db.session.commit()


def _email_body(message: Message) -> str:
    """What an email says; a password reset's link is made now and never kept."""
    if message.template == "password_reset":
        from ..auth.resets import reset_email
        return reset_email(message.user)
    return message.body


def _settle(message: Message, status: str, note: str, **fields):
    """Record what became of a text, and commit (the provider has already acted)."""
    apply_changes(message, {"status": status, "status_note": note[:300], "lease_until": None,
                            "updated_at": utcnow(), **fields}, by=None, action="send")
    db.session.commit()


def give_up_lost_sends(now: datetime | None = None) -> int:
    """Texts whose worker died while sending them: the provider may have taken them, so they
    are marked failed with what to check, never sent again."""
    now = now or utcnow()
    lost = db.session.execute(db.select(Message).where(
        Message.status == "sending", Message.lease_until < now)).scalars().all()
    for message in lost:
        apply_changes(message, {"status": "failed", "lease_until": None, "updated_at": now,
                                "status_note": "The worker stopped while sending it; the "
                                "provider may have sent it: check its message log."},
                      by=None, action="send")
    return len(lost)


def due_to_send(now: datetime | None = None, limit: int = 500) -> list[int]:
    """Ids of queued texts and emails whose time has come, oldest first."""
    now = now or utcnow()
    return db.session.execute(db.select(Message.id).where(
        Message.status == "queued",
        (Message.send_after.is_(None)) | (Message.send_after <= now))
        .order_by(Message.id).limit(limit)).scalars().all()


# --- what the provider and the peer answer -------------------------------------------------

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
    from ..models import PeerContact
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
            elif word in START_WORDS and not peer.texts_allowed and _consented_before(peer):
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


def _consented_before(peer: Peer) -> bool:
    """Whether the peer ever agreed to texts (a START does not stand for consent never given)."""
    return db.session.execute(db.select(TextConsent.id).filter_by(
        peer_id=peer.id, given=True)).first() is not None


def save_wording(template: str, language: str, body: str, *, by) -> MessageWording:
    """A manager's wording of a kind of text (checked: only the known words filled in)."""
    problem = wording_problem(body)
    if problem:
        raise RuleError(problem)
    chosen = db.session.get(MessageWording, (template, language))
    if chosen is None:
        chosen = MessageWording(template=template, language=language, body=body.strip())
        record_created(chosen, by=by, note=f"{template} ({language})")
    else:
        apply_changes(chosen, {"body": body.strip()}, by=by, note=f"{template} ({language})")
    return chosen
