"""Lending at the counter: the peer found by code or name, each item by a scan or part of a
code on its own, what was chosen kept, the cursor moved on, and a whole kit lent with a
scanner and the keyboard alone (loans/counter.py)."""
import re

import pytest

from lending.extensions import db
from lending.models import AuditEntry, Loan

from . import factories

TOKEN = "c" * 32


@pytest.fixture
def staff(auth):
    factories.agreement()
    return auth.login("staff")


def _form(client, **data):
    """Post the lending form as it stands; the page it answers with."""
    return client.post("/loans/new", data={"form_token": TOKEN, **data})


def _focus(page: str) -> str:
    """The id of the field the cursor is put in."""
    return re.search(r'<(?:input|select)[^>]*\bautofocus\b[^>]*\bid="(\w+)"', page)[1]


def _selected(page: str, field: str) -> str:
    menu = page.split(f'id="{field}"')[1].split("</select>")[0]
    found = re.search(r'<option[^>]*\bselected\b[^>]*\bvalue="(\d+)"', menu)
    return found[1] if found else "0"


def test_the_form_opens_with_the_cursor_in_the_peer_box(client, staff):
    assert _focus(client.get("/loans/new").get_data(as_text=True)) == "peer_code"


def test_enter_after_a_peer_code_moves_on_to_the_device_and_lends_only_a_whole_kit(client,
                                                                                  staff):
    peer, device = factories.peer(), factories.device()
    db.session.commit()
    page = _form(client, peer_code=peer.code, lend="enter").get_data(as_text=True)
    assert _focus(page) == "device_code" and "This field is required" not in page
    page = _form(client, peer_code=peer.code, device_id=device.id, lend="enter").get_data(
        as_text=True)
    assert _focus(page) == "acceptance" and db.session.execute(db.select(Loan)).first() is None
    # The Lend button itself says what is missing.
    page = _form(client, peer_code=peer.code, device_id=device.id, lend="1").get_data(
        as_text=True)
    assert 'id="acceptance-error" class="invalid-feedback d-block" role="alert">Choose how ' \
        'the peer accepted the loan agreement.' in page
    response = _form(client, peer_code=peer.code, device_id=device.id, acceptance="paper",
                     lend="enter")
    assert response.status_code == 302


def test_a_name_in_the_peer_box_finds_the_one_peer_it_names(client, staff):
    robin = factories.peer(preferred_name="Robin Quayle")
    db.session.commit()
    page = _form(client, peer_code="quayle").get_data(as_text=True)
    assert f'value="{robin.code}"' in page and _focus(page) == "device_code"
    assert db.session.execute(db.select(Loan)).first() is None  # nothing lent in a round


def test_several_peers_are_offered_and_choosing_one_fills_the_code(client, staff):
    ones = [factories.peer(preferred_name=f"Sam {n}") for n in range(2)]
    device = factories.device()
    db.session.commit()
    page = _form(client, peer_code="sam", device_id=device.id).get_data(as_text=True)
    assert 'name="peer_pick"' in page and "Sam 0" in page and "Sam 1" in page
    assert _selected(page, "device_id") == str(device.id)  # kept while the peer is chosen
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="view_contact")
                               .order_by(AuditEntry.id.desc())).scalars().first()
    assert entry.note.startswith("names on the lending form:") and "Sam" not in entry.note
    page = _form(client, peer_code="SAM", peer_pick=ones[1].code,
                 device_id=device.id).get_data(as_text=True)
    assert f'value="{ones[1].code}"' in page and _selected(page, "device_id") == str(device.id)


def test_a_scanned_device_is_chosen_with_its_accessories_and_keeps_the_sim_card(client, staff):
    peer = factories.peer()
    device = factories.device("phone", imei="356938035643809", accessories="case,cable")
    sim = factories.sim()
    db.session.commit()
    page = _form(client, peer_code=peer.code, device_code="35693803 5643809",
                 sim_id=sim.id).get_data(as_text=True)
    assert _selected(page, "device_id") == str(device.id)
    assert _selected(page, "sim_id") == str(sim.id)
    ticked = re.findall(r'<input checked[^>]*name="accessories"[^>]*value="(\w+)"', page)
    assert ticked == ["case", "cable"]  # what goes with it
    assert _focus(page) == "sim_code"


def test_a_scanned_sim_card_brings_its_plan(client, staff):
    peer, sim = factories.peer(), factories.sim()
    plan = factories.plan(sim=sim)
    db.session.commit()
    page = _form(client, peer_code=peer.code, sim_code=sim.iccid).get_data(as_text=True)
    assert _selected(page, "sim_id") == str(sim.id) and _selected(page, "plan_id") == str(plan.id)
    assert _focus(page) == "acceptance"


def test_a_scan_of_an_item_that_cannot_be_lent_says_why(client, staff):
    holder = factories.peer()
    out = factories.device(asset_tag="OUT-1")
    factories.lend(holder, by=staff, device=out)
    factories.device(asset_tag="DIRTY-1", status="awaiting_reset")
    suspended = factories.sim(status="suspended")
    db.session.commit()
    for box, code, message in (
            ("device_code", "out-1", f"to {holder.code}; check it in before lending it again"),
            ("device_code", "DIRTY-1", "has not been wiped and reset since its last loan"),
            ("sim_code", suspended.iccid, "is suspended; only an active SIM card can be lent")):
        page = _form(client, peer_code=holder.code, **{box: code}).get_data(as_text=True)
        assert message in page and _focus(page) == box, code


def test_a_whole_kit_is_lent_with_a_scanner_and_the_keyboard_alone(client, staff):
    """Each scan is the code and Enter: the form goes back and forth, keeping everything."""
    peer = factories.peer()
    device = factories.device("tablet", imei=None, asset_tag="LB-TAB-042")
    sim = factories.sim()
    plan = factories.plan(sim=sim)
    db.session.commit()
    state = {"peer_code": peer.code.lower()}
    for box, code in (("device_code", "LB-TAB-042"), ("sim_code", sim.iccid)):
        page = _form(client, **state, **{box: code}).get_data(as_text=True)
        state.update({name: _selected(page, name) for name in ("device_id", "sim_id",
                                                               "plan_id")})
    assert state == {"peer_code": peer.code.lower(), "device_id": str(device.id),
                     "sim_id": str(sim.id), "plan_id": str(plan.id)}
    response = _form(client, **state, acceptance="paper", lend="1")
    loan = db.session.execute(db.select(Loan)).scalar_one()
    assert response.headers["Location"] == f"/loans/{loan.id}"
    assert {line.item for line in loan.items} == {device, sim, plan}


def test_peer_suggestions_as_a_name_is_typed_come_from_a_post(client, staff):
    factories.peer(preferred_name="Alex Morgan")
    db.session.commit()
    assert client.get("/loans/peer-suggestions?q=alex").status_code == 405
    fragment = client.post("/loans/peer-suggestions", data={"q": "alex"}).get_data(as_text=True)
    assert 'name="peer_pick"' in fragment and "Alex Morgan" in fragment
    assert "<html" not in fragment
    none = client.post("/loans/peer-suggestions", data={"q": "zzzz"}).get_data(as_text=True)
    assert "No peer matches yet." in none
