"""The search box in the top bar: a code, number or name typed or scanned, found among
peers, devices, SIM cards, loans and contracts; a record named whole opens at once."""
import pytest

from lending.extensions import db
from lending.models import AuditEntry

from . import factories
from .conftest import assert_words_kept_out_of


def search(client, words):
    """What the top bar's box does with the words: the answer to the POST, then the page."""
    posted = client.post("/search", data={"q": words})
    assert posted.status_code == 302
    assert_words_kept_out_of(posted.headers["Location"], words, client)
    return client.get(posted.headers["Location"], follow_redirects=True)


@pytest.fixture
def counter(app):
    """A device, a SIM card, a peer with a loan, and a contract."""
    staff = factories.user("staff")
    device = factories.device("phone", imei="356938035643809", asset_tag="LB-PHO-007",
                              serial="R58T12345", make="Samsung", model="Galaxy A15")
    sim = factories.sim(phone_number="+14165550123")
    peer = factories.peer(preferred_name="Zoë Ñúñez", phone="+16475550177")
    loan = factories.lend(peer, by=staff, device=factories.device("tablet", imei=None))
    contract = factories.contract(reference="CWF-2026-01")
    db.session.commit()
    return {"device": device, "sim": sim, "peer": peer, "loan": loan, "contract": contract}


@pytest.mark.parametrize("typed, record, page", [
    ("356 938-035 643 809", "device", "/devices/{}"),  # an IMEI with spaces and dashes
    ("lb-pho-007", "device", "/devices/{}"),  # an asset tag in any case
    ("r58t12345", "device", "/devices/{}"),
    ("(416) 555-0123", "sim", "/sims/{}"),  # the line's number as people say it
    ("#{}", "loan", "/loans/{}"),
    ("loan {}", "loan", "/loans/{}"),
])
def test_a_record_named_whole_opens_at_once(client, auth, counter, typed, record, page):
    auth.login("staff")
    item = counter[record]
    response = search(client, typed.format(item.id) if "{}" in typed else typed)
    assert response.request.path == page.format(item.id)


def test_a_peer_code_opens_the_peer_with_or_without_its_dash(client, auth, counter):
    auth.login("staff")
    code = counter["peer"].code
    for typed in (code, code.lower(), code.replace("-", ""), f" {code[:4]} {code[4:]} "):
        assert search(client, typed).request.path == f"/peers/{counter['peer'].id}", typed


def test_the_iccid_scanned_from_a_sim_card_opens_it(client, auth, counter):
    auth.login("staff")
    iccid = counter["sim"].iccid
    spaced = " ".join(iccid[i:i + 4] for i in range(0, len(iccid), 4))
    assert search(client, spaced).request.path == f"/sims/{counter['sim'].id}"


def test_names_are_found_in_part_and_each_one_shown_is_recorded(client, auth, counter):
    staff = auth.login("staff")
    page = search(client, "zoe nunez").get_data(as_text=True)
    assert "Zoë Ñúñez" in page and counter["peer"].code in page
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="view_contact")
                               .order_by(AuditEntry.id.desc())).scalars().first()
    assert entry.user_id == staff.id and entry.note == f"names on search results: " \
                                                       f"{counter['peer'].code}"
    assert "Ñúñez" not in entry.note


def test_a_peers_phone_number_finds_the_peer(client, auth, counter):
    auth.login("staff")
    response = search(client, "647 555 0177")
    assert response.request.path == f"/peers/{counter['peer'].id}"


def test_a_short_number_lists_the_loan_it_may_be_and_what_else_holds_it(client, auth, counter):
    auth.login("staff")
    loan = counter["loan"]
    page = search(client, str(loan.id)).get_data(as_text=True)
    assert f"Loan #{loan.id}" in page


def test_parts_of_makes_models_and_serials_are_grouped_by_kind(client, auth, counter):
    auth.login("staff")
    page = search(client, "galaxy").get_data(as_text=True)
    assert "<h2 class=\"h5\" id=\"found-1\">Devices</h2>" in page and "Galaxy A15" in page


def test_contracts_are_found_by_managers_only(client, auth, counter):
    auth.login("staff")
    assert "CWF-2026-01" not in search(client, "cwf-2026-01").get_data(as_text=True)
    auth.logout()
    auth.login("manager")
    assert search(client, "cwf-2026-01").request.path == \
        f"/contracts/{counter['contract'].id}"


def test_nothing_found_says_so_and_offers_the_box_again(client, auth, counter):
    auth.login("staff")
    page = search(client, "P-ZZZZZZZ").get_data(as_text=True)
    assert "Nothing matches “P-ZZZZZZZ”" in page and 'id="search-everything"' in page


def test_many_matches_show_ten_and_lead_to_the_list_with_the_same_search(client, auth, app):
    auth.login("staff")
    for n in range(12):
        factories.device("tablet", imei=None, make="Lenovo", serial=f"LEN-{n:02d}")
    db.session.commit()
    page = search(client, "lenovo").get_data(as_text=True)
    assert page.count("Lenovo") >= 10 and "see them all in the devices list" in page
    link = page.split('see them all in the devices list')[0].rsplit('href="', 1)[1]
    listed = client.get(link.split('"')[0].replace("&amp;", "&")).get_data(as_text=True)
    assert "12 in all" in listed or "LEN-11" in listed


def test_funders_have_no_search(client, auth, counter):
    auth.login("funder")
    assert client.post("/search", data={"q": "x"}).status_code == 403
    assert client.get("/search").status_code == 403
    assert 'id="top-search"' not in client.get("/portal").get_data(as_text=True)


def test_a_labels_qr_code_read_by_a_scanner_opens_its_item(client, auth, counter):
    """A QR code holds the item's address; a USB scanner types it like any code."""
    auth.login("staff")
    for address in (f"http://lending.example.org/devices/{counter['device'].id}",
                    f"https://other.host:8443/sims/{counter['sim'].id}/"):
        kind = "devices" if "/devices/" in address else "sims"
        item = counter["device" if kind == "devices" else "sim"]
        assert search(client, address).request.path == f"/{kind}/{item.id}", address
    page = search(client, "http://lending.example.org/devices/999999").get_data(as_text=True)
    assert "Nothing matches" in page
