"""SIM card screens: list, detail, create, edit, activate."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext

from ...clock import local_today
from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import DataPlan, LoanItem, SimCard, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from ...timeline import item_timeline
from ...waitlist.operations import next_in_line
from .. import bp
from ..forms import LineEventForm, SimForm
from ..listings import sim_listing
from ..operations import activate_sim, add_sim, cancel_sim, reactivate_sim, suspend_sim, update_sim
from ..queries import contract_choices, place_choices


@bp.route("/sims")
@allow(*STAFF_AND_MANAGERS)
def sims():
    """All SIM cards, searchable by ICCID, number and carrier."""
    listing = sim_listing()
    return listing.render("inventory/sims.html")


@bp.route("/sims/new", methods=["GET", "POST"])
@allow("manager")
def new_sim():
    """Add a SIM card."""
    form = SimForm()
    form.contract_id.choices = contract_choices()
    form.place_id.choices = place_choices()
    if form.validate_on_submit():
        try:
            sim = add_sim(form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("%(title)s added.", title=sim.title), "success")
            return redirect(url_for(".sim", sim_id=sim.id))
    return render_template("form_page.html", form=form, heading=gettext("Add a SIM card"),
                           submit=gettext("Save SIM card"), cancel_url=url_for(".sims"))


@bp.route("/sims/<int:sim_id>")
@allow(*STAFF_AND_MANAGERS)
def sim(sim_id):
    """A SIM card, its plans, where it is now and its history."""
    sim = get_or_404(SimCard, sim_id)
    open_item = LoanItem.open_for(LoanItem.sim_id, sim.id)
    plans = db.session.execute(db.select(DataPlan).where(DataPlan.sim_id == sim.id)
                               .order_by(DataPlan.start_date.desc())).scalars().all()
    next_peer = next_in_line("data_only") if sim.status == "active" and not open_item else None
    return render_template("inventory/sim.html", sim=sim, open_item=open_item, plans=plans,
                           next_peer=next_peer,
                           events=item_timeline(sim, LoanItem.sim_id))


@bp.route("/sims/<int:sim_id>/edit", methods=["GET", "POST"])
@allow("manager")
def edit_sim(sim_id):
    """Correct a SIM card's details."""
    sim = get_or_404(SimCard, sim_id)
    form = SimForm(obj=sim, obj_id=sim.id)
    form.contract_id.choices = contract_choices()
    form.place_id.choices = place_choices(sim.place_id)
    if not form.is_submitted():
        form.contract_id.data = sim.contract_id or 0
        form.place_id.data = sim.place_id or 0
    if form.validate_on_submit():
        try:
            changes = update_sim(sim, form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("SIM card saved.") if changes else gettext("Nothing was changed."),
                  "success")
            return redirect(url_for(".sim", sim_id=sim.id))
    return render_template("form_page.html", form=form, heading=gettext("Edit %(title)s",
                                                                        title=sim.title),
                           submit=gettext("Save SIM card"), cancel_url=url_for(".sim",
                                                                               sim_id=sim.id))


@bp.route("/sims/<int:sim_id>/activate", methods=["POST"])
@allow("manager")
def activate(sim_id):
    """Turn a spare SIM's line on."""
    sim = get_or_404(SimCard, sim_id)
    try:
        activate_sim(sim, by=signed_in_user())
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("%(title)s is active.", title=sim.title), "success")
    return redirect(url_for(".sim", sim_id=sim.id))


LINE_ACTIONS = {"suspend": (suspend_sim, vocab.N_("Suspend the line")),
                "reactivate": (reactivate_sim, vocab.N_("Reactivate the line")),
                "cancel": (cancel_sim, vocab.N_("Cancel the line for good"))}


@bp.route("/sims/<int:sim_id>/line/<action>", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def line_event(sim_id, action):
    """Suspend, reactivate or cancel a line, with its date and reason logged."""
    sim = get_or_404(SimCard, sim_id)
    if action not in LINE_ACTIONS:
        abort(404)
    operation, heading = LINE_ACTIONS[action]
    heading = gettext(heading)
    form = LineEventForm()
    if not form.is_submitted():
        form.effective_on.data = local_today()
    if form.validate_on_submit():
        try:
            operation(sim, by=signed_in_user(), reason=form.reason.data,
                      effective_on=form.effective_on.data)
        except RuleError as error:
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(gettext("%(title)s: %(action)s.", title=sim.title,
                          action=vocab.SIM_ACTIONS[action].lower()), "success")
        return redirect(url_for(".sim", sim_id=sim.id))
    return render_template("form_page.html", form=form, submit=heading,
                           heading=gettext("%(heading)s: %(title)s", heading=heading,
                                           title=sim.title),
                           cancel_url=url_for(".sim", sim_id=sim.id))
