"""Personal access tokens: made by a person on their account page (or `flask create-token`),
shown once, kept hashed, revoked by them or ended with their account."""
import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext

from ..audit.log import apply_changes, record_created
from ..clock import utcnow
from ..extensions import db
from ..models import ApiToken, IdempotencyKey, vocab
from ..refusals import RuleError

PREFIX = "lbt_"  # so that a leaked token is recognizable (and secret scanners can find it)
MAX_DAYS = 366
DEFAULT_DAYS = 90


def hashed(secret: str) -> str:
    """The SHA-256 kept of a token's secret (a random 256-bit secret needs no slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user, *, name: str, scope: str = "read", days: int = DEFAULT_DAYS, by,
                 form_token=None) -> tuple[ApiToken, str]:
    """A new token acting as `user`, and its secret (never stored; shown once)."""
    name = " ".join(name.split())
    if not name:
        raise RuleError(gettext("Name the token after what will use it, e.g. “CRM sync”."))
    if len(name) > 80:
        raise RuleError(gettext("A token's name is at most 80 characters."))
    if scope not in vocab.TOKEN_SCOPES:
        raise RuleError(gettext("Choose read, or read and write."))
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise RuleError(gettext("A token lasts from 1 to %(max_days)s days.", max_days=MAX_DAYS))
    if not user.active:
        raise RuleError(gettext("A deactivated account cannot have tokens."))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, scope=scope, secret_hash=hashed(secret),
                     hint=secret[:len(PREFIX) + 4], expires_at=utcnow() + timedelta(days=days),
                     form_token=form_token)
    record_created(token, by=by)
    return token, secret


def revoke_token(token: ApiToken, *, by) -> bool:
    """End a token now; whether it was still in force."""
    if token.revoked_at is not None:
        return False
    apply_changes(token, {"revoked_at": utcnow()}, by=by, action="revoke")
    return True


def revoke_all_tokens(user, *, by) -> int:
    """End every token of an account (when it is deactivated); how many were in force."""
    tokens = db.session.execute(db.select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))).scalars().all()
    return sum(revoke_token(token, by=by) for token in tokens)


USE_NOTED_EVERY = timedelta(minutes=1)


def note_use(token: ApiToken, now) -> bool:
    """Remember when a token was last used, at most once a minute (not audited: it changes
    nothing anyone relies on); whether it was written."""
    if token.last_used_at is not None and now - token.last_used_at < USE_NOTED_EVERY:
        return False
    token.last_used_at = now
    return True


def claim_key(token: ApiToken, key: str, fingerprint: str) -> IdempotencyKey:
    """Hold an Idempotency-Key for a request being answered (flushed now: a second request
    with the key fails here, or waits for the first to commit)."""
    row = IdempotencyKey(token_id=token.id, key=key, fingerprint=fingerprint)
    db.session.add(row)
    db.session.flush()
    return row


def keep_answer(row: IdempotencyKey, status: int, body, location: str | None,
                etag: str | None) -> None:
    """Keep the answer a request with an Idempotency-Key got, for its retries."""
    row.status, row.body, row.location, row.etag = status, body, location, etag


def forget_old_keys(now) -> int:
    """Forget Idempotency-Keys older than a day (the daily run); how many."""
    return db.session.execute(db.delete(IdempotencyKey).where(
        IdempotencyKey.created_at < now - timedelta(days=1))).rowcount
