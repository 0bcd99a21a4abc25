"""The JSON API (/api/v1, docs/api.md) and the personal access tokens it takes.

Built with flask-smorest (OpenAPI 3.1 from the views' schemas). It shares the screens' rules:
views parse, call the same operations, commit; `@allow` names the roles as on the screens.
Only a token authenticates (api/auth.py), never the session cookie; errors are RFC 9457
problem details (api/problems.py)."""
from flask import request

PREFIX = "/api/v1"


def is_api_request() -> bool:
    """Whether this request is for the API (its errors are JSON problems, its user a token)."""
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")
