"""The search box of every list posts here: the words are kept in the session and the list
opens with a token in their place (filters, sort and order stay in its URL, holding nothing
personal)."""
from urllib.parse import urlencode

from flask import current_app, redirect, request, url_for
from werkzeug.exceptions import HTTPException

from ..permissions import STAFF_AND_MANAGERS, allow
from . import bp
from .remembered import remember_search

NOT_CARRIED = {"q", "list", "csrf_token", "search", "page"}


def _page_path(path: str) -> str | None:
    """The path if it is a page of this app, else None: never another site or a made-up
    address."""
    if not path.startswith("/") or path.startswith("//"):
        return None
    try:
        current_app.url_map.bind("").match(path, method="GET")
    except HTTPException:
        return None
    return path


@bp.route("/search", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def remember():
    """Open the list the search came from, with the search (if any words were given)."""
    path = _page_path(request.form.get("list", ""))
    if path is None:  # not sent from a list of this app
        return redirect(url_for("dashboard.index"))
    params = [(name, value) for name, value in request.form.items(multi=True)
              if name not in NOT_CARRIED and value]
    words = request.form.get("q", "").strip()
    if words:
        params.insert(0, ("search", remember_search(words)))
    return redirect(f"{path}?{urlencode(params)}" if params else path)
