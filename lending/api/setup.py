"""The API attached to the app: flask-smorest's OpenAPI document at /api/v1/openapi.json, the
documentation page at /api/v1/docs (Swagger UI, vendored), the blueprints, and what sets them
apart from the screens (a token, no CSRF, problem details)."""
import http
import importlib

from flask import Blueprint, render_template
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from ..extensions import csrf
from ..permissions import public
from . import PREFIX
from .auth import forget_token
from .problems import PROBLEM_TYPE, ProblemSchema

ROUTES = ("inventory", "peers", "loans", "issues", "waitlist", "contracts", "reports")

SECURITY = {"bearerAuth": {"type": "http", "scheme": "bearer", "description": (
    "A personal access token, made on your account's API tokens page or with "
    "`flask --app wsgi create-token`.")}}



class LendingApi(Api):
    """flask-smorest's Api, its errors answered by errors.py as problem details."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """None here: errors.py answers API errors as problem details, pages as pages."""

    def _register_responses(self):
        """The document's error responses, as problem details (flask-smorest's, with the
        problem media type)."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


docs = Blueprint("api_docs_page", __name__, url_prefix=PREFIX)


@docs.route("/docs")
@public
def documentation():
    """The API's documentation, read from its OpenAPI document (Swagger UI, served here)."""
    return render_template("api/docs.html")


def init_app(app):
    """Attach the API: its document, its documentation page and every blueprint."""
    api = LendingApi()
    api.init_app(app, spec_kwargs={
        "info": {"description": "Lend, renew and return kits, read inventory, contracts and "
                               "funder figures. See docs/api.md."},
        "security": [{"bearerAuth": []}]})
    api.spec.components.security_scheme("bearerAuth", SECURITY["bearerAuth"])
    from .routes import BLUEPRINTS
    for name in ROUTES:
        importlib.import_module(f"{__name__.rsplit('.', 1)[0]}.routes.{name}")
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)  # no cookie is taken, so no request can be forged
    app.register_blueprint(docs)
    app.teardown_request(forget_token)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith("api-docs."):  # flask-smorest's own: the OpenAPI document
            app.view_functions[endpoint] = public(_function(view))


def _function(method):
    """A bound method as a plain function (one a role can be declared on)."""
    def view(*args, **kwargs):
        return method(*args, **kwargs)
    view.__doc__ = method.__doc__
    return view
