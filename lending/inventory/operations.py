"""Rules for inventory: resets, side-path status changes, SIM lines and plan service."""
from datetime import timedelta

from sqlalchemy import func, or_

from ..audit.log import apply_changes
from ..clock import local_today
from ..extensions import db
from ..listing import Filter
from ..models import Contract, DataPlan, Device, DeviceReset, SimCard, SimEvent, vocab
from ..refusals import RuleError


def record_reset(device: Device, *, by, note="") -> DeviceReset:
    """Record that a received or returned device was wiped and set up; it becomes available."""
    if device.status not in vocab.RESETTABLE_STATUSES:
        raise RuleError(f"Only a received or returned device can be reset; this one is "
                        f"{vocab.label(vocab.DEVICE_STATUSES, device.status).lower()}.")
    reset = DeviceReset(device=device, performed_by=by, note=note)
    db.session.add(reset)
    apply_changes(device, {"status": "available"}, by=by, action="reset", note=note)
    return reset


def allowed_status_changes(device: Device) -> tuple[str, ...]:
    """The side-path statuses a manager may move this device to by hand."""
    return vocab.MANUAL_DEVICE_TRANSITIONS.get(device.status, ())


def change_device_status(device: Device, status: str, *, by, note: str, wiped=False):
    """Move a device to repair, retirement or back, with the reason logged."""
    if status not in allowed_status_changes(device):
        raise RuleError(f"A device that is "
                        f"{vocab.label(vocab.DEVICE_STATUSES, device.status).lower()} cannot "
                        f"be moved to {vocab.label(vocab.DEVICE_STATUSES, status).lower()}.")
    if status == "retired":
        if not wiped:
            raise RuleError("Confirm the wipe before retiring a device.")
        db.session.add(DeviceReset(device=device, performed_by=by,
                                   note=f"Wiped before retirement. {note}".strip()))
    apply_changes(device, {"status": status}, by=by, action="status", note=note)


def activate_sim(sim: SimCard, *, by):
    """Turn a spare SIM's line on so that it can be lent."""
    if sim.status != "spare":
        raise RuleError("Only a spare SIM card can be activated.")
    apply_changes(sim, {"status": "active"}, by=by, action="activate")


def contract_choices():
    """Contracts an item can come from, as form choices (0 means none)."""
    contracts = db.session.execute(db.select(Contract).order_by(Contract.reference)).scalars()
    return {0: "None recorded", **{c.id: f"{c.reference}: {c.title}" for c in contracts}}


def contract_filter(model):
    """The "Contract" menu of an inventory list: items a contract provided."""
    contracts = db.session.execute(db.select(Contract.id, Contract.reference)
                                   .order_by(Contract.reference)).all()
    return Filter("Contract", {str(id_): reference for id_, reference in contracts},
                  lambda value: model.contract_id == int(value))


def sim_choices():
    """SIM cards a plan can be put on, as form choices (0 means none)."""
    sims = db.session.execute(db.select(SimCard).where(SimCard.status != "cancelled")
                              .order_by(SimCard.carrier, SimCard.phone_number)).scalars()
    return {0: "No SIM card", **{sim.id: sim.title for sim in sims}}




def _sim_event(sim: SimCard, action: str, status: str, *, by, reason: str, effective_on):
    """Change a line's status and log the event with its date and reason."""
    db.session.add(SimEvent(sim=sim, action=action, effective_on=effective_on, reason=reason,
                            recorded_by=by))
    apply_changes(sim, {"status": status}, by=by, action=action, note=reason)


def suspend_sim(sim: SimCard, *, by, reason: str, effective_on=None):
    """Suspend an active line (overdue, lost or stolen kit)."""
    if sim.status != "active":
        raise RuleError(f"Only an active line can be suspended; this one is "
                        f"{vocab.label(vocab.SIM_STATUSES, sim.status).lower()}.")
    _sim_event(sim, "suspend", "suspended", by=by, reason=reason,
               effective_on=effective_on or local_today())


def reactivate_sim(sim: SimCard, *, by, reason: str, effective_on=None):
    """Turn a suspended line back on."""
    if sim.status != "suspended":
        raise RuleError("Only a suspended line can be reactivated.")
    _sim_event(sim, "reactivate", "active", by=by, reason=reason,
               effective_on=effective_on or local_today())


def cancel_sim(sim: SimCard, *, by, reason: str, effective_on=None):
    """Cancel a line for good."""
    if sim.status == "cancelled":
        raise RuleError("This SIM card is already cancelled.")
    _sim_event(sim, "cancel", "cancelled", by=by, reason=reason,
               effective_on=effective_on or local_today())


def renew_plan(plan: DataPlan, new_end, *, by):
    """Extend a plan's service to a later last date (None: until cancelled)."""
    if plan.end_date is None:
        raise RuleError("This plan already runs until it is cancelled.")
    if new_end is not None and new_end <= plan.end_date:
        raise RuleError(f"The new last date must be after {plan.end_date:%Y-%m-%d}.")
    apply_changes(plan, {"end_date": new_end}, by=by, action="renew_plan")


def end_plan(plan: DataPlan, last_day, *, by):
    """Set the last date of service, e.g. when a plan is cancelled."""
    if last_day < plan.start_date:
        raise RuleError("A plan cannot end before it starts.")
    if plan.end_date is not None and plan.end_date <= last_day:
        raise RuleError(f"The plan already ends on {plan.end_date:%Y-%m-%d}.")
    apply_changes(plan, {"end_date": last_day}, by=by, action="end_plan")


def record_line_use(plan: DataPlan, used_on, *, by):
    """Record the last day a line was seen using data (from the carrier's portal)."""
    if used_on > local_today():
        raise RuleError("The last use cannot be in the future.")
    if used_on < plan.start_date:
        raise RuleError("The last use cannot be before the plan started.")
    if plan.last_used_on and used_on <= plan.last_used_on:
        raise RuleError(f"A later use ({plan.last_used_on:%Y-%m-%d}) is already recorded.")
    apply_changes(plan, {"last_used_on": used_on}, by=by, action="line_use")


IDLE_DAYS = 30


def idle_lines_query(today):
    """Plans in service with no recorded use (or none since they started) for 30 days."""
    cutoff = today - timedelta(days=IDLE_DAYS)
    return (db.select(DataPlan)
            .where(DataPlan.start_date <= today,
                   or_(DataPlan.end_date.is_(None), DataPlan.end_date >= today),
                   func.coalesce(DataPlan.last_used_on, DataPlan.start_date) <= cutoff)
            .order_by(func.coalesce(DataPlan.last_used_on, DataPlan.start_date)))
