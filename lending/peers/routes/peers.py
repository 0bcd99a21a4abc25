"""Peer screens: list, register, detail, edit."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Loan, Peer, WaitlistEntry
from ...outcomes.queries import groups_of
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from ...spreadsheets.exports import EXPORT_FORMATS
from ...timeline import peer_timeline
from .. import bp
from ..forms import PeerForm
from ..listings import peer_listing
from ..operations import (
    SimilarPeers,
    record_contact_export,
    record_contact_view,
    record_names_listed,
    register_peer,
    update_peer,
)


@bp.route("")
@allow(*STAFF_AND_MANAGERS)
def index():
    """All peers; downloads without names or contacts."""
    listing = peer_listing()
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
    listing = peer_listing(with_contacts=True)
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
                flash(gettext("Peer registered as %(code)s. Use this code everywhere.",
                              code=peer.code), "success")
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
                           waiting=waiting, events=peer_timeline(peer), groups=groups_of(peer),
                           check_ins=sorted(peer.check_ins, key=lambda c: (c.held_on, c.id),
                                            reverse=True))
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
            flash(gettext("Peer saved.") if changed else gettext("Nothing was changed."), "success")
            return redirect(url_for(".detail", peer_id=peer.id))
    page = render_template("peers/form.html", form=form, peer=peer, similar=[])
    if not form.is_submitted():
        record_contact_view(peer, by=signed_in_user())  # once drawn, as on the list
    db.session.commit()
    return page
