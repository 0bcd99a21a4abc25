"""Accounts: who may sign in, in which role, with which password. The account form and
`flask create-user` both come here, so both obey the same rules."""
from flask import current_app
from flask_babel import force_locale, gettext

from ..api.operations import revoke_all_tokens
from ..audit.log import apply_changes, record, record_created
from ..auth.operations import normalize_email
from ..auth.passwords import password_problem
from ..auth.session import end_all_sessions
from ..extensions import db
from ..i18n import LOCALES, current_language
from ..models import Message, Partner, User, vocab
from ..refusals import RuleError, flush_or_refuse


def email_problem(email: str) -> str | None:
    """Why this cannot be an account's email (it is how people sign in), or None."""
    if "@" not in email or len(email) > 254:
        return gettext("This is not an email address.")
    return None


def partner_problem(role: str, partner) -> str | None:
    """Why an account of this role cannot have (or lack) this partner (or partner id), or
    None: a funder belongs to exactly one partner, nobody else to any."""
    if role == "funder" and not partner:
        return gettext("Choose the partner this funder belongs to.")
    if role != "funder" and partner:
        return gettext("Only funders belong to a partner; leave this empty.")
    return None


def _check_role(role: str, partner: Partner | None):
    """Refuse an unknown role, or a partner that does not go with the role."""
    if role not in vocab.ROLES:
        raise RuleError(gettext("Choose a role: manager, staff or funder."))
    problem = partner_problem(role, partner)
    if problem:
        raise RuleError(problem)


def create_account(email: str, name: str, role: str, password: str, *, partner=None,
                   by, note="") -> User:
    """Create an account with a first password to hand over."""
    email = normalize_email(email)
    problem = email_problem(email) or password_problem(password, user_inputs=(email, name))
    if problem:
        raise RuleError(problem)
    _check_role(role, partner)
    if db.session.execute(db.select(User.id).filter_by(email=email)).first():
        raise RuleError(gettext("An account for %(email)s already exists.", email=email))
    user = User(email=email, name=name or email.split("@")[0], role=role, partner=partner)
    user.set_password(password)
    db.session.add(user)
    flush_or_refuse(gettext("An account for %(email)s already exists.", email=email))
    record_created(user, by=by, note=note)
    return user


def update_account(user: User, name: str, role: str, partner=None, *, by) -> dict:
    """Change someone's name, role or partner; the changes. Nobody removes their own manager
    role, so that a program always keeps the manager who is using it."""
    _check_role(role, partner)
    if user == by and role != "manager":
        raise RuleError(gettext("You cannot remove your own manager role."))
    return apply_changes(user, {"name": name, "role": role,
                                "partner_id": partner.id if partner else None}, by=by)


def set_active(user: User, active: bool, *, by):
    """Deactivate an account (its sessions end on their next request, its API tokens now) or
    reactivate it."""
    if user == by:
        raise RuleError(gettext("You cannot deactivate your own account."))
    if user.active == active:
        return
    if not active:
        end_all_sessions(user)
        revoke_all_tokens(user, by=by)
    apply_changes(user, {"active": active}, by=by,
                  action="reactivate" if active else "deactivate")


def set_password(user: User, password: str, *, by):
    """Give an account a new password; whoever knew the old one is signed out."""
    problem = password_problem(password, user_inputs=(user.email, user.name))
    if problem:
        raise RuleError(problem)
    user.set_password(password)
    end_all_sessions(user)
    record("reset_password", user, by=by)


def set_preferences(user: User, *, digest: bool, language: str | None, by):
    """A person's own choices: the morning email on or off, and their language (None: as
    their browser asks)."""
    if language is not None and language not in vocab.LANGUAGES:
        raise RuleError(gettext("Choose English or French, or as your browser asks."))
    apply_changes(user, {"digest_enabled": digest, "language": language}, by=by)


def ask_password_reset(email: str) -> Message | None:
    """A reset link by email for the active account with this address, if there is one (the
    page says the same either way). The link is made when the email is sent, never kept."""
    from ..messages.operations import queue_email  # messages import accounts' models
    user = db.session.execute(db.select(User).filter_by(
        email=normalize_email(email), active=True)).scalar_one_or_none()
    if user is None:
        return None
    record("ask_password_reset", user, by=None)
    # In their own language if they chose one, else in the one they asked in (the page's).
    with force_locale(LOCALES[user.language or current_language()]):
        return queue_email(user, "password_reset", gettext(
            "Reset your %(org)s password", org=current_app.config["ORG_NAME"]),
            "(The link is made when the email is sent, and never kept.)", by=None)
