"""Hostile or odd input gets a clear answer, never an error page from the server."""
import pytest

from lending.extensions import db
from lending.models import Device

from . import factories

LISTS = ["/devices", "/sims", "/plans", "/peers", "/loans", "/audit"]


@pytest.fixture
def manager(auth):
    """A signed-in manager."""
    return auth.login("manager")


@pytest.mark.parametrize("url", ["/devices/99999999999999999999", "/peers/2147483648",
                                 "/loans/9223372036854775808/return", "/sims/0"])
def test_ids_no_row_can_have_are_not_found(client, manager, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", LISTS)
def test_lists_take_any_search_and_page_number(client, manager, url):
    for query in ("?q=%27%3B+DROP+TABLE+device%3B--", "?q=" + "x" * 5000,
                  "?page=99999999999999999999", "?page=-3", "?q=%F0%9F%93%B1"):
        assert client.get(url + query).status_code == 200, url + query


@pytest.mark.parametrize("url", LISTS)
def test_a_null_byte_in_a_search_is_refused_politely(client, manager, url):
    response = client.get(url + "?q=ab%00c")
    assert response.status_code == 400
    assert "cannot be stored" in response.get_data(as_text=True)


def test_a_null_byte_in_a_form_saves_nothing(client, manager):
    response = client.post("/devices/new", data={
        "kind": "tablet", "make": "Sam\x00sung", "model": "Tab", "serial": "NUL-1",
        "condition": "good", "status": "received"})
    assert response.status_code == 400
    assert db.session.execute(db.select(Device)).first() is None


def test_the_lending_form_survives_huge_and_foreign_ids(client, manager):
    peer = factories.peer()
    db.session.commit()
    assert client.get("/loans/new?peer=99999999999999999999&device=-1").status_code == 200
    response = client.post("/loans/new", data={
        "peer_code": peer.code, "device_id": "99999999999999999999", "sim_id": "abc",
        "form_token": "c" * 32})
    assert response.status_code == 200


def test_markup_typed_into_a_form_is_shown_as_text(client, manager):
    client.post("/devices/new", data={
        "kind": "tablet", "make": "<script>alert(1)</script>", "model": "Tab",
        "serial": "XSS-1", "condition": "good", "status": "received"})
    device = db.session.execute(db.select(Device)).scalar_one()
    page = client.get(f"/devices/{device.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
