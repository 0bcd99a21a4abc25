"""Signing in and out: checking who someone is, and ending their sessions."""
from werkzeug.security import generate_password_hash

from ..audit.log import record
from ..extensions import db
from ..models import User
from .session import end_all_sessions

# Checked against when the email is unknown, so that both failures take the same time.
_DUMMY_HASH = generate_password_hash("not a password", method="scrypt")


def normalize_email(email: str) -> str:
    """Emails are compared without case or surrounding spaces."""
    return email.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; either way the attempt is logged."""
    user = db.session.execute(
        db.select(User).filter_by(email=normalize_email(email))).scalar_one_or_none()
    if user is None:
        User(password_hash=_DUMMY_HASH).check_password(password)
        # What was typed is not logged: people type passwords into the email field.
        record("login_failed", None, by=None, object_type="user", note="unknown account")
        return None
    if not user.check_password(password) or not user.active:
        reason = "wrong password" if user.active else "account deactivated"
        record("login_failed", user, by=user, note=reason)
        return None
    record("login", user, by=user)
    return user


def sign_out(user: User):
    """End every session of this account (here and on every other device), logged."""
    end_all_sessions(user)
    record("logout", user, by=user)
