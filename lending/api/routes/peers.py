"""Peers, by code. Their names and contact details only when asked for (`contacts=true`) by
someone who may see them, and recorded in the audit log as on the screens."""
from flask_smorest import abort
from marshmallow import Schema, fields

from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Peer
from ...peers.listings import LOAN_FILTERS, peer_listing
from ...peers.operations import record_contact_export, record_contact_view
from ...permissions import STAFF_AND_MANAGERS, allow, is_manager
from ..paging import list_args, listed, page_schema
from ..schemas import PeerSchema, one_of
from . import api_blueprint

peers = api_blueprint("peers", "/peers", "Peers, by their codes.")
CONTACTS = fields.Boolean(load_default=False, metadata={
    "description": "Include names and contact details (recorded in the audit log)."})


def _shown(peer_or_page, contacts: bool):
    """The peer(s) as answered: with `contact` only when asked for."""
    rows = peer_or_page["items"] if isinstance(peer_or_page, dict) else [peer_or_page]
    for peer in rows:
        peer.shown_contact = peer.contact if contacts else None
    return peer_or_page


@peers.route("")
@peers.arguments(list_args("PeerQuery", loans=fields.String(**one_of(LOAN_FILTERS)),
                           contacts=CONTACTS), location="query")
@peers.response(200, page_schema(PeerSchema, "PeerPage"))
@allow(*STAFF_AND_MANAGERS)
def peer_list(args):
    """Peers, oldest first; `q` searches codes (never names: the URL is logged);
    `loans=yes` those with a kit out. With `contacts=true` (managers): names and contact
    details, as the list's download with contacts gives them."""
    user = signed_in_user()
    if args["contacts"] and not is_manager(user):
        abort(403, message="Only managers list peers' contact details; ask for one peer's.")
    listing = peer_listing(words=args.get("q", ""))
    page, status, headers = listed(listing, args, Peer.id)
    if args["contacts"]:
        record_contact_export("JSON (API)", by=user, searched=bool(listing.q),
                              filters=listing.filters)
        db.session.commit()
    return _shown(page, args["contacts"]), status, headers


@peers.route("/<int:peer_id>")
@peers.arguments(Schema.from_dict({"contacts": CONTACTS}, name="PeerOneQuery"),
                 location="query")
@peers.response(200, PeerSchema)
@allow(*STAFF_AND_MANAGERS)
def peer(args, peer_id):
    """A peer; with `contacts=true`, their name and contact details (recorded)."""
    peer = get_or_404(Peer, peer_id)
    if args["contacts"]:
        record_contact_view(peer, by=signed_in_user())
        db.session.commit()
    return _shown(peer, args["contacts"])
