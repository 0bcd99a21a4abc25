"""Peer screens: list, register, detail, edit."""
from flask import flash, redirect, render_template, url_for
from sqlalchemy import func
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..listing import Filter, Listing
from ..models import Loan, Peer, PeerContact, WaitlistEntry, vocab
from ..permissions import STAFF_AND_MANAGERS, allow, get_or_404
from ..timeline import peer_timeline
from . import bp
from .forms import PeerForm
from .operations import register_peer, update_peer

OPEN_LOANS = (db.select(func.count(Loan.id))
              .where(Loan.peer_id == Peer.id, Loan.status.in_(vocab.OPEN_LOAN_STATUSES))
              .correlate(Peer).scalar_subquery())
LOAN_FILTERS = {"yes": "Has a kit out", "no": "Has no kit out"}


@bp.route("")
@allow(*STAFF_AND_MANAGERS)
def index():
    """All peers, searchable by code or preferred name."""
    query = db.select(Peer).outerjoin(PeerContact).options(contains_eager(Peer.contact))
    listing = Listing(
        query,
        sorts={"code": Peer.code, "name": func.lower(PeerContact.preferred_name),
               "registered": Peer.created_at, "open": OPEN_LOANS},
        default_sort="registered", default_dir="desc", tiebreak=(Peer.id.desc(),),
        search=(Peer.code, PeerContact.preferred_name),
        filters={"loans": Filter("Loans", LOAN_FILTERS,
                                 lambda v: OPEN_LOANS > 0 if v == "yes" else OPEN_LOANS == 0)})
    open_loans = dict(db.session.execute(
        db.select(Loan.peer_id, func.count(Loan.id))
        .where(Loan.peer_id.in_([peer.id for peer in listing.items]),
               Loan.status.in_(vocab.OPEN_LOAN_STATUSES))
        .group_by(Loan.peer_id)).all())
    return render_template("peers/index.html", listing=listing, open_loans=open_loans)


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new():
    """Register a peer; they get a pseudonymous code."""
    form = PeerForm()
    if form.validate_on_submit():
        earlier = form.already_saved(Peer)
        if earlier is not None:  # a second click on "Register"
            return redirect(url_for(".detail", peer_id=earlier.id))
        peer = register_peer({**form.peer_data(), "form_token": form.form_token.data},
                             form.contact_data())
        db.session.commit()
        flash(f"Peer registered as {peer.code}. Use this code everywhere.", "success")
        return redirect(url_for(".detail", peer_id=peer.id))
    return render_template("peers/form.html", form=form, peer=None)


@bp.route("/<int:peer_id>")
@allow(*STAFF_AND_MANAGERS)
def detail(peer_id):
    """A peer: contact details, consent, open kits and their whole history."""
    peer = get_or_404(Peer, peer_id)
    open_loans = db.session.execute(
        db.select(Loan).where(Loan.peer_id == peer.id,
                              Loan.status.in_(vocab.OPEN_LOAN_STATUSES))
        .order_by(Loan.due_date)).scalars().all()
    waiting = db.session.execute(db.select(WaitlistEntry).filter_by(
        peer_id=peer.id, status="waiting").order_by(WaitlistEntry.added_at)).scalars().all()
    return render_template("peers/detail.html", peer=peer, open_loans=open_loans,
                           waiting=waiting,
                           events=peer_timeline(peer))


@bp.route("/<int:peer_id>/edit", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def edit(peer_id):
    """Update a peer's consent and contact details."""
    peer = get_or_404(Peer, peer_id)
    form = PeerForm(obj=peer)
    del form.form_token  # editing cannot create anything twice
    if not form.is_submitted():
        form.consent_method.data = peer.consent_method or ""
        if peer.contact is not None:
            for name in PeerForm.CONTACT_FIELDS:
                form[name].data = getattr(peer.contact, name)
    if form.validate_on_submit():
        changed = update_peer(peer, form.peer_data(), form.contact_data())
        db.session.commit()
        flash("Peer saved." if changed else "Nothing was changed.", "success")
        return redirect(url_for(".detail", peer_id=peer.id))
    return render_template("peers/form.html", form=form, peer=peer)
from . import support  # noqa: E402,F401  (its views join this blueprint)
