"""A peer's rights over their data (managers): a copy on request, and erasure on request."""
import json

from flask import Response, flash, redirect, url_for

from ...audit.log import record
from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Peer
from ...permissions import allow
from .. import bp
from ..retention import personal_data, remove_personal_details


@bp.route("/<int:peer_id>/data.json")
@allow("manager")
def data_copy(peer_id):
    """Everything stored about the peer, as a file to hand them (logged)."""
    peer = get_or_404(Peer, peer_id)
    record("export_personal_data", peer, note="copy given on the peer's request")
    db.session.commit()
    body = json.dumps(personal_data(peer), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{peer.code}-data.json"'})


@bp.route("/<int:peer_id>/remove-details", methods=["POST"])
@allow("manager")
def remove_details(peer_id):
    """Erase the peer's name, contacts and notes on their request; keep the lending records."""
    peer = get_or_404(Peer, peer_id)
    if peer.details_removed_at is not None:
        flash("This peer's details were already removed.", "info")
    else:
        remove_personal_details(peer, why="request", by=signed_in_user())
        db.session.commit()
        flash(f"{peer.code}: name, contacts and notes erased. The code and lending records "
              "remain.", "success")
    return redirect(url_for(".detail", peer_id=peer.id))
