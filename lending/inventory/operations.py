"""Rules for inventory: resets, side-path status changes, SIM activation."""
from ..audit.log import apply_changes
from ..extensions import db
from ..models import Device, DeviceReset, SimCard, vocab
from ..rules import RuleError


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


def sim_choices():
    """SIM cards a plan can be put on, as form choices (0 means none)."""
    sims = db.session.execute(db.select(SimCard).where(SimCard.status != "cancelled")
                              .order_by(SimCard.carrier, SimCard.phone_number)).scalars()
    return {0: "No SIM card", **{sim.id: sim.title for sim in sims}}


