"""Who is signed in, and for how long: sessions end after an idle spell, after an absolute
lifetime, and everywhere at once when the account signs out, is deactivated or gets a new
password (each session carries the account's session version)."""
import time

from flask import current_app, flash, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

from ..api import is_api_request
from ..extensions import db, login_manager
from ..models import User

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see that page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str):
    """The active user whose session is still current, or None (which signs the session
    out): a deactivated account, or one whose sessions were all ended since this one began."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or session.get("version") != user.session_version:
        return None
    return user


def _now() -> int:
    """Seconds since the epoch (a function, so that tests can move time on)."""
    return int(time.time())


def start_session(user: User) -> None:
    """A fresh session for someone who just proved who they are (never remembered)."""
    session.clear()
    login_user(user, remember=False)
    now = _now()
    session.update(version=user.session_version, started=now, seen=now)


def end_all_sessions(user: User) -> None:
    """Make every session of this account invalid from its next request on."""
    user.session_version += 1


def check_session_age():
    """Before each request: sign out a session idle or alive for too long."""
    if "_user_id" not in session:
        return
    now = _now()
    idle = now - session.get("seen", 0) > current_app.config["SESSION_IDLE_MINUTES"] * 60
    old = now - session.get("started", 0) > current_app.config["SESSION_MAX_HOURS"] * 3600
    if idle or old:
        logout_user()
        session.clear()
        flash(_("You were signed out after a while without activity. Please sign in again.")
              if idle else _("You were signed out after a long session. Please sign in again."),
              "info")
    elif now - session.get("seen", 0) > 60:  # rewrite the cookie at most once a minute
        session["seen"] = now


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, marked Secure whenever the request came over HTTPS.
    The API has none: it reads no cookie and sets none (a token says who acts)."""

    def open_session(self, app, request):
        """The cookie's session; an empty one for the API, whatever cookie it sent."""
        if is_api_request():
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        """Write the cookie, never on an API answer."""
        if not is_api_request():
            super().save_session(app, session, response)

    def get_cookie_secure(self, app):
        """Secure by configuration, or because this request is HTTPS (behind a proxy, the
        app sees that when TRUSTED_PROXIES is set)."""
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


# The app's own files, the same for everyone: browsers may keep them.
SHARED_FILES = {"static", "bootstrap.static", "favicon"}


def keep_out_of_caches(response):
    """After each request: nothing answered to a signed-in user (pages, downloads, JSON) is
    kept by the browser or any cache between, so the next person at a shared drop-in
    computer cannot bring it back after sign-out."""
    if request.endpoint not in SHARED_FILES and ("_user_id" in session or is_api_request()):
        response.headers["Cache-Control"] = "no-store"
    return response
