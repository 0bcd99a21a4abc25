"""Loan screens that extend or end a loan: renew, record the return."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ...clock import local_today
from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Loan, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from .. import bp
from ..forms import RenewForm, ReturnForm
from ..operations import record_return, renew_loan


@bp.route("/<int:loan_id>/renew", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def renew(loan_id):
    """Make the loan due the loan length for its kind from today."""
    loan = get_or_404(Loan, loan_id)
    form = RenewForm()
    if not form.validate_on_submit():
        flash(gettext("Reload the page and try again."), "error")
        return redirect(url_for(".detail", loan_id=loan.id))
    try:
        new_due = renew_loan(loan, by=signed_in_user(), expected_due=form.expected_due.data)
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("Renewed: now due %(new_due)s.", new_due=f"{new_due:%Y-%m-%d}"),
              "success")
    return redirect(url_for(".detail", loan_id=loan.id))


@bp.route("/<int:loan_id>/return", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def receive(loan_id):
    """Record the return of a kit: the day, its condition, and what came back with it."""
    loan = get_or_404(Loan, loan_id)
    if not loan.is_open:
        flash(gettext("This loan is already closed."), "info")
        return redirect(url_for(".detail", loan_id=loan.id))
    form = ReturnForm()
    form.accessories_back.choices = {key: vocab.ACCESSORIES[key] for key
                                     in loan.accessories_out.split(",") if key}
    if not form.accessories_back.choices:
        del form.accessories_back
    if not form.is_submitted():
        form.returned_on.data = local_today()
        if loan.device is not None:
            form.condition.data = loan.device.condition
    if form.validate_on_submit():
        try:
            record_return(loan, by=signed_in_user(), condition=form.condition.data,
                          accessories_back=form.accessories_back.data
                          if "accessories_back" in form else (),
                          notes=form.notes.data, returned_on=form.returned_on.data,
                          date_reason=form.date_reason.data)
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            return redirect(_after_return(loan, request.args.get("then")))
    return render_template("loans/return.html", form=form, loan=loan,
                           back=url_for(".checkin") if request.args.get("then") == "checkin"
                           else url_for(".detail", loan_id=loan.id))


def _after_return(loan, then=None):
    """Say what the return recorded and what comes next; where to go then (back to the
    check-in box when the kit was checked in from there)."""
    device, missing = loan.device, loan.accessories_missing
    said = [gettext("Return recorded.")]
    if missing:
        said.append(gettext("Not returned: %(accessories)s.", accessories=", ".join(
            vocab.ACCESSORIES[a] for a in missing)))
    if device:
        said.append(gettext("%(title)s now awaits its wipe and reset.", title=device.title))
    flash(" ".join(said), "success")
    if then == "checkin":
        return url_for(".checkin")
    return (url_for("inventory.device", device_id=device.id) if device
            else url_for(".detail", loan_id=loan.id))
