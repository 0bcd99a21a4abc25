"""Agreement screens: versions, a new version, and each loan's agreement as a PDF."""
from flask import flash, redirect, render_template, send_file, url_for
from flask_babel import gettext

from ..extensions import db
from ..lookup import get_or_404, signed_in_user
from ..models import AgreementVersion, Loan
from ..permissions import STAFF_AND_MANAGERS, allow
from ..refusals import RuleError
from . import bp
from .forms import AgreementForm
from .operations import write_agreement
from .pdf import agreement_pdf


@bp.route("")
@allow("manager")
def index():
    """Every version, newest first; old versions stay readable and unchanged."""
    versions = db.session.execute(
        db.select(AgreementVersion).order_by(AgreementVersion.number.desc())).scalars().all()
    return render_template("agreements/index.html", versions=versions)


@bp.route("/new", methods=["GET", "POST"])
@allow("manager")
def new():
    """Write a new version, starting from the current text."""
    current = AgreementVersion.current()
    form = AgreementForm(obj=current)
    if form.validate_on_submit():
        try:
            version = write_agreement(form.title.data, form.body.data, by=signed_in_user(),
                                      title_fr=form.title_fr.data, body_fr=form.body_fr.data)
        except RuleError as error:
            form.form_errors.append(str(error))  # about the text, English or French
        else:
            db.session.commit()
            flash(gettext("Version %(number)s saved; new loans accept it from now on.",
                          number=version.number),
                  "success")
            return redirect(url_for(".detail", version_id=version.id))
    return render_template("form_page.html", form=form, submit=gettext("Save as a new version"),
                           heading=gettext("New version of the loan agreement"),
                           cancel_url=url_for(".index"))


@bp.route("/<int:version_id>")
@allow(*STAFF_AND_MANAGERS)
def detail(version_id):
    """One version's text, read-only."""
    version = get_or_404(AgreementVersion, version_id)
    return render_template("agreements/detail.html", version=version,
                           is_current=version == AgreementVersion.current())


@bp.route("/loan/<int:loan_id>.pdf")
@allow(*STAFF_AND_MANAGERS)
def loan_pdf(loan_id):
    """The printable agreement of one loan: peer code, kit, due date, text, signatures."""
    loan = get_or_404(Loan, loan_id)
    return send_file(agreement_pdf(loan), mimetype="application/pdf",
                     download_name=f"agreement-loan-{loan.id}.pdf")
