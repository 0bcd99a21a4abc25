"""User management screens: list, create, edit role, deactivate, reset password."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from ..extensions import db
from ..listing import Filter, Listing
from ..lookup import find, get_or_404, signed_in_user
from ..models import Partner, User, vocab
from ..permissions import allow
from ..refusals import RuleError
from . import bp
from .forms import EditUserForm, NewUserForm, ResetPasswordForm
from .operations import create_account, set_active, set_password, update_account

ACCOUNT_STATES = vocab.Words({"yes": vocab.N_("Active"), "no": vocab.N_("Deactivated")})


def _partner_choices():
    """Partners as choices, after "none"."""
    return {0: gettext("None"), **{p.id: str(p) for p in db.session.execute(
        db.select(Partner).order_by(Partner.name)).scalars()}}


@bp.route("")
@allow("manager")
def index():
    """Every account, searchable by name and email."""
    listing = Listing(
        db.select(User), sorts={"name": User.name, "email": User.email, "role": User.role},
        default_sort="name", tiebreak=(User.id,), search=(User.name, User.email),
        filters={"role": Filter(vocab.N_("Role"), vocab.choices(vocab.ROLES),
                                lambda v: User.role == v),
                 "active": Filter(vocab.N_("State"), ACCOUNT_STATES,
                                  lambda v: User.active.is_(v == "yes"))})
    return render_template("users/index.html", listing=listing)


@bp.route("/new", methods=["GET", "POST"])
@allow("manager")
def new():
    """Create an account with a first password to hand over."""
    form = NewUserForm()
    form.partner_id.choices = _partner_choices()
    if form.validate_on_submit():
        try:
            user = create_account(form.email.data, form.name.data, form.role.data,
                                  form.password.data, partner=find(Partner, form.partner_id.data),
                                  by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Account for %(email)s created.", email=user.email), "success")
            return redirect(url_for(".index"))
    return render_template("form_page.html", form=form, heading=gettext("Create an account"),
                           submit=gettext("Create account"), cancel_url=url_for(".index"))


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@allow("manager")
def edit(user_id):
    """Change someone's name, role or partner."""
    user = get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    form.partner_id.choices = _partner_choices()
    if not form.is_submitted():
        form.partner_id.data = user.partner_id or 0
    if form.validate_on_submit():
        try:
            update_account(user, form.name.data, form.role.data,
                           find(Partner, form.partner_id.data), by=signed_in_user())
        except RuleError as error:
            form.role.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Account saved."), "success")
            return redirect(url_for(".index"))
    return render_template("users/edit.html", form=form, user=user)


@bp.route("/<int:user_id>/active", methods=["POST"])
@allow("manager")
def toggle_active(user_id):
    """Deactivate an account (its sessions end on their next request) or reactivate it."""
    user = get_or_404(User, user_id)
    try:
        set_active(user, not user.active, by=signed_in_user())
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("%(email)s is active.", email=user.email) if user.active
              else gettext("%(email)s is deactivated.", email=user.email), "success")
    return redirect(url_for(".edit", user_id=user.id))


@bp.route("/<int:user_id>/password", methods=["GET", "POST"])
@allow("manager")
def reset_password(user_id):
    """Set a new password for someone who lost theirs."""
    user = get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password(user, form.password.data, by=signed_in_user())
        except RuleError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("New password set for %(email)s; hand it over in person.",
                          email=user.email), "success")
            return redirect(url_for(".edit", user_id=user.id))
    return render_template("form_page.html", form=form, submit=gettext("Set password"),
                           heading=gettext("New password for %(email)s", email=user.email),
                           cancel_url=url_for(".edit", user_id=user.id))
