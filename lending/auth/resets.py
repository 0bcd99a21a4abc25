"""Forgotten passwords: a link by email that works once, for a short time. The token names the
account and a fingerprint of its password hash, so it stops working once the password
changes; it is signed with the SECRET_KEY and dated, and never stored."""
import calendar
import hashlib

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from ..clock import utcnow
from ..extensions import db
from ..models import User

SALT = "password-reset"


class _AppClockSigner(TimestampSigner):
    """Dates tokens by the app's clock (clock.py), which tests can move."""

    def get_timestamp(self) -> int:
        return calendar.timegm(utcnow().timetuple())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT,
                                  signer=_AppClockSigner)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: User) -> str:
    """A token that lets this account choose a new password, once."""
    return _serializer().dumps({"user": user.id, "hash": _fingerprint(user)})


def user_for_token(token: str) -> User | None:
    """The active account a token is for, while it is fresh and unused; else None."""
    try:
        data = _serializer().loads(
            token, max_age=int(current_app.config["PASSWORD_RESET_MINUTES"]) * 60)
    except BadSignature:  # also expired (SignatureExpired is one)
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("hash") != _fingerprint(user):
        return None
    return user


def reset_email(user: User) -> str:
    """The email's words, with a link made now."""
    config = current_app.config
    link = f"{config['BASE_URL'].rstrip('/')}/reset/{reset_token(user)}"
    return gettext("Someone (we hope you) asked to reset the password of %(email)s on %(org)s."
                   "\n\nChoose a new one here within %(minutes)s minutes; the link works once:"
                   "\n%(link)s\n\nIf it was not you, ignore this email: your password stays as "
                   "it is.", email=user.email, org=config["ORG_NAME"],
                   minutes=config["PASSWORD_RESET_MINUTES"], link=link)
