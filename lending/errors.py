"""Error pages. Nothing a user types should ever produce a bare 500."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .api import is_api_request
from .extensions import db

MESSAGES = {
    400: (_l("Something in that request was not right"),
          _l("Go back, check the form and try again.")),
    403: (_l("You do not have access to this page"),
          _l("Ask a manager if you think you should.")),
    404: (_l("Nothing here"),
          _l("The page or record you asked for does not exist.")),
    405: (_l("That action is not allowed here"),
          _l("Use the buttons on the page instead.")),
    413: (_l("That upload is too large"),
          _l("Try a smaller file.")),
    429: (_l("Too many attempts"),
          _l("Wait a few minutes, then try again.")),
    500: (_l("Something went wrong on our side"),
          _l("Nothing was saved. Please try again.")),
}


def _page(code, detail=None):
    """Render the shared error page for a status code."""
    if is_api_request():
        from .api.problems import problem  # which imports MESSAGES from here
        return problem(code, detail)
    title, hint = MESSAGES.get(code, MESSAGES[500])
    if request.accept_mimetypes.best == "application/json":
        return {"error": str(title)}, code
    return render_template("error.html", code=code, title=title, hint=detail or hint), code


def _answer(error: HTTPException):
    """An API request's error as problem details (api/problems.py), or None for a page."""
    if not is_api_request():
        return None
    from .api.problems import from_exception
    return from_exception(error)


def refuse_null_bytes():
    """Before each request: text with NUL characters cannot be stored (PostgreSQL refuses it)."""
    values = [*request.args.values(), *request.form.values(), request.path]
    if any("\x00" in value for value in values):
        return _page(400, _("The request contained a character that cannot be stored. "
                            "Go back, check what was typed and try again."))
    return None


def register(app):
    """Attach handlers for the errors users can meet."""
    app.before_request(refuse_null_bytes)
    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda e, code=code: _answer(e) or _page(code))
    app.register_error_handler(HTTPException, lambda e: _answer(e) or e)

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        """An expired or missing form token: explain instead of a bare 400."""
        return _page(400, _("The form had expired or was not sent from this site. "
                            "Go back, reload the page and try again."))

    @app.errorhandler(500)
    def server_error(_error):
        """Roll back whatever the failed request had half-done."""
        db.session.rollback()
        return _answer(_error) or _page(500)
