"""Agreement screens: versions, a new version, and each loan's agreement as a PDF."""
from flask import flash, redirect, render_template, send_file, url_for
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..audit.log import record_created
from ..extensions import db
from ..lookup import get_or_404, signed_in_user
from ..models import AgreementVersion, Loan
from ..permissions import STAFF_AND_MANAGERS, allow
from ..validators import strip
from . import bp
from .pdf import agreement_pdf


class AgreementForm(FlaskForm):
    """The text of a new version."""

    title = StringField("Title", filters=[strip], validators=[DataRequired(), Length(max=200)])
    body = TextAreaField("Agreement text", filters=[strip],
                         validators=[DataRequired(), Length(max=20_000)],
                         render_kw={"rows": 14},
                         description="Plain words. Blank lines separate paragraphs.")

    def validate_body(self, field):
        """A new version must say something new (this also stops a second click)."""
        current = AgreementVersion.current()
        if current and (current.title, current.body) == (self.title.data, field.data):
            raise ValidationError(f"This is the text of version {current.number} already; "
                                  f"change it before saving a new version.")


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
        number = (current.number if current else 0) + 1
        version = AgreementVersion(number=number, title=form.title.data, body=form.body.data,
                                   created_by=signed_in_user())
        record_created(version)
        db.session.commit()
        flash(f"Version {number} saved; new loans accept it from now on.", "success")
        return redirect(url_for(".detail", version_id=version.id))
    return render_template("form_page.html", form=form, submit="Save as a new version",
                           heading="New version of the loan agreement",
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
