"""Lending a kit to a staff member: the same rules and agreement as for a peer, shown apart."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ...clock import local_today
from ...extensions import db
from ...lookup import find, signed_in_user
from ...models import AgreementVersion, Loan, User
from ...permissions import STAFF_AND_MANAGERS, allow, is_manager
from ...refusals import RuleError
from ...users.queries import active_staff
from .. import bp, queries
from ..forms import StaffLendForm
from ..operations import lend_kit
from .loans import _chosen


@bp.route("/new-for-staff", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new_for_staff():
    """Lend a kit to a staff member."""
    form = StaffLendForm()
    user, today = signed_in_user(), local_today()
    if not is_manager(user):
        del form.due_reason  # only a manager may lend beyond the loan length
    if not form.is_submitted():  # from an item's page: that item chosen
        for name in ("device", "sim", "plan"):
            form[f"{name}_id"].data = request.args.get(name, 0, type=int)
    people = {user.id: user.name for user in active_staff()}
    form.staff_id.choices = {0: gettext("Choose…"), **people}
    form.witness_id.choices = {0: gettext("No witness (signed on paper)"), **people}
    menus, cut = queries.lending_menus(today, chosen={
        name: form[f"{name}_id"].data for name in ("device", "sim", "plan")})
    for name in ("device", "sim", "plan"):
        form[f"{name}_id"].choices = menus[name]
    if form.validate_on_submit():
        picked = {name: _chosen(model, form[f"{name}_id"].data, form[f"{name}_id"])
                  for name, model in queries.MODELS.items()}
        if not any(form[f"{name}_id"].errors for name in picked):
            try:
                loan, created = form.save_once(Loan, lambda: lend_kit(
                    find(User, form.staff_id.data), by=user, accessories=form.accessories.data,
                    acceptance=form.acceptance.data, witness=find(User, form.witness_id.data),
                    due_date=form.due_date.data,
                    due_reason=form.due_reason.data if "due_reason" in form else "",
                    waitlist_reason=form.waitlist_reason.data,
                    form_token=form.form_token.data, **picked))
            except RuleError as error:
                form.form_errors.append(str(error))
            else:
                db.session.commit()
                if created:
                    flash(gettext("Loan #%(id)s to %(name)s recorded: due %(due_date)s.",
                                  id=loan.id, name=loan.staff.name,
                                  due_date=f"{loan.due_date:%Y-%m-%d}"), "success")
                else:
                    flash(gettext("Loan #%(id)s was already recorded.", id=loan.id), "info")
                return redirect(url_for(".detail", loan_id=loan.id))
    return render_template("loans/new_staff.html", form=form, cut=cut,
                           agreement=AgreementVersion.current())
