"""`Idempotency-Key` on the API's POSTs: a retry with the same key (and the same request)
gets the first answer again instead of doing it twice, even when two arrive at once."""
import hashlib
from functools import wraps

from flask import g, json, request
from flask_smorest import Blueprint, abort
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import IdempotencyKey
from .operations import claim_key, keep_answer

HEADER = {"name": "Idempotency-Key", "in": "header", "required": False,
          "schema": {"type": "string", "maxLength": 255},
          "description": "Any unique string (a UUID): a retry with the same key and request "
                         "gets the first answer, and nothing is done twice. Kept a day."}


def _fingerprint() -> str:
    return hashlib.sha256(b"\n".join([request.method.encode(), request.path.encode(),
                                      request.get_data()])).hexdigest()


def _replay(row: IdempotencyKey):
    """The first answer again, or a 409/422 when it cannot be given."""
    if row.fingerprint != _fingerprint():
        abort(422, message="This Idempotency-Key was used for another request; use a new key.")
    if row.status is None:
        abort(409, message="A request with this Idempotency-Key is still being answered (or "
                           "was interrupted): look for what it made before trying a new key.")
    response = json.jsonify(row.body)
    response.status_code = row.status
    response.headers["Idempotent-Replayed"] = "true"
    for header, value in (("Location", row.location), ("ETag", row.etag)):
        if value:
            response.headers[header] = value
    return response


def _existing(key: str) -> IdempotencyKey | None:
    return db.session.execute(db.select(IdempotencyKey).filter_by(
        token_id=g.api_token.id, key=key)).scalar_one_or_none()


def idempotent(view):
    """Answer a POST once per key: the key is claimed in the view's own transaction (so it
    commits with what the view made, or not at all), and the answer kept after it."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return view(*args, **kwargs)
        if len(key) > 255:
            abort(422, message="An Idempotency-Key is at most 255 characters.")
        if (row := _existing(key)) is not None:
            return _replay(row)
        try:
            row = claim_key(g.api_token, key, _fingerprint())
        except IntegrityError:  # the same key, at the same moment, in another request
            db.session.rollback()
            return _replay(_existing(key))
        response = view(*args, **kwargs)
        if 200 <= response.status_code < 300:
            keep_answer(row, response.status_code, response.get_json(),
                        response.headers.get("Location"), response.headers.get("ETag"))
            db.session.commit()
        return response
    return Blueprint.doc(parameters=[HEADER])(wrapper)
