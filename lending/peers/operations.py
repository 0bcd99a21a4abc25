"""Registering peers and keeping their contact details apart."""

from ..audit.log import apply_changes, record_created
from ..extensions import db
from ..models import Peer, PeerContact
from ..models.peers import new_peer_code

CODE_ATTEMPTS = 5


def register_peer(peer_data: dict, contact_data: dict, *, by=None) -> Peer:
    """Create a peer under a fresh code; keep contact details only if some were given."""
    for _ in range(CODE_ATTEMPTS):
        # Codes are random; on the rare clash with an existing code, draw another.
        code = new_peer_code()
        if db.session.execute(db.select(Peer.id).filter_by(code=code)).first() is None:
            break
    else:  # five clashes in a row among ~900 million codes: something else is wrong
        raise RuntimeError("could not draw an unused peer code")
    peer = Peer(code=code, **peer_data)
    record_created(peer, by=by)
    if any(contact_data.values()):
        record_created(PeerContact(peer=peer, **contact_data), by=by)
    return peer


def update_peer(peer: Peer, peer_data: dict, contact_data: dict, *, by=None) -> bool:
    """Save changes to a peer and their contact record; True if anything changed."""
    changed = bool(apply_changes(peer, peer_data, by=by))
    if peer.contact is None:
        if any(contact_data.values()):
            record_created(PeerContact(peer=peer, **contact_data), by=by)
            changed = True
    else:
        changed = bool(apply_changes(peer.contact, contact_data, by=by)) or changed
    return changed


