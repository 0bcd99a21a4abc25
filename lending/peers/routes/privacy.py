"""A peer's rights over their data (managers): a copy on request, and erasure on request."""
import json

from flask import Response, flash, redirect, url_for
from flask_babel import gettext

from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Peer
from ...permissions import allow
from ...refusals import RuleError
from .. import bp
from ..operations import give_data_copy, remove_personal_details


@bp.route("/<int:peer_id>/data.json", methods=["POST"])
@allow("manager")
def data_copy(peer_id):
    """Everything stored about the peer, as a file to hand them. A POST, as it records the
    access: a link or an image elsewhere cannot add to the audit log."""
    peer = get_or_404(Peer, peer_id)
    data = give_data_copy(peer, by=signed_in_user())
    db.session.commit()
    body = json.dumps(data, indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{peer.code}-data.json"'})


@bp.route("/<int:peer_id>/remove-details", methods=["POST"])
@allow("manager")
def remove_details(peer_id):
    """Erase the peer's name, contacts and notes on their request; keep the lending records."""
    peer = get_or_404(Peer, peer_id)
    try:
        remove_personal_details(peer, why="request", by=signed_in_user())
    except RuleError as error:
        flash(str(error), "info")
    else:
        db.session.commit()
        flash(gettext("%(code)s: name, contacts and notes erased. The code and lending records "
                      "remain.", code=peer.code), "success")
    return redirect(url_for(".detail", peer_id=peer.id))
