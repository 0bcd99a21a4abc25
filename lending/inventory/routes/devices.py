"""Device screens: list, detail, create, edit, reset and status changes."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Device, LoanItem, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from ...timeline import item_timeline
from ...waitlist.operations import next_in_line
from .. import bp
from ..forms import DeviceForm, DeviceStatusForm, ResetForm
from ..listings import device_listing
from ..operations import (
    add_device,
    allowed_status_changes,
    change_device_status,
    record_reset,
    update_device,
)
from ..queries import contract_choices, place_choices


@bp.route("/devices")
@allow(*STAFF_AND_MANAGERS)
def devices():
    """All devices, searchable by make, model, serial, IMEI and asset tag."""
    listing = device_listing()
    return listing.render("inventory/devices.html")


@bp.route("/devices/new", methods=["GET", "POST"])
@allow("manager")
def new_device():
    """Add a device to inventory."""
    form = DeviceForm()
    form.contract_id.choices = contract_choices()
    form.place_id.choices = place_choices()
    if form.validate_on_submit():
        try:
            device = add_device(form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Device %(title)s added.", title=device.title), "success")
            return redirect(url_for(".device", device_id=device.id))
    return render_template("form_page.html", form=form, heading=gettext("Add a device"),
                           submit=gettext("Save device"), cancel_url=url_for(".devices"))


@bp.route("/devices/<int:device_id>")
@allow(*STAFF_AND_MANAGERS)
def device(device_id):
    """A device, where it is now, and its full history."""
    device = get_or_404(Device, device_id)
    open_item = LoanItem.open_for(LoanItem.device_id, device.id)
    next_peer = next_in_line(device.kind) if device.status == "available" else None
    return render_template("inventory/device.html", device=device, open_item=open_item,
                           next_peer=next_peer,
                           events=item_timeline(device, LoanItem.device_id),
                           reset_form=ResetForm(), status_changes=allowed_status_changes(device))


@bp.route("/devices/<int:device_id>/edit", methods=["GET", "POST"])
@allow("manager")
def edit_device(device_id):
    """Correct a device's details."""
    device = get_or_404(Device, device_id)
    form = DeviceForm(obj=device, obj_id=device.id)
    form.contract_id.choices = contract_choices()
    form.place_id.choices = place_choices(device.place_id)
    if not form.is_submitted():
        form.accessories.data = device.accessory_list
        form.missing_accessories.data = device.missing_list
        form.contract_id.data = device.contract_id or 0
        form.place_id.data = device.place_id or 0
    if form.validate_on_submit():
        try:
            changes = update_device(device, form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Device saved.") if changes else gettext("Nothing was changed."),
                  "success")
            return redirect(url_for(".device", device_id=device.id))
    return render_template("form_page.html", form=form, heading=gettext("Edit %(title)s",
                                                                        title=device.title),
                           submit=gettext("Save device"),
                           cancel_url=url_for(".device", device_id=device.id))


@bp.route("/devices/<int:device_id>/reset", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def reset_device(device_id):
    """Record the wipe and set-up that makes a device lendable again."""
    device = get_or_404(Device, device_id)
    form = ResetForm()
    if form.validate_on_submit():
        try:
            record_reset(device, by=signed_in_user(), note=form.note.data)
        except RuleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(gettext("%(title)s is wiped, reset and available.", title=device.title),
                  "success")
    else:
        flash(" ".join(map(str, form.note.errors)), "error")
    return redirect(url_for(".device", device_id=device.id))


@bp.route("/devices/<int:device_id>/status", methods=["GET", "POST"])
@allow("manager")
def device_status(device_id):
    """Send a device to repair, retire it, or bring it back from a side path."""
    device = get_or_404(Device, device_id)
    form = DeviceStatusForm()
    form.status.choices = {s: vocab.DEVICE_STATUSES[s] for s in allowed_status_changes(device)}
    if form.validate_on_submit():
        try:
            change_device_status(device, form.status.data, by=signed_in_user(), note=form.note.data,
                                 wiped=form.wiped.data)
        except RuleError as error:
            form.status.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Status changed."), "success")
            return redirect(url_for(".device", device_id=device.id))
    return render_template("inventory/device_status.html", form=form, device=device)
