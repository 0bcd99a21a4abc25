"""The search boxes post here: the words are kept in the session and what was searched opens
with a token in their place. A list's box opens that list (its filters, sort and order stay
in its URL, holding nothing personal); the box in the top bar opens the results of a search
of everything, or the one record the words name whole."""
from urllib.parse import urlencode

from flask import current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from ..extensions import db
from ..lookup import signed_in_user
from ..peers.operations import record_names_listed
from ..permissions import STAFF_AND_MANAGERS, allow
from . import bp
from .anything import find_anything
from .records import record_url
from .remembered import remember_search, remembered_search

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
    """Open the list the search came from with the search, or (from the top bar) the
    results of searching everything."""
    words = request.form.get("q", "").strip()
    if "list" not in request.form:  # the top bar's box
        return redirect(url_for(".results", search=remember_search(words)) if words
                        else url_for(".results"))
    path = _page_path(request.form.get("list", ""))
    if path is None:  # not sent from a list of this app
        return redirect(url_for("dashboard.index"))
    params = [(name, value) for name, value in request.form.items(multi=True)
              if name not in NOT_CARRIED and value]
    if words:
        params.insert(0, ("search", remember_search(words)))
    return redirect(f"{path}?{urlencode(params)}" if params else path)


@bp.route("/search")
@allow(*STAFF_AND_MANAGERS)
def results():
    """Everything a search found, by kind; or straight to the one record it names whole."""
    words = remembered_search(request.args.get("search", ""))
    if not words:
        return render_template("search/results.html", found=None,
                               forgotten=words is None)
    user = signed_in_user()
    found = find_anything(words, user=user)
    if found.only_exact is not None:
        return redirect(record_url(found.only_exact))
    page = render_template("search/results.html", found=found, forgotten=False,
                           token=request.args["search"])
    named = [peer.code for peer in found.kinds.get("Peers", [])
             if peer.contact and peer.contact.preferred_name]
    record_names_listed(named, by=user, where="search results")
    db.session.commit()
    return page
