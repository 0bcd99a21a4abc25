"""Waitlist screens: the queues, adding a peer, withdrawing an entry."""
from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..extensions import db
from ..loans.queries import available_stock
from ..lookup import find, get_or_404, signed_in_user
from ..models import Loan, Peer, WaitlistEntry, vocab
from ..permissions import STAFF_AND_MANAGERS, allow
from ..refusals import RuleError
from . import bp
from .forms import WaitlistForm, WithdrawForm
from .operations import add_to_waitlist, waiting, withdraw

QUEUE_SHOWN = 20  # of each queue; the rest on request
OUT_OF_TURN_DAYS = 90  # how far back the page lists kits lent out of waitlist order


@bp.route("")
@allow(*STAFF_AND_MANAGERS)
def index():
    """One ordered queue per kind, beside the stock that could serve it: the head of each
    queue, or the whole of one (?all=KIND)."""
    whole = request.args.get("all") if request.args.get("all") in vocab.LOAN_KINDS else None
    sizes = dict(db.session.execute(
        db.select(WaitlistEntry.kind, func.count()).where(WaitlistEntry.status == "waiting")
        .group_by(WaitlistEntry.kind)).all())
    queues = {kind: db.session.execute(
        waiting(kind).options(joinedload(WaitlistEntry.peer))
        .limit(None if kind == whole else QUEUE_SHOWN)).scalars().all()
        for kind in vocab.LOAN_KINDS}
    today = local_today()
    out_of_turn = db.session.execute(
        db.select(Loan).where(Loan.out_of_turn_condition(),
                              Loan.lent_on >= today - timedelta(days=OUT_OF_TURN_DAYS))
        .options(joinedload(Loan.peer), joinedload(Loan.lent_by))
        .order_by(Loan.lent_on.desc(), Loan.id.desc()).limit(50)).scalars().all()
    return render_template("waitlist/index.html", queues=queues, sizes=sizes, today=today,
                           stock=available_stock(today), out_of_turn=out_of_turn,
                           out_of_turn_days=OUT_OF_TURN_DAYS)


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new():
    """Add a peer to the queue for a kind of kit."""
    form = WaitlistForm()
    if not form.is_submitted():
        peer = find(Peer, request.args.get("peer", 0, type=int))
        form.peer_code.data = peer.code if peer else ""
    if form.validate_on_submit():
        try:
            add_to_waitlist(form.peer_code.peer, form.kind.data, by=signed_in_user(),
                            priority=form.priority.data, reason=form.reason.data)
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("%(code)s is on the waitlist.", code=form.peer_code.peer.code), "success")
            return redirect(url_for(".index"))
    return render_template("form_page.html", form=form, heading=gettext("Add to the waitlist"),
                           submit=gettext("Add to the waitlist"), cancel_url=url_for(".index"))


@bp.route("/<int:entry_id>/withdraw", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def withdraw_entry(entry_id):
    """Take an entry off the queue, with the reason."""
    entry = get_or_404(WaitlistEntry, entry_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            withdraw(entry, by=signed_in_user(), reason=form.reason.data)
        except RuleError as error:
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(gettext("%(code)s was taken off the waitlist.", code=entry.peer.code), "success")
        return redirect(url_for(".index"))
    return render_template("form_page.html", form=form, submit=gettext("Withdraw"),
                           heading=gettext("Withdraw %(code)s from the %(kind)s waitlist",
                                           code=entry.peer.code,
                                           kind=vocab.LOAN_KINDS[entry.kind].lower()),
                           cancel_url=url_for(".index"))
