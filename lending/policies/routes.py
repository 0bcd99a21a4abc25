"""Policy screens: the table of kinds and the form for one kind."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext

from ..extensions import db
from ..lookup import signed_in_user
from ..models import LoanPolicy, vocab
from ..permissions import allow
from ..refusals import RuleError
from . import bp
from .forms import PolicyForm
from .operations import save_policy


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
    form = PolicyForm(obj=LoanPolicy.for_kind(kind))
    if form.validate_on_submit():
        try:
            save_policy(kind, form.policy_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Policy for %(lower)s kits saved.",
                          lower=vocab.LOAN_KINDS[kind].lower()), "success")
            return redirect(url_for(".index"))
    return render_template("form_page.html", form=form, submit=gettext("Save policy"),
                           heading=gettext("Loan policy: %(kind)s", kind=vocab.LOAN_KINDS[kind]),
                           cancel_url=url_for(".index"))
