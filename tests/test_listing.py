"""Paging through lists: exact counts and page numbers for lists short enough to count; for
longer ones, steps from either end, the last page read in reverse (as quick as the first)."""
import re

import pytest

from lending import listing
from lending.extensions import db

from . import factories
from .conftest import search_list


@pytest.fixture
def twelve_devices(app):
    """Devices SER-01 … SER-12, sorted by serial; five to a page in tests."""
    for number in range(1, 13):
        factories.device(serial=f"SER-{number:02d}")
    db.session.commit()


def _serials(page: str) -> list[str]:
    return re.findall(r"SER-\d\d", page)


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_countable_list_numbers_its_pages_and_keeps_to_its_ends(client, auth, twelve_devices):
    auth.login("staff")
    base = "/devices?sort=serial&dir=asc"
    assert _serials(_get(client, base)) == ["SER-01", "SER-02", "SER-03", "SER-04", "SER-05"]
    last = _get(client, f"{base}&page=-1")  # the last page, by its number from the end
    assert _serials(last) == ["SER-11", "SER-12"] and "12 in all" in last
    assert 'aria-current="page">3<' in last
    assert _serials(_get(client, f"{base}&page=99")) == ["SER-11", "SER-12"]  # past the end
    assert _serials(_get(client, f"{base}&page=-99")) == _serials(_get(client, base))


def test_a_list_too_long_to_count_pages_from_either_end(client, auth, twelve_devices,
                                                        monkeypatch):
    monkeypatch.setattr(listing, "COUNT_LIMIT", 6)
    auth.login("staff")
    base = "/devices?sort=serial&dir=asc"
    first = _get(client, base)
    assert "More than 6 in all" in first and "12 in all" not in first
    assert _serials(first) == ["SER-01", "SER-02", "SER-03", "SER-04", "SER-05"]
    assert "page=2" in first and "page=-1" in first and ">Last<" in first
    last = _get(client, f"{base}&page=-1")
    assert _serials(last) == ["SER-08", "SER-09", "SER-10", "SER-11", "SER-12"]  # in order
    assert "Last page" in last and "page=-2" in last  # Previous steps back from the end
    before_last = _get(client, f"{base}&page=-2")
    assert _serials(before_last) == ["SER-03", "SER-04", "SER-05", "SER-06", "SER-07"]
    assert "page=-1" in before_last  # Next steps towards the end
    second = _get(client, f"{base}&page=2")
    assert _serials(second) == ["SER-06", "SER-07", "SER-08", "SER-09", "SER-10"]
    assert _serials(_get(client, f"{base}&page=3")) == ["SER-11", "SER-12"]
    assert "Last page" in _get(client, f"{base}&page=9")  # past the end: the last page


def test_filters_and_search_count_what_they_match(client, auth, twelve_devices, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_LIMIT", 6)
    auth.login("staff")
    page = search_list(client, "/devices", "SER-1").get_data(as_text=True)
    assert "3 in all matching these filters" in page and len(set(_serials(page))) == 3


def test_loans_are_found_by_any_part_of_the_peers_code(client, auth):
    staff = auth.login("staff")
    ours, theirs = factories.peer(), factories.peer()
    for peer in (ours, theirs):
        factories.lend(peer, by=staff, device=factories.device("tablet", imei=None))
    db.session.commit()
    page = search_list(client, "/loans", ours.code[3:7].lower()).get_data(as_text=True)
    assert ours.code in page and theirs.code not in page and "1 in all" in page
