"""The API's views, a blueprint per kind of record (each a tag of the OpenAPI document)."""
from flask import current_app
from flask_smorest import Blueprint, abort

from ...extensions import db, limiter
from ...lookup import find
from ...models import Peer
from ...models.peers import is_valid_peer_code
from ...refusals import RuleError
from .. import PREFIX
from ..auth import rate_key
from ..problems import problem

BLUEPRINTS: list[Blueprint] = []


def _refused(error: RuleError):
    """A lending rule's refusal: 409, in the words the screens use; nothing half-saved."""
    db.session.rollback()
    return problem(409, str(error))


def api_blueprint(name: str, path: str, description: str) -> Blueprint:
    """A blueprint of the API at PREFIX + path: rules' refusals are 409 problems, and each
    token may make API_RATE_LIMIT requests (a minute) across the whole API."""
    blueprint = Blueprint(f"api_{name}", __name__, url_prefix=PREFIX + path,
                          description=description)
    blueprint.register_error_handler(RuleError, _refused)
    limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api",
                         key_func=rate_key)(blueprint)
    BLUEPRINTS.append(blueprint)
    return blueprint


def named(model, record_id, field: str):
    """The record a request's field names by id (None when not named); an id of nothing is a
    422 on that field."""
    if record_id is None:
        return None
    record = find(model, record_id)
    if record is None:
        abort(422, errors={"json": {field: [f"No {model.__tablename__.replace('_', ' ')} "
                                            f"has id {record_id}."]}})
    return record


def peer_coded(code: str, field: str = "peer_code") -> Peer:
    """The peer a request's field names by code; an unknown code is a 422 on that field."""
    code = code.strip().upper()
    peer = db.session.execute(db.select(Peer).filter_by(code=code)).scalar_one_or_none() \
        if is_valid_peer_code(code) else None
    if peer is None:
        abort(422, errors={"json": {field: ["No peer has this code."]}})
    return peer
