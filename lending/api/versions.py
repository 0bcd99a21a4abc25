"""ETags and `If-Match`: a change to a record says which version of it the client read, so
that of two clients changing it at once, the second is told (412) rather than undoing the
first. The ETag is that of the record as the API shows it (flask-smorest's, as `@etag` sets
on its GET)."""
from flask import request
from flask_smorest import Blueprint, abort

IF_MATCH = {"name": "If-Match", "in": "header", "required": True,
            "schema": {"type": "string"},
            "description": "The ETag of the record as you last read it."}


def require_version(record, schema) -> None:
    """Refuse the change unless If-Match names the record's current ETag: 428 without one,
    412 when it changed since."""
    if not request.if_match:
        abort(428)
    if Blueprint._generate_etag(schema().dump(record)) not in request.if_match:
        abort(412)


def versioned(view):
    """Document that a view takes If-Match and may answer 412 or 428."""
    return Blueprint.doc(parameters=[IF_MATCH], responses={
        412: "PRECONDITION_FAILED", 428: "PRECONDITION_REQUIRED"})(view)
