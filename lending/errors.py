"""Error pages. Nothing a user types should ever produce a bare 500."""
from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .api import is_api_request
from .extensions import db

MESSAGES = {
    400: ("Something in that request was not right", "Go back, check the form and try again."),
    403: ("You do not have access to this page", "Ask a manager if you think you should."),
    404: ("Nothing here", "The page or record you asked for does not exist."),
    405: ("That action is not allowed here", "Use the buttons on the page instead."),
    413: ("That upload is too large", "Try a smaller file."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Something went wrong on our side", "Nothing was saved. Please try again."),
}


def _page(code, detail=None):
    """Render the shared error page for a status code."""
    if is_api_request():
        from .api.problems import problem  # which imports MESSAGES from here
        return problem(code, detail)
    title, hint = MESSAGES.get(code, MESSAGES[500])
    if request.accept_mimetypes.best == "application/json":
        return {"error": title}, code
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
        return _page(400, "The request contained a character that cannot be stored. "
                          "Go back, check what was typed and try again.")
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
        return _page(400, "The form had expired or was not sent from this site. "
                          "Go back, reload the page and try again.")

    @app.errorhandler(500)
    def server_error(_error):
        """Roll back whatever the failed request had half-done."""
        db.session.rollback()
        return _answer(_error) or _page(500)
