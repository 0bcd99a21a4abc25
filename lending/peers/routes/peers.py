"""Peer screens: list, register, detail, edit."""
from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func
from sqlalchemy.orm import contains_eager, undefer

from ...database import contains
from ...extensions import db
from ...filters import localdate
from ...listing import Column, Filter, Listing
from ...lookup import get_or_404, signed_in_user
from ...models import Loan, Peer, PeerContact, WaitlistEntry
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from ...spreadsheets.exports import EXPORT_FORMATS
from ...timeline import peer_timeline
from .. import bp
from ..forms import PeerForm
from ..operations import (
    SimilarPeers,
    record_contact_export,
    record_contact_view,
    record_names_listed,
    register_peer,
    update_peer,
)

LOAN_FILTERS = {"yes": "Has a kit out", "no": "Has no kit out"}


def _has_a_kit_out(value):
    """Peers with (or without) an open loan, found from the open loans (few, and indexed)."""
    with_kits = Peer.id.in_(db.select(Loan.peer_id).where(
        Loan.open_condition()))
    return with_kits if value == "yes" else ~with_kits


CONTACT_COLUMNS = [
    Column("Preferred name", lambda p: p.contact.preferred_name if p.contact else ""),
    Column("Phone", lambda p: p.contact.phone if p.contact else ""),
    Column("Email", lambda p: p.contact.email if p.contact else ""),
    Column("Other contact", lambda p: p.contact.other_contact if p.contact else ""),
]


def _columns(screen: bool, with_contacts=False) -> list[Column]:
    """The peers list's columns. Staff see preferred names on screen, but names and contact
    details leave the app only when a manager asks for them, and that is logged."""
    names = CONTACT_COLUMNS[:1] if screen else CONTACT_COLUMNS if with_contacts else []
    return [Column("Peer code", lambda p: p.code, "code"),
            *(Column(c.header, c.value, "name" if screen else None) for c in names),
            Column("Kits out", lambda p: p.open_loan_count, "open"),
            Column("Registered", lambda p: localdate(p.created_at), "registered")]


def _listing(with_contacts=False) -> Listing:
    """The peers list, searchable by code or preferred name."""
    query = (db.select(Peer).outerjoin(PeerContact)
             .options(contains_eager(Peer.contact), undefer(Peer.open_loan_count)))
    return Listing(
        query,
        sorts={"code": Peer.code, "name": func.lower(PeerContact.preferred_name),
               "registered": Peer.created_at, "open": Peer.open_loan_count},
        default_sort="registered", default_dir="desc", tiebreak=(Peer.id.desc(),),
        # Each table searched on its own, so that PostgreSQL's search indexes serve both.
        search=(lambda words: Peer.id.in_(db.select(Peer.id).where(
                    contains(Peer.code, words))),
                lambda words: Peer.id.in_(db.select(PeerContact.peer_id).where(
                    contains(PeerContact.preferred_name, words)))),
        filters={"loans": Filter("Loans", LOAN_FILTERS, _has_a_kit_out)},
        columns=_columns(screen=True), export_columns=_columns(False, with_contacts),
        export_name="peers")


@bp.route("")
@allow(*STAFF_AND_MANAGERS)
def index():
    """All peers; downloads without names or contacts."""
    listing = _listing()
    # Names on screen: who saw whose is logged, once the page is drawn (committing first would
    # expire every row the page reads, to be read again one by one).
    page = listing.render("peers/index.html")
    if not request.args.get("export"):  # a download without contacts shows no names
        record_names_listed([peer.code for peer in listing.items
                             if peer.contact is not None and peer.contact.preferred_name],
                            by=signed_in_user())
        db.session.commit()
    return page


@bp.route("/with-contacts.<fmt>", methods=["POST"])
@allow("manager")
def contacts_export(fmt):
    """The peers list as on screen (its search and filters), with names and contact details,
    as a spreadsheet: a POST, as the download is recorded."""
    if fmt not in EXPORT_FORMATS:
        abort(404)
    listing = _listing(with_contacts=True)
    record_contact_export(fmt, by=signed_in_user(), searched=bool(listing.q),
                          filters=listing.filters)
    db.session.commit()
    return listing.export(fmt)


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new():
    """Register a peer; they get a pseudonymous code."""
    form = PeerForm()
    similar = []
    if form.validate_on_submit():
        try:
            peer, created = form.save_once(Peer, lambda: register_peer(
                {**form.peer_data(), "form_token": form.form_token.data}, form.contact_data(),
                by=signed_in_user(), someone_new=form.someone_new.data))
        except SimilarPeers as refusal:
            similar = refusal.peers
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if created:
                flash(f"Peer registered as {peer.code}. Use this code everywhere.", "success")
            return redirect(url_for(".detail", peer_id=peer.id))
    return render_template("peers/form.html", form=form, peer=None, similar=similar)


@bp.route("/<int:peer_id>")
@allow(*STAFF_AND_MANAGERS)
def detail(peer_id):
    """A peer: contact details, consent, open kits and their whole history."""
    peer = get_or_404(Peer, peer_id)
    open_loans = db.session.execute(
        db.select(Loan).where(Loan.peer_id == peer.id,
                              Loan.open_condition())
        .order_by(Loan.due_date)).scalars().all()
    waiting = db.session.execute(db.select(WaitlistEntry).filter_by(
        peer_id=peer.id, status="waiting").order_by(WaitlistEntry.added_at)).scalars().all()
    page = render_template("peers/detail.html", peer=peer, open_loans=open_loans,
                           waiting=waiting, events=peer_timeline(peer))
    record_contact_view(peer, by=signed_in_user())  # once drawn, as on the list
    db.session.commit()
    return page


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
        try:
            changed = update_peer(peer, form.peer_data(), form.contact_data(),
                                  by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("Peer saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for(".detail", peer_id=peer.id))
    page = render_template("peers/form.html", form=form, peer=peer, similar=[])
    if not form.is_submitted():
        record_contact_view(peer, by=signed_in_user())  # once drawn, as on the list
    db.session.commit()
    return page
