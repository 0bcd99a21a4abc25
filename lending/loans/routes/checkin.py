"""Check-in at the counter: scan (or type) any item of a kit and land on its loan's return
form; once saved, the box is ready for the next kit."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from ...models import Device, LoanItem, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...search.anything import items_named
from ...search.records import record_url
from .. import bp
from ..forms import CheckInForm


def _not_on_loan(item) -> str:
    """Why an item found at check-in has no loan to close."""
    if isinstance(item, Device):
        status = vocab.label(vocab.DEVICE_STATUSES, item.status).lower()
    else:
        status = vocab.label(vocab.SIM_STATUSES, item.status).lower()
    return gettext("%(title)s is not on loan (it is %(status)s): there is nothing to check in.",
                   title=item.title, status=status)


@bp.route("/checkin", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def checkin():
    """Find the open loan of the scanned item and open its return form."""
    form = CheckInForm()
    found = []
    if form.validate_on_submit():
        found = items_named(form.code.data)
        on_loan = [(item, _open_line(item)) for item in found]
        lines = [line for _, line in on_loan if line is not None]
        if len({line.loan_id for line in lines}) == 1:
            return redirect(url_for(".receive", loan_id=lines[0].loan_id, then="checkin"))
        if not found:
            form.code.errors.append(gettext("No device or SIM card has the code “%(data)s”. Check "
                                            "it for a typo, or search everything for it.",
                                            data=form.code.data))
        elif not lines:
            form.code.errors.append(" ".join(_not_on_loan(item) for item in found))
        else:
            flash(gettext("That code names items on different loans; choose one."), "info")
    return render_template("loans/checkin.html", form=form, found=[
        (item, record_url(item), _open_line(item)) for item in found])


def _open_line(item):
    """The open loan line holding an item, or None."""
    column = LoanItem.device_id if isinstance(item, Device) else LoanItem.sim_id
    return LoanItem.open_for(column, item.id)
