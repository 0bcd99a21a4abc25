"""The outbox, a peer's texts (their consent, a one-off text), the wording managers choose,
and the provider's callbacks (signed by Twilio, refused otherwise)."""
from datetime import timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ..clock import local_today
from ..extensions import csrf, db
from ..jobs.queue import enqueue_message
from ..lookup import get_or_404, signed_in_user
from ..models import Message, Peer, WaitlistEntry, vocab
from ..permissions import STAFF_AND_MANAGERS, allow, is_manager, public
from ..refusals import RuleError
from . import bp
from .forms import OneOffTextForm, TextConsentForm, WordingForm
from .operations import queue_text, record_delivery, record_reply, record_text_consent, save_wording
from .queries import reminder_figures
from .texting import signed_by_twilio
from .wording import fill, wording, wording_problem

OUTBOX_ROWS = 200
EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"


@bp.route("/outbox")
@allow(*STAFF_AND_MANAGERS)
def outbox():
    """Every message, newest first, with what became of it (filtered by status)."""
    status = request.args.get("status", "")
    query = db.select(Message).order_by(Message.created_at.desc(), Message.id.desc())
    if status in vocab.MESSAGE_STATUSES:
        query = query.where(Message.status == status)
    messages = db.session.execute(query.limit(OUTBOX_ROWS)).scalars().all()
    figures = reminder_figures(local_today()) if is_manager(signed_in_user()) else None
    return render_template("messages/outbox.html", messages=messages, status=status,
                           rows=OUTBOX_ROWS, figures=figures)


@bp.route("/peers/<int:peer_id>/texts", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def peer_texts(peer_id):
    """A peer's consent to texts, their texts, and a one-off text to them."""
    peer = get_or_404(Peer, peer_id)
    form = TextConsentForm(prefix="consent")
    if not form.is_submitted():
        form.given.data = "yes" if peer.texts_allowed else "no"
        form.number.data, form.language.data = peer.texts_number, peer.language
        form.signed.data = peer.texts_signed
    if form.validate_on_submit():
        try:
            record_text_consent(peer, given=form.given.data == "yes", method=form.method.data,
                                number=form.number.data, purpose=form.purpose.data,
                                language=form.language.data, signed=form.signed.data,
                                by=signed_in_user())
        except RuleError as refusal:
            form.form_errors.append(str(refusal))
        else:
            db.session.commit()
            flash(gettext("Texts are on for this peer.") if peer.texts_allowed
                  else gettext("No texts will be sent to this peer."), "success")
            return redirect(url_for(".peer_texts", peer_id=peer.id))
    return _peer_texts_page(peer, form, OneOffTextForm(prefix="text"))


def _peer_texts_page(peer, form, one_off):
    messages = db.session.execute(db.select(Message).filter_by(peer_id=peer.id).order_by(
        Message.created_at.desc(), Message.id.desc()).limit(50)).scalars().all()
    return render_template("messages/peer_texts.html", peer=peer, form=form, one_off=one_off,
                           messages=messages)


@bp.route("/peers/<int:peer_id>/texts/send", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def send_text(peer_id):
    """Send a peer a text written here, once."""
    peer = get_or_404(Peer, peer_id)
    one_off = OneOffTextForm(prefix="text")
    if one_off.validate_on_submit():
        try:
            message, created = one_off.save_once(Message, lambda: queue_text(
                peer, "one_off", body=one_off.body.data, by=signed_in_user(),
                form_token=one_off.form_token.data))
        except RuleError as refusal:
            one_off.form_errors.append(str(refusal))
        else:
            db.session.commit()
            if created:
                enqueue_message(message)
            flash(gettext("The text is in the outbox. It goes in the morning (quiet hours).")
                  if message.send_after else gettext("The text is in the outbox."), "success")
            return redirect(url_for(".peer_texts", peer_id=peer.id))
    return _peer_texts_page(peer, TextConsentForm(prefix="consent"), one_off)


@bp.route("/waitlist/<int:entry_id>/ready-text", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def kit_ready(entry_id):
    """Text a waiting peer that the kind of kit they wait for is ready for them."""
    entry = get_or_404(WaitlistEntry, entry_id)
    try:
        message = queue_text(entry.peer, "kit_ready", kind=entry.kind, by=signed_in_user())
    except RuleError as refusal:
        flash(str(refusal), "error")
    else:
        db.session.commit()
        enqueue_message(message)
        flash(gettext("%(code)s will get a text that their kit is ready in the morning (quiet "
                      "hours).", code=entry.peer.code) if message.send_after
              else gettext("%(code)s will get a text that their kit is ready.",
                           code=entry.peer.code), "success")
    return redirect(url_for("waitlist.index"))


@bp.route("/messages/wording")
@allow("manager")
def wordings():
    """What each kind of text says, in each language."""
    rows = [(template, language, wording(template, language))
            for template in vocab.WORDED_TEMPLATES for language in vocab.LANGUAGES]
    return render_template("messages/wordings.html", rows=rows)


def _preview(body, language):
    """The text as a peer would get it about a phone due in two days."""
    return fill(body, language, kind="phone", due=local_today() + timedelta(days=2))


@bp.route("/messages/wording/<template>/<language>", methods=["GET", "POST"])
@allow("manager")
def edit_wording(template, language):
    """Change what a kind of text says in one language, with a preview before saving."""
    if template not in vocab.WORDED_TEMPLATES or language not in vocab.LANGUAGES:
        abort(404)
    form = WordingForm()
    form.body.render_kw = {"lang": language, "rows": 4}
    if not form.is_submitted():
        form.body.data = wording(template, language)
    preview = None
    if form.validate_on_submit():
        problem = wording_problem(form.body.data)
        if problem:
            form.body.errors.append(problem)
        elif request.form.get("action") == "save":
            save_wording(template, language, form.body.data, by=signed_in_user())
            db.session.commit()
            flash(gettext("Wording saved."), "success")
            return redirect(url_for(".wordings"))
        else:
            preview = _preview(form.body.data, language)
    return render_template("messages/edit_wording.html", form=form, template=template,
                           language=language, preview=preview)


def _signed_or_refused():
    """Refuse a callback that does not carry Twilio's signature for this address."""
    if not signed_by_twilio(request.url, request.form.to_dict(),
                            request.headers.get("X-Twilio-Signature", "")):
        abort(403)


@bp.route("/sms/inbound", methods=["POST"])
@public
@csrf.exempt
def inbound():
    """A text a peer sent: STOP, START or HELP (anything else is left for staff)."""
    _signed_or_refused()
    answers = record_reply(request.form.get("From", ""), request.form.get("Body", ""))
    db.session.commit()
    for message in answers:
        enqueue_message(message)
    return Response(EMPTY_TWIML, mimetype="text/xml")


@bp.route("/sms/status", methods=["POST"])
@public
@csrf.exempt
def delivery_status():
    """The provider's report on a text it took: sent, delivered, failed."""
    _signed_or_refused()
    record_delivery(request.form.get("MessageSid", ""), request.form.get("MessageStatus", ""),
                    request.form.get("ErrorCode"))
    db.session.commit()
    return Response(status=204)
