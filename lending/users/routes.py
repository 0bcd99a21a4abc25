"""User management screens: list, create, edit role, deactivate, reset password."""
from flask import flash, redirect, render_template, url_for

from ..audit.log import apply_changes, record, record_created
from ..auth.session import end_all_sessions
from ..extensions import db
from ..listing import Filter, Listing
from ..lookup import get_or_404, signed_in_user
from ..models import Partner, User, vocab
from ..permissions import allow
from . import bp
from .forms import EditUserForm, NewUserForm, ResetPasswordForm


def _partner_choices():
    """Partners as choices, after "none"."""
    return {0: "None", **{p.id: str(p) for p in db.session.execute(
        db.select(Partner).order_by(Partner.name)).scalars()}}


@bp.route("")
@allow("manager")
def index():
    """Every account, searchable by name and email."""
    listing = Listing(
        db.select(User), sorts={"name": User.name, "email": User.email, "role": User.role},
        default_sort="name", tiebreak=(User.id,), search=(User.name, User.email),
        filters={"role": Filter("Role", vocab.choices(vocab.ROLES), lambda v: User.role == v),
                 "active": Filter("State", {"yes": "Active", "no": "Deactivated"},
                                  lambda v: User.active.is_(v == "yes"))})
    return render_template("users/index.html", listing=listing)


@bp.route("/new", methods=["GET", "POST"])
@allow("manager")
def new():
    """Create an account with a first password to hand over."""
    form = NewUserForm()
    form.partner_id.choices = _partner_choices()
    if form.validate_on_submit():
        user = User(email=form.email.data, name=form.name.data, role=form.role.data,
                    partner_id=form.partner_id.data or None)
        user.set_password(form.password.data)
        record_created(user)
        db.session.commit()
        flash(f"Account for {user.email} created.", "success")
        return redirect(url_for(".index"))
    return render_template("form_page.html", form=form, heading="Create an account",
                           submit="Create account", cancel_url=url_for(".index"))


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
        if user == signed_in_user() and form.role.data != "manager":
            form.role.errors.append("You cannot remove your own manager role.")
        else:
            apply_changes(user, {"name": form.name.data, "role": form.role.data,
                                 "partner_id": form.partner_id.data or None})
            db.session.commit()
            flash("Account saved.", "success")
            return redirect(url_for(".index"))
    return render_template("users/edit.html", form=form, user=user)


@bp.route("/<int:user_id>/active", methods=["POST"])
@allow("manager")
def toggle_active(user_id):
    """Deactivate an account (its sessions end on their next request) or reactivate it."""
    user = get_or_404(User, user_id)
    if user == signed_in_user():
        flash("You cannot deactivate your own account.", "error")
    else:
        if user.active:
            end_all_sessions(user)
        apply_changes(user, {"active": not user.active},
                      action="reactivate" if not user.active else "deactivate")
        db.session.commit()
        flash(f"{user.email} is {'active' if user.active else 'deactivated'}.", "success")
    return redirect(url_for(".edit", user_id=user.id))


@bp.route("/<int:user_id>/password", methods=["GET", "POST"])
@allow("manager")
def reset_password(user_id):
    """Set a new password for someone who lost theirs."""
    user = get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        end_all_sessions(user)  # whoever knew the old password is signed out
        record("reset_password", user)
        db.session.commit()
        flash(f"New password set for {user.email}; hand it over in person.", "success")
        return redirect(url_for(".edit", user_id=user.id))
    return render_template("form_page.html", form=form, submit="Set password",
                           heading=f"New password for {user.email}",
                           cancel_url=url_for(".edit", user_id=user.id))
