"""Sign in and sign out."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from ..extensions import db, limiter
from ..lookup import signed_in_user
from ..models.vocab import ROLES
from ..permissions import allow, public
from . import bp
from .forms import LoginForm
from .operations import authenticate, normalize_email, sign_out
from .session import start_session


def _failed(response) -> bool:
    """A sign-in attempt that did not sign anyone in (the form came back)."""
    return request.method == "POST" and response.status_code != 302


def _account_and_address() -> str:
    """The account tried, from this address: a limit on this key slows guessing at one
    account without letting anyone elsewhere lock its owner out."""
    return f"{normalize_email(request.form.get('email', ''))[:254]}|{request.remote_addr}"


def safe_next(target: str | None) -> str | None:
    """The ?next= target if it is a path on this site, else None (no open redirects)."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               deduct_when=_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_account_and_address, deduct_when=_failed)
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        db.session.commit()
        if user is not None:
            start_session(user)
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
        form.password.errors.append("That email and password do not match an active account.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow(*ROLES)
def logout():
    """Sign out here and everywhere else (a POST checked for its CSRF token, so no link can
    sign someone out)."""
    sign_out(signed_in_user())
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
