"""Sign in and sign out."""
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ..audit.log import record
from ..extensions import db
from ..models.vocab import ROLES
from ..permissions import allow, public
from . import bp
from .forms import LoginForm
from .operations import authenticate


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
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        db.session.commit()
        if user is not None:
            session.clear()  # a fresh session at sign-in
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
        form.password.errors.append("That email and password do not match an active account.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow(*ROLES)
def logout():
    """Sign out (a POST checked for its CSRF token, so no link can sign someone out)."""
    record("logout", current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
