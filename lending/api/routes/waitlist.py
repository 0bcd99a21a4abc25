"""The waitlist: who waits for which kind of kit, in the order they will be served."""
import marshmallow as ma
from flask import url_for
from marshmallow import fields, validate

from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import WaitlistEntry, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...waitlist.operations import add_to_waitlist
from ..idempotency import idempotent
from ..paging import PageArgs, page_of, page_schema
from ..schemas import WaitlistEntrySchema, one_of
from . import api_blueprint, peer_coded

waitlist = api_blueprint("waitlist", "/waitlist", "Peers waiting for a kind of kit.")


class WaitlistQuery(PageArgs):
    kind = fields.String(**one_of(vocab.LOAN_KINDS))
    status = fields.String(**one_of(vocab.WAITLIST_STATUSES))


class AddSchema(ma.Schema):
    """Putting a peer in the queue for a kind of kit."""

    peer_code = fields.String(required=True, validate=validate.Length(1, 20))
    kind = fields.String(required=True, **one_of(vocab.LOAN_KINDS))
    priority = fields.Integer(load_default=2, **one_of(vocab.WAITLIST_PRIORITIES),
                              metadata={"description": "1 high, 2 normal, 3 low."})
    reason = fields.String(load_default="", validate=validate.Length(max=200))


@waitlist.route("")
@waitlist.arguments(WaitlistQuery, location="query")
@waitlist.response(200, page_schema(WaitlistEntrySchema, "WaitlistPage"))
@allow(*STAFF_AND_MANAGERS)
def entry_list(args):
    """Waitlist entries, oldest first (`status=waiting` for who waits now; the order they
    will be served in is the waitlist page's)."""
    query = db.select(WaitlistEntry)
    if "kind" in args:
        query = query.where(WaitlistEntry.kind == args["kind"])
    if "status" in args:
        query = query.where(WaitlistEntry.status == args["status"])
    return page_of(query, WaitlistEntry.id, args)


@waitlist.route("/<int:entry_id>")
@waitlist.response(200, WaitlistEntrySchema)
@allow(*STAFF_AND_MANAGERS)
def entry(entry_id):
    """A waitlist entry."""
    return get_or_404(WaitlistEntry, entry_id)


@waitlist.route("", methods=["POST"])
@idempotent
@waitlist.arguments(AddSchema)
@waitlist.response(201, WaitlistEntrySchema)
@waitlist.alt_response(409, description="Already waiting for that kind.")
@allow(*STAFF_AND_MANAGERS)
def add(data):
    """Put a peer in the queue for a kind of kit."""
    entry = add_to_waitlist(peer_coded(data["peer_code"]), data["kind"], by=signed_in_user(),
                            priority=data["priority"], reason=data["reason"])
    db.session.commit()
    return entry, 201, {"Location": url_for(".entry", entry_id=entry.id, _external=True)}
