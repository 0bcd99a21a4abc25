"""Sign in and sign out."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..extensions import db, limiter
from ..jobs.queue import enqueue_message
from ..lookup import signed_in_user
from ..models.vocab import ROLES
from ..permissions import allow, public
from ..refusals import RuleError
from ..users.operations import ask_password_reset, set_password, set_preferences
from . import bp, token_routes  # noqa: F401  (its views join the blueprint)
from .forms import AccountForm, ForgotForm, LoginForm, NewPasswordForm
from .operations import authenticate, normalize_email, sign_out
from .resets import user_for_token
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
        form.password.errors.append(_("That email and password do not match an active account."))
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
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/forgot", methods=["GET", "POST"])
@public
@limiter.limit("5 per 15 minutes", methods=["POST"])
def forgot():
    """Ask for a link to choose a new password; the answer is the same whether or not the
    address has an account."""
    form = ForgotForm()
    if form.validate_on_submit():
        message = ask_password_reset(form.email.data)
        db.session.commit()
        if message is not None:
            enqueue_message(message)
        flash(_("If that address has an account here, an email with a link to choose a new "
                "password is on its way. The link works once, for %(minutes)d minutes.",
                minutes=current_app.config["PASSWORD_RESET_MINUTES"]), "info")
        return redirect(url_for(".login"))
    return render_template("form_page.html", form=form, heading=_("Forgot your password?"),
                           submit=_("Email me a link"), cancel_url=url_for(".login"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit("10 per 15 minutes", methods=["POST"])
def reset(token):
    """Choose a new password with a link from a reset email (once, while it is fresh)."""
    user = user_for_token(token)
    if user is None:
        flash(_("This link has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for(".forgot"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            set_password(user, form.password.data, by=user)
        except RuleError as refusal:
            form.password.errors.append(str(refusal))
        else:
            db.session.commit()
            flash(_("Your password is changed. Sign in with it."), "success")
            return redirect(url_for(".login"))
    return render_template("form_page.html", form=form, heading=_("Choose a new password"),
                           submit=_("Save password"), cancel_url=url_for(".login"))


@bp.route("/account", methods=["GET", "POST"])
@allow("staff", "manager")
def account():
    """A person's own choices: the morning email, their language."""
    user = signed_in_user()
    form = AccountForm()
    if not form.is_submitted():
        form.digest.data, form.language.data = user.digest_enabled, user.language or ""
    if form.validate_on_submit():
        set_preferences(user, digest=form.digest.data, language=form.language.data or None,
                        by=user)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".account"))
    return render_template("form_page.html", form=form, heading=_("Your account"),
                           submit=_("Save"), cancel_url=url_for("dashboard.index"))
