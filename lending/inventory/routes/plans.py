"""Data plan screens: list, detail, create, edit."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext

from ...clock import local_today
from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import DataPlan, LoanItem, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from ...timeline import item_timeline
from .. import bp
from ..forms import PlanDateForm, PlanForm
from ..listings import plan_listing
from ..operations import add_plan, end_plan, record_line_use, renew_plan, update_plan
from ..queries import contract_choices, idle_lines_query, sim_choices


@bp.route("/plans")
@allow(*STAFF_AND_MANAGERS)
def plans():
    """All data plans, searchable by carrier and name."""
    listing = plan_listing()
    return listing.render("inventory/plans.html", today=local_today())


@bp.route("/plans/new", methods=["GET", "POST"])
@allow("manager")
def new_plan():
    """Add a data plan."""
    form = PlanForm()
    form.contract_id.choices = contract_choices()
    form.sim_id.choices = sim_choices()
    if form.validate_on_submit():
        try:
            plan, created = form.save_once(DataPlan, lambda: add_plan(
                form.model_data(), by=signed_in_user(), form_token=form.form_token.data))
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if created:
                flash(gettext("%(title)s added.", title=plan.title), "success")
            return redirect(url_for(".plan", plan_id=plan.id))
    return render_template("form_page.html", form=form, heading=gettext("Add a data plan"),
                           submit=gettext("Save data plan"), cancel_url=url_for(".plans"))


@bp.route("/plans/<int:plan_id>")
@allow(*STAFF_AND_MANAGERS)
def plan(plan_id):
    """A data plan, where it is now and its history."""
    plan = get_or_404(DataPlan, plan_id)
    open_item = LoanItem.open_for(LoanItem.plan_id, plan.id)
    idle = db.session.execute(idle_lines_query(local_today()).where(DataPlan.id == plan.id)) \
        .first() is not None
    return render_template("inventory/plan.html", plan=plan, open_item=open_item, idle=idle,
                           today=local_today(), events=item_timeline(plan, LoanItem.plan_id))


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@allow("manager")
def edit_plan(plan_id):
    """Correct a data plan's details."""
    plan = get_or_404(DataPlan, plan_id)
    form = PlanForm(obj=plan)
    form.contract_id.choices = contract_choices()
    del form.form_token  # editing cannot create anything twice
    form.sim_id.choices = sim_choices()
    if not form.is_submitted():
        form.sim_id.data = plan.sim_id or 0
        form.contract_id.data = plan.contract_id or 0
    if form.validate_on_submit():
        try:
            changes = update_plan(plan, form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Data plan saved.") if changes else gettext("Nothing was changed."),
                  "success")
            return redirect(url_for(".plan", plan_id=plan.id))
    return render_template("form_page.html", form=form, heading=gettext("Edit %(title)s",
                                                                        title=plan.title),
                           submit=gettext("Save data plan"),
                           cancel_url=url_for(".plan", plan_id=plan.id))


PLAN_ACTIONS = {
    "renew": (vocab.N_("Renew the plan"), vocab.N_("New last date of service"),
              lambda plan, form, by: renew_plan(
                  plan, None if form.until_cancelled.data else form.day.data, by=by)),
    "end": (vocab.N_("End the plan"), vocab.N_("Last date of service"),
            lambda plan, form, by: end_plan(plan, form.day.data, by=by)),
    "use": (vocab.N_("Record the line's last use"), vocab.N_("Last day the line used data"),
            lambda plan, form, by: record_line_use(plan, form.day.data, by=by)),
}


@bp.route("/plans/<int:plan_id>/<action>", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def plan_action(plan_id, action):
    """Renew or end a plan, or record when its line was last used."""
    plan = get_or_404(DataPlan, plan_id)
    if action not in PLAN_ACTIONS:
        abort(404)
    heading, date_label, operation = PLAN_ACTIONS[action]
    heading, date_label = gettext(heading), gettext(date_label)
    form = PlanDateForm()
    form.day.label.text = date_label
    if action != "renew":
        del form.until_cancelled
    if form.validate_on_submit():
        try:
            operation(plan, form, signed_in_user())
        except RuleError as error:
            form.day.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("%(heading)s: saved.", heading=heading), "success")
            return redirect(url_for(".plan", plan_id=plan.id))
    return render_template("form_page.html", form=form, submit=gettext("Save"), heading=heading,
                           cancel_url=url_for(".plan", plan_id=plan.id))
