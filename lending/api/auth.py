"""Who an API request acts as: the user of the personal access token it sends
(`Authorization: Bearer lbt_…`), never a session cookie. A read-only token may only read."""
import hashlib

from flask import abort, current_app, g, request
from flask_login import AnonymousUserMixin

from ..clock import utcnow
from ..extensions import db
from ..models import ApiToken
from . import is_api_request
from .operations import hashed, note_use

READING = frozenset({"GET", "HEAD", "OPTIONS"})


def bearer_secret() -> str | None:
    """The token's secret the request sends, or None."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() or None if scheme.lower() == "bearer" else None


def rate_key() -> str:
    """What the API's rate limit counts by: the token (its hash: no secret is kept in the
    limiter's store), or the address of a request without one."""
    secret = bearer_secret()
    if secret is None:
        return "address:" + (request.remote_addr or "")
    return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:32]


def authenticate():
    """Before each API request: the token's user acts (Flask-Login's current user for this
    request only), or the request is refused with 401. The documentation is public."""
    if not is_api_request():
        return None
    g._login_user = AnonymousUserMixin()  # never the session's user, whatever it sends
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "allowed_roles", None) == "public" or request.endpoint is None:
        return None
    secret = bearer_secret()
    if secret is None:
        abort(401)
    token = db.session.execute(db.select(ApiToken).where(
        ApiToken.secret_hash == hashed(secret))).scalar_one_or_none()
    now = utcnow()
    if token is None or not token.usable(now):
        abort(401, description="This token is unknown, expired or revoked.")
    if request.method not in READING and token.scope != "write":
        abort(403, description="This token may only read: make one that may read and write.")
    if note_use(token, now):
        db.session.commit()
    token.user.acting_through = token.name  # the audit log says which token acted
    g._login_user, g.api_token = token.user, token
    return None


def forget_token(_error=None):
    """After an API request: its user acts through no token any more, and is no one's
    signed-in user (a later request in the same app context, a test's, must not inherit
    either)."""
    if is_api_request():
        g.pop("_login_user", None)
    token = g.pop("api_token", None)
    if token is not None:
        token.user.acting_through = None
