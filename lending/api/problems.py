"""Errors as RFC 9457 problem details: `application/problem+json` with a title, the status and
a detail a person can act on (the lending rules' refusals word for word, as on the screens)."""
import marshmallow as ma
from flask import jsonify
from werkzeug.exceptions import HTTPException

from ..errors import MESSAGES
from ..extensions import db

PROBLEM_TYPE = "application/problem+json"


class ProblemSchema(ma.Schema):
    """A problem (RFC 9457); `errors` names each field's problems when fields were wrong."""

    type = ma.fields.String()
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String()
    errors = ma.fields.Dict()


TITLES = {401: "Not signed in", 409: "Refused by a rule", 412: "Changed since you read it",
          422: "The request's fields are not valid", 428: "Say which version you change"}
DETAILS = {
    401: "Send a personal access token: Authorization: Bearer lbt_…",
    404: "Nothing with that id, or nothing you may see.",
    412: "It changed since you read it: read it again (its ETag) and retry.",
    428: "Send If-Match with the ETag you read, so that nobody's change is lost.",
}


def problem(status: int, detail: str | None = None, *, headers=None, **extra):
    """A problem-details response."""
    title = str(TITLES.get(status) or MESSAGES.get(status, (None,))[0] or "Error")
    body = {"type": "about:blank", "title": title, "status": status,
            "detail": str(detail or DETAILS.get(status, title)), **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_exception(error: HTTPException):
    """The problem for an HTTP error raised in an API view: flask-smorest's `abort(...,
    message=, errors=)` and webargs' validation errors carry their words in `data`."""
    if error.code >= 500:
        db.session.rollback()
    data = getattr(error, "data", None) or {}
    extra = {}
    errors = data.get("errors") or data.get("messages")
    if errors:
        extra["errors"] = errors
    headers = dict(data.get("headers") or {})
    if error.code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="Lending Bridge API"'
    custom = error.description != type(error).description  # abort(..., description=...)
    detail = data.get("message") or (error.description if custom else None)
    if error.code == 429:  # Flask-Limiter's: its description is the limit
        detail = f"Too many requests with this token: at most {error.description}. Wait a minute."
        headers["Retry-After"] = "60"
    return problem(error.code, detail, headers=headers, **extra)
