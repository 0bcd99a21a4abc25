"""Issue screens: list, log, detail and resolve."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ..clock import local_today
from ..extensions import db
from ..lookup import find, get_or_404, signed_in_user
from ..models import DataPlan, Device, Issue, Loan, SimCard
from ..permissions import STAFF_AND_MANAGERS, allow
from ..refusals import RuleError
from . import bp
from .forms import IssueForm, ResolveForm
from .listings import issue_listing
from .operations import log_issue, resolve_issue

SUBJECTS = {"loan": Loan, "device": Device, "sim": SimCard, "plan": DataPlan}
@bp.route("")
@allow(*STAFF_AND_MANAGERS)
def index():
    """All issues, open ones first by default."""
    listing = issue_listing()
    return listing.render("issues/index.html")


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new():
    """Log an issue against the loan or item named in the link."""
    subject = {name: find(model, request.args.get(name, 0, type=int))
               for name, model in SUBJECTS.items()}
    if not any(subject.values()):
        flash(gettext("Open the loan or item the issue is about and use its “Report an issue” "
                      "button."),
              "info")
        return redirect(url_for(".index"))
    form = IssueForm()
    if not form.is_submitted():
        form.incident_date.data = local_today()
    if form.validate_on_submit():
        try:
            issue, created = form.save_once(Issue, lambda: log_issue(
                form.kind.data, by=signed_in_user(), **subject,
                incident_date=form.incident_date.data, description=form.description.data,
                suspend_line=form.suspend_line.data, form_token=form.form_token.data))
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if created:
                flash(_logged(issue), "success")
            return redirect(url_for(".detail", issue_id=issue.id))
    return render_template("issues/new.html", form=form, subject=subject)


def _logged(issue) -> str:
    """What logging the issue did, in words."""
    said = f"Issue #{issue.id} logged."
    loan = issue.loan
    if loan is not None and loan.status == "lost" and issue.kind in ("lost", "stolen"):
        said += f" Loan #{loan.id} is closed as lost."
        if loan.sim is not None and loan.sim.status == "suspended":
            said += f" {loan.sim.title} is suspended."
    return said


@bp.route("/<int:issue_id>", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def detail(issue_id):
    """An issue and, while it is open, the form to resolve it."""
    issue = get_or_404(Issue, issue_id)
    form = ResolveForm()
    if form.validate_on_submit():
        try:
            resolve_issue(issue, by=signed_in_user(), resolution=form.resolution.data,
                          note=form.note.data, cost=form.cost.data)
        except RuleError as error:
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(gettext("Issue resolved."), "success")
        return redirect(url_for(".detail", issue_id=issue.id))
    return render_template("issues/detail.html", issue=issue, form=form)
