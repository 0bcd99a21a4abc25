"""The outbox: a text or email is a row before anything is sent; a worker claims it and sends
it, and what a failure means decides whether it is tried again (never when the provider may
have taken it)."""
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import update

from ...audit.log import apply_changes, record_created
from ...clock import local_to_utc, local_today, to_local, utcnow
from ...config import sending_hours
from ...extensions import db
from ...i18n import LOCALES, current_language
from ...loans.operations import record_reminder
from ...models import Loan, Message, Peer, User
from ...refusals import RuleError
from .. import mailing, texting
from ..wording import MAX_LENGTH, fill, wording
from .consent import destination

MAX_ATTEMPTS = 5
RETRY_MINUTES = (1, 5, 15, 60)  # waits before each try after a provider was unreachable
LEASE = timedelta(minutes=2)

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


def queue_text(peer: Peer, template: str, *, by, loan: Loan | None = None,
               kind: str | None = None, automatic: bool = False, body: str | None = None,
               now: datetime | None = None, form_token: str | None = None) -> Message | None:
    """Put a text for a peer in the outbox (about a loan, or a kind of kit); the worker sends
    it (after the quiet hours). An automatic text is not queued if the peer already has one
    today (None); a text that cannot go (no consent, a suspended line) is kept as withheld,
    saying why; one written by staff that cannot go is refused."""
    now = now or utcnow()
    today = to_local(now).date()
    if automatic and db.session.execute(db.select(Message.id).filter_by(
            peer_id=peer.id, day=today, automatic=True)).first() is not None:
        return None
    if template == "kit_ready" and db.session.execute(db.select(Message.id).filter_by(
            peer_id=peer.id, day=today, template="kit_ready")).first() is not None:
        raise RuleError(gettext("%(code)s was already texted today that their kit is ready.",
                                code=peer.code))
    number, why_not = destination(peer)
    if number is None and not automatic:
        raise RuleError(gettext("No text can be sent: %(why_not)s", why_not=why_not))
    if template == "one_off":
        body = (body or "").strip()
        if not body or len(body) > MAX_LENGTH:
            raise RuleError(gettext("Write the message, up to %(max_length)s characters.",
                                    max_length=MAX_LENGTH))
    else:
        body = fill(wording(template, peer.language), peer.language,
                    kind=loan.kind if loan else kind, due=loan.due_date if loan else None,
                    signed=peer.texts_signed)
    message = Message(channel="sms", template=template, language=peer.language, peer=peer,
                      loan=loan, to_address=number, body=body, automatic=automatic, day=today,
                      created_by=by, form_token=form_token)
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
    """Put an email to a person of the program in the outbox (a worker sends it), in the
    language it is written in now (the subject and body given are)."""
    message = Message(channel="email", template=template, user=user, to_address=user.email,
                      language=current_language(),
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
    if message.template == "overdue" and message.loan is not None and message.loan.is_open:
        record_reminder(message.loan, "text", by=None)  # the reminder step is done
        db.session.commit()


def _email_body(message: Message) -> str:
    """What an email says; a password reset's link is made now and never kept."""
    if message.template == "password_reset":
        from ...auth.resets import reset_email
        with force_locale(LOCALES[message.language]):
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


