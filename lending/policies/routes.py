"""Policy screens: the table of kinds and the form for one kind."""
from flask import abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from ..audit.log import apply_changes, record_created
from ..extensions import db
from ..models import LoanPolicy, vocab
from ..permissions import allow
from . import bp

FIELDS = ("loan_days", "renewals_allowed", "reminder_after_days", "suspend_after_days",
          "lost_after_days")


def _days(label, low=0, high=730):
    """A whole number of days (or renewals) within sensible bounds."""
    return IntegerField(label, validators=[
        InputRequired("Enter a whole number."),
        NumberRange(min=low, max=high, message=f"Enter a number from {low} to {high}.")])


class PolicyForm(FlaskForm):
    """One kind's loan length, renewals and escalation days."""

    loan_days = _days("Loan length (days)", low=1)
    renewals_allowed = _days("Renewals allowed", high=20)
    reminder_after_days = _days("Reminder due after (days past due)")
    suspend_after_days = _days("Propose suspending the line after (days past due)")
    lost_after_days = _days("Propose declaring lost after (days past due)")

    def validate_lost_after_days(self, field):
        """The stages come in order: reminder, then suspension, then loss."""
        days = [self.reminder_after_days.data, self.suspend_after_days.data, field.data]
        if None not in days and not days[0] < days[1] < days[2]:
            raise ValidationError("The stages must come in order: reminder, then suspension, "
                                  "then loss, each later than the one before.")


@bp.route("")
@allow("manager")
def index():
    """Every kind's policy."""
    return render_template("policies/index.html",
                           policies=[LoanPolicy.for_kind(kind) for kind in vocab.LOAN_KINDS])


@bp.route("/<kind>", methods=["GET", "POST"])
@allow("manager")
def edit(kind):
    """Change one kind's policy; it applies to renewals and escalation from now on."""
    if kind not in vocab.LOAN_KINDS:
        abort(404)
    policy = LoanPolicy.for_kind(kind)
    form = PolicyForm(obj=policy)
    if form.validate_on_submit():
        data = {name: form[name].data for name in FIELDS}
        if policy in db.session:
            apply_changes(policy, data, note=f"policy for {kind}")
        else:
            for name, value in data.items():
                setattr(policy, name, value)
            record_created(policy, note=f"policy for {kind}")
        db.session.commit()
        flash(f"Policy for {vocab.LOAN_KINDS[kind].lower()} kits saved.", "success")
        return redirect(url_for(".index"))
    return render_template("form_page.html", form=form, submit="Save policy",
                           heading=f"Loan policy: {vocab.LOAN_KINDS[kind]}",
                           cancel_url=url_for(".index"))
