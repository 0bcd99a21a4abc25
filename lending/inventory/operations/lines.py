"""SIM cards and their lines (suspended, reactivated, cancelled, each with a date and a reason
kept as a log), and data plans (their service dates and last recorded use)."""
from flask_babel import gettext

from ...audit.log import apply_changes, record_created
from ...clock import local_today
from ...extensions import db
from ...models import DataPlan, SimCard, SimEvent, vocab
from ...refusals import RuleError, flush_or_refuse
from .places import place_problem


def add_sim(data: dict, *, by) -> SimCard:
    """Add a SIM card, spare or already active."""
    if data.get("status", "spare") not in ("spare", "active"):
        raise RuleError(gettext("A new SIM card is spare or active."))
    problem = place_problem(data.get("place_id"))
    if problem:
        raise RuleError(problem)
    sim = SimCard(**data)
    db.session.add(sim)
    flush_or_refuse(gettext("Another SIM card already has this ICCID or phone number."))
    record_created(sim, by=by)
    return sim


def update_sim(sim: SimCard, data: dict, *, by) -> dict:
    """Correct a SIM card's details (its line changes through the line actions); the changes."""
    if "status" in data:
        raise RuleError(gettext("A line's status changes through activation, suspension, "
                                "reactivation and cancellation, not by editing."))
    problem = place_problem(data.get("place_id"), sim.place_id)
    if problem:
        raise RuleError(problem)
    return apply_changes(sim, data, by=by)


def activate_sim(sim: SimCard, *, by):
    """Turn a spare SIM's line on so that it can be lent."""
    if sim.status != "spare":
        raise RuleError(gettext("Only a spare SIM card can be activated."))
    apply_changes(sim, {"status": "active"}, by=by, action="activate")


def _sim_event(sim: SimCard, action: str, status: str, *, by, reason: str, effective_on):
    """Change a line's status and log the event with its date and reason."""
    if not reason:
        raise RuleError(gettext("Say why the line changes."))
    db.session.add(SimEvent(sim=sim, action=action, effective_on=effective_on, reason=reason,
                            recorded_by=by))
    apply_changes(sim, {"status": status}, by=by, action=action, note=reason)


def suspend_sim(sim: SimCard, *, by, reason: str, effective_on=None):
    """Suspend an active line (overdue, lost or stolen kit)."""
    if sim.status != "active":
        raise RuleError(gettext("Only an active line can be suspended; this one is %(label)s.",
                                label=vocab.label(vocab.SIM_STATUSES, sim.status).lower()))
    _sim_event(sim, "suspend", "suspended", by=by, reason=reason,
               effective_on=effective_on or local_today())


def reactivate_sim(sim: SimCard, *, by, reason: str, effective_on=None):
    """Turn a suspended line back on."""
    if sim.status != "suspended":
        raise RuleError(gettext("Only a suspended line can be reactivated."))
    _sim_event(sim, "reactivate", "active", by=by, reason=reason,
               effective_on=effective_on or local_today())


def cancel_sim(sim: SimCard, *, by, reason: str, effective_on=None):
    """Cancel a line for good."""
    if sim.status == "cancelled":
        raise RuleError(gettext("This SIM card is already cancelled."))
    _sim_event(sim, "cancel", "cancelled", by=by, reason=reason,
               effective_on=effective_on or local_today())


def plan_dates_problem(start, end) -> str | None:
    """Why a plan cannot have these service dates, or None."""
    if end is not None and start is not None and end < start:
        return gettext("The last date of service cannot be before the start date.")
    return None


def _check_plan(data: dict):
    """Refuse plan fields that break a rule the form also states."""
    problem = plan_dates_problem(data.get("start_date"), data.get("end_date"))
    if problem:
        raise RuleError(problem)
    sim = db.session.get(SimCard, data["sim_id"]) if data.get("sim_id") else None
    if sim is not None and sim.status == "cancelled":
        raise RuleError(gettext("%(title)s is cancelled; a plan cannot be put on it.",
                                title=sim.title))


def add_plan(data: dict, *, by, form_token=None) -> DataPlan:
    """Add a data plan, on one of the program's SIM cards or on none."""
    _check_plan(data)
    plan = DataPlan(**data, form_token=form_token)
    record_created(plan, by=by)
    return plan


def update_plan(plan: DataPlan, data: dict, *, by) -> dict:
    """Correct a plan's details; the changes."""
    _check_plan({"start_date": plan.start_date, "end_date": plan.end_date, **data})
    return apply_changes(plan, data, by=by)


def renew_plan(plan: DataPlan, new_end, *, by):
    """Extend a plan's service to a later last date (None: until cancelled)."""
    if plan.end_date is None:
        raise RuleError(gettext("This plan already runs until it is cancelled."))
    if new_end is not None and new_end <= plan.end_date:
        raise RuleError(gettext("The new last date must be after %(end_date)s.",
                                end_date=f"{plan.end_date:%Y-%m-%d}"))
    apply_changes(plan, {"end_date": new_end}, by=by, action="renew_plan")


def end_plan(plan: DataPlan, last_day, *, by):
    """Set the last date of service, e.g. when a plan is cancelled."""
    if last_day < plan.start_date:
        raise RuleError(gettext("A plan cannot end before it starts."))
    if plan.end_date is not None and plan.end_date <= last_day:
        raise RuleError(gettext("The plan already ends on %(end_date)s.",
                                end_date=f"{plan.end_date:%Y-%m-%d}"))
    apply_changes(plan, {"end_date": last_day}, by=by, action="end_plan")


def record_line_use(plan: DataPlan, used_on, *, by):
    """Record the last day a line was seen using data (from the carrier's portal)."""
    if used_on > local_today():
        raise RuleError(gettext("The last use cannot be in the future."))
    if used_on < plan.start_date:
        raise RuleError(gettext("The last use cannot be before the plan started."))
    if plan.last_used_on and used_on <= plan.last_used_on:
        raise RuleError(gettext("A later use (%(last_used_on)s) is already recorded.",
                                last_used_on=f"{plan.last_used_on:%Y-%m-%d}"))
    apply_changes(plan, {"last_used_on": used_on}, by=by, action="line_use")
