"""The steps for an overdue kit, from the dashboard's cards or the loan's page: a reminder
given, the line suspended, the kit declared lost."""
from flask import flash, redirect, url_for
from flask_babel import gettext

from ...extensions import db
from ...inventory.operations import suspend_sim
from ...issues.operations import log_issue
from ...lookup import get_or_404, signed_in_user
from ...models import Loan, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from .. import bp
from ..forms import ReminderForm, StepForm
from ..operations import record_reminder
from ..steps import line_to_suspend


def _back(form, loan):
    """Where the step was taken from: the dashboard, or the loan's page."""
    return (url_for("dashboard.index") if form.back.data == "dashboard"
            else url_for(".detail", loan_id=loan.id))


def _done(loan, form, step, message):
    """Take one step for a loan: commit and say so, or say why not."""
    if not form.validate_on_submit():
        flash(gettext("Reload the page and try again."), "error")
        return redirect(_back(form, loan))
    try:
        step()
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(_back(form, loan))


@bp.route("/<int:loan_id>/reminder", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def remind(loan_id):
    """Record that the peer was reminded about an overdue kit, and how."""
    loan = get_or_404(Loan, loan_id)
    form = ReminderForm()
    return _done(loan, form, lambda: record_reminder(loan, form.method.data, by=signed_in_user()),
                 f"Loan #{loan.id}: reminder recorded "
                 f"({vocab.label(vocab.CONTACT_METHODS, form.method.data).lower()}).")


@bp.route("/<int:loan_id>/suspend-line", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def suspend_line(loan_id):
    """Suspend the line of an overdue kit's SIM card."""
    loan = get_or_404(Loan, loan_id)
    sim = line_to_suspend(loan)

    def suspend():
        if sim is None:
            raise RuleError(gettext("Loan #%(id)s has no active line to suspend.", id=loan.id))
        suspend_sim(sim, by=signed_in_user(), reason=f"Loan #{loan.id} overdue")
    return _done(loan, StepForm(), suspend,
                 f"Loan #{loan.id}: {sim.title if sim else 'line'} suspended.")


@bp.route("/<int:loan_id>/declare-lost", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def declare_lost(loan_id):
    """Declare an overdue kit lost: its loan closes as lost and its line is suspended."""
    loan = get_or_404(Loan, loan_id)
    return _done(loan, StepForm(), lambda: log_issue(
        "lost", by=signed_in_user(), loan=loan, suspend_line=True,
        description="Declared lost after the overdue steps"),
        f"Loan #{loan.id} closed as lost" + (", its line suspended." if line_to_suspend(loan)
                                             else "."))
