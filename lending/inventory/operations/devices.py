"""Devices: adding and correcting them, the wipe and reset, and the side paths a manager
chooses (repair, retirement)."""
from flask_babel import gettext

from ...audit.log import apply_changes, record_created
from ...extensions import db
from ...models import Device, DeviceReset, vocab
from ...models.vocab import N_
from ...refusals import RuleError, flush_or_refuse
from .places import place_problem

# A new device is either still to be set up or ready to lend; lending, returns and resets
# move it on from there.
STATUSES_AT_ARRIVAL = ("received", "available")
DUPLICATE = N_("Another device already has this serial number, IMEI or asset tag.")


def imei_problem(kind: str, imei: str | None) -> str | None:
    """Why a device of this kind cannot be kept with this IMEI, or None: phones and hotspots
    always carry a modem, so they always have one."""
    if kind in vocab.KINDS_WITH_IMEI and not imei:
        return gettext("Phones and hotspots need their IMEI.")
    return None


def _check(data: dict, device: Device | None = None):
    """Refuse device fields that break a rule the form also states."""
    problem = imei_problem(data["kind"], data.get("imei")) or place_problem(
        data.get("place_id"), device.place_id if device else None)
    if problem:
        raise RuleError(problem)


def add_device(data: dict, *, by) -> Device:
    """Add a device to the inventory, as received or already set up."""
    _check(data)
    if data.get("status", "received") not in STATUSES_AT_ARRIVAL:
        raise RuleError(gettext("A new device is received (to be set up) or available."))
    device = Device(**data)
    db.session.add(device)
    flush_or_refuse(gettext(DUPLICATE))
    record_created(device, by=by)
    return device


def update_device(device: Device, data: dict, *, by) -> dict:
    """Correct a device's details (its status moves only through actions); the changes."""
    if "status" in data:
        raise RuleError(gettext("A device's status changes through lending, returns, resets and "
                                "the status page, not by editing."))
    _check({"kind": device.kind, "imei": device.imei, **data}, device)
    return apply_changes(device, data, by=by)


def record_reset(device: Device, *, by, note="") -> DeviceReset:
    """Record that a received or returned device was wiped and set up; it becomes available."""
    if device.status not in vocab.RESETTABLE_STATUSES:
        raise RuleError(gettext("Only a received or returned device can be reset; this one is "
                                "%(label)s.", label=vocab.label(vocab.DEVICE_STATUSES,
                                                                device.status).lower()))
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
        raise RuleError(gettext(
            "A device that is %(now)s cannot be moved to %(then)s.",
            now=vocab.label(vocab.DEVICE_STATUSES, device.status).lower(),
            then=vocab.label(vocab.DEVICE_STATUSES, status).lower()))
    if not note:
        raise RuleError(gettext("Say why the device's status changes."))
    if status == "retired":
        if not wiped:
            raise RuleError(gettext("Confirm the wipe before retiring a device."))
        db.session.add(DeviceReset(device=device, performed_by=by,
                                   note=f"Wiped before retirement. {note}".strip()))
    apply_changes(device, {"status": status}, by=by, action="status", note=note)
