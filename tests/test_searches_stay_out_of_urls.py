"""What is typed in a search box may be a peer's name or phone number, and app servers and
proxies write every URL to their access logs: searches are posted, kept in the session, and
lists carry a token in their place."""
import re

from lending.extensions import db

from . import factories
from .conftest import search_list


def _addresses(page: str) -> list[str]:
    """Every link and form address on a page."""
    return re.findall(r'(?:href|action)="([^"]*)"', page)


def test_a_search_for_a_name_puts_the_name_in_no_address(client, auth):
    auth.login("manager")
    for n in range(7):
        factories.peer(preferred_name=f"Robin Quayle {n}")
    factories.peer(preferred_name="Sam")
    db.session.commit()
    response = search_list(client, "/peers?sort=name&dir=asc", "Quayle")
    page = response.get_data(as_text=True)
    assert "Robin Quayle 0" in page and "Sam" not in page
    assert "Quayle" not in response.request.url
    assert not [a for a in _addresses(page) if "Quayle" in a]
    # The next page keeps the search through its token.
    next_page = next(a for a in _addresses(page) if "page=2" in a).replace("&amp;", "&")
    assert "search=" in next_page and "sort=name" in next_page
    second = client.get(next_page).get_data(as_text=True)
    assert "Robin Quayle 6" in second and "Robin Quayle 0" not in second


def test_words_in_the_query_string_are_not_read(client, auth):
    """An old link or a hand-typed ?q= finds nothing: a search never travels in a URL."""
    auth.login("staff")
    robin, sam = factories.peer(preferred_name="Robin"), factories.peer(preferred_name="Sam")
    db.session.commit()
    page = client.get("/peers?q=Robin").get_data(as_text=True)
    assert robin.code in page and sam.code in page


def test_a_search_this_session_no_longer_holds_says_so(client, auth):
    auth.login("staff")
    factories.device(serial="SER-9")
    db.session.commit()
    page = client.get("/devices?search=not-a-token").get_data(as_text=True)
    assert "That search is no longer remembered" in page and "SER-9" in page


def test_only_the_latest_searches_are_kept(client, auth):
    auth.login("staff")
    factories.device()
    db.session.commit()
    first = client.post("/search", data={"list": "/devices", "q": "first"}).headers["Location"]
    for n in range(8):
        client.post("/search", data={"list": "/devices", "q": f"later {n}"})
    assert "That search is no longer remembered" in client.get(first).get_data(as_text=True)


def test_the_search_box_leads_only_to_this_apps_pages(client, auth):
    auth.login("staff")
    for elsewhere in ("https://evil.example/peers", "//evil.example/peers", "/no/such/page",
                      "peers", ""):
        response = client.post("/search", data={"list": elsewhere, "q": "Robin"})
        assert response.headers["Location"] == "/", elsewhere


def test_an_empty_search_opens_the_list_with_its_filters_and_no_token(client, auth):
    auth.login("staff")
    response = client.post("/search", data={"list": "/devices", "q": "  ", "kind": "phone",
                                            "page": "4"})
    assert response.headers["Location"] == "/devices?kind=phone"  # a new search starts at 1


def test_funders_cannot_use_the_list_search(client, auth):
    auth.login("funder")
    assert client.post("/search", data={"list": "/peers", "q": "Robin"}).status_code == 403
