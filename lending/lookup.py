"""Finding the records a request names: by an id from the URL, and the signed-in user."""
from flask import abort
from flask_login import current_user

from .extensions import db
from .permissions import can_see

# Ids are 32-bit integers in PostgreSQL; a larger number in a URL must be "not found", not an error.
MAX_ID = 2**31 - 1


def find(model, object_id):
    """The object with this id, or None (also for ids no row can have)."""
    if not isinstance(object_id, int) or not 0 < object_id <= MAX_ID:
        return None
    return db.session.get(model, object_id)


def get_or_404(model, object_id, *, seen_by=None):
    """The object with this id, or a 404 page when there is none, or (given `seen_by`) when
    that user may not see it: another partner's ids cannot even be probed."""
    obj = find(model, object_id)
    if obj is None or (seen_by is not None and not can_see(seen_by, obj)):
        abort(404)
    return obj


def signed_in_user():
    """The signed-in user object itself (not the proxy): the acting user views hand to
    operations."""
    return current_user._get_current_object()
