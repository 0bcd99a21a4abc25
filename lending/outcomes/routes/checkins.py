"""Check-ins: recording one, who is due a follow-up, and the versions of the questions."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ...clock import local_today
from ...extensions import db
from ...lookup import find, get_or_404, signed_in_user
from ...models import CheckIn, CheckInVersion, Loan, Peer, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from .. import bp
from ..forms import QuestionsForm, check_in_form
from ..operations import record_check_in, save_check_in_version
from ..queries import follow_ups_due
from ..questions import QUESTIONS, default_wording


@bp.route("/peers/<int:peer_id>/check-ins/new", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new_check_in(peer_id):
    """Ask a peer the check-in's questions (at lending, a follow-up or return)."""
    peer = get_or_404(Peer, peer_id)
    loan = find(Loan, request.args.get("loan", 0, type=int))
    if loan is not None and loan.peer_id != peer.id:
        loan = None
    version = CheckInVersion.current()
    form = check_in_form(version, peer.language)
    if not form.is_submitted():
        stage = request.args.get("stage", "")
        form.stage.data = stage if stage in vocab.CHECK_IN_STAGES else "follow_up"
    if form.validate_on_submit():
        try:
            _check_in, created = form.save_once(CheckIn, lambda: record_check_in(
                peer, stage=form.stage.data, held_on=form.held_on.data, loan=loan,
                answers={key: form[key].data for key in form.questions},
                by=signed_in_user(), form_token=form.form_token.data))
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if created:
                flash(gettext("Check-in recorded."), "success")
            return redirect(url_for("loans.detail", loan_id=loan.id) if loan else
                            url_for("peers.detail", peer_id=peer.id))
    return render_template("outcomes/check_in.html", form=form, peer=peer, loan=loan,
                           version=version)


@bp.route("/check-ins/due")
@allow(*STAFF_AND_MANAGERS)
def due():
    """The open loans whose follow-up check-in is due, oldest first."""
    total, loans = follow_ups_due(local_today(), limit=200)
    return render_template("outcomes/due.html", total=total, loans=loans)


@bp.route("/check-ins/questions", methods=["GET", "POST"])
@allow("manager")
def questions():
    """The questions asked now and before; a manager saves a new version."""
    current = CheckInVersion.current()
    # A version saved before French had none: offer the built-in French if its English is
    # the built-in English, else leave the French for the manager to write.
    french = current.french_words or (
        default_wording("fr") if current.words == default_wording("en") else {})
    form = QuestionsForm(data={**current.words, "loneliness": current.loneliness,
                               **{f"{key}_fr": words for key, words in french.items()}})
    if form.validate_on_submit():
        try:
            version = save_check_in_version(
                {key: form[key].data for key in QUESTIONS}, loneliness=form.loneliness.data,
                wording_fr={key: form[f"{key}_fr"].data for key in QUESTIONS},
                by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Version %(number)s of the check-in saved; new check-ins ask it.",
                          number=version.number),
                  "success")
            return redirect(url_for(".questions"))
    versions = db.session.execute(db.select(CheckInVersion)
                                  .order_by(CheckInVersion.number.desc())).scalars().all()
    return render_template("outcomes/questions.html", form=form, versions=versions)
