"""Lending, renewing, returning and resetting through the screens staff use."""
import re
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.models import Loan, LoanItem

from . import factories

TOKEN = "a" * 32


@pytest.fixture
def staff(auth):
    """A signed-in staff member."""
    return auth.login("staff")


def _lend(client, peer, token=TOKEN, **items):
    """Post the lending form, the agreement signed on paper."""
    factories.agreement()
    db.session.commit()
    data = {"peer_code": peer.code.lower(), "form_token": token, "acceptance": "paper",
            "accessories": ["charger"], **{f"{k}_id": str(v.id) for k, v in items.items()}}
    return client.post("/loans/new", data=data)


def test_staff_lend_a_kit_to_a_peer(client, staff):
    peer, device, sim = factories.peer(), factories.device(), factories.sim()
    plan = factories.plan(sim=sim)
    db.session.commit()
    response = _lend(client, peer, device=device, sim=sim, plan=plan)
    loan = db.session.execute(db.select(Loan)).scalar_one()
    assert response.headers["Location"] == f"/loans/{loan.id}"
    assert loan.peer == peer and loan.lent_by == staff and len(loan.items) == 3
    page = client.get(f"/loans/{loan.id}").get_data(as_text=True)
    assert device.serial in page and sim.iccid in page and "Charger" in page


def test_a_second_click_on_lend_records_one_loan(client, staff):
    peer, device = factories.peer(), factories.device()
    db.session.commit()
    first = _lend(client, peer, device=device)
    second = _lend(client, peer, device=device)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.execute(db.select(db.func.count(Loan.id))).scalar_one() == 1


def test_lending_an_item_already_out_explains_why_and_saves_nothing(client, staff):
    device = factories.device()
    factories.lend(factories.peer(), by=staff, device=device)
    other = factories.peer()
    db.session.commit()
    page = _lend(client, other, token="b" * 32, device=device).get_data(as_text=True)
    assert "is on loan, not available" in page
    assert db.session.execute(db.select(db.func.count(Loan.id))).scalar_one() == 1


@pytest.mark.parametrize("code, message", [
    ("P-1111111", "not a valid peer code"),  # 1 is never in a code
    ("", "This field is required"),
])
def test_a_bad_peer_code_is_explained(client, staff, code, message):
    device = factories.device()
    db.session.commit()
    page = client.post("/loans/new", data={"peer_code": code, "device_id": device.id,
                                           "form_token": TOKEN}).get_data(as_text=True)
    assert message in page and db.session.execute(db.select(Loan)).first() is None


def test_a_well_formed_code_nobody_has_is_explained(client, staff):
    from lending.models.peers import new_peer_code
    page = client.post("/loans/new", data={"peer_code": new_peer_code(),
                                           "form_token": TOKEN}).get_data(as_text=True)
    assert "No peer has this code" in page


def test_a_kit_with_nothing_in_it_is_refused(client, staff):
    peer = factories.peer()
    db.session.commit()
    assert "Choose at least one item" in _lend(client, peer).get_data(as_text=True)


def test_an_item_that_vanished_is_explained(client, staff):
    peer = factories.peer()
    db.session.commit()
    page = client.post("/loans/new", data={"peer_code": peer.code, "device_id": "987654",
                                           "acceptance": "paper", "form_token": TOKEN}
                       ).get_data(as_text=True)
    assert "no longer exists" in page


def test_the_lending_form_offers_only_lendable_items_and_prefills_from_links(client, staff):
    free = factories.device(serial="FREE-1")
    dirty = factories.device(serial="DIRTY-1", status="awaiting_reset")
    spare = factories.sim(status="spare", iccid=factories.iccid())
    peer = factories.peer()
    db.session.commit()
    page = client.get(f"/loans/new?peer={peer.id}&device={free.id}").get_data(as_text=True)
    # The menus show items by their titles (asset tags, numbers), so look for those.
    assert free.title in page and dirty.title not in page and spare.iccid[-6:] not in page
    assert f'value="{peer.code}"' in page
    assert f'<option selected value="{free.id}">' in page


def test_a_large_programs_menus_are_cut_short_and_a_box_narrows_its_own(client, staff,
                                                                          monkeypatch):
    from lending.loans import queries
    monkeypatch.setattr(queries, "MENU_LIMIT", 2)
    devices = [factories.device(asset_tag=f"TAG-{n}", make="Lenovo", model=f"M{n}")
               for n in range(4)]
    sim = factories.sim()
    peer = factories.peer()
    db.session.commit()
    page = client.get("/loans/new").get_data(as_text=True)
    assert page.count("TAG-") == 2 and "show the first 2 of each kind" in page
    linked = client.get(f"/loans/new?peer={peer.id}&device={devices[3].id}").get_data(as_text=True)
    assert f'<option selected value="{devices[3].id}">' in linked  # the item the link chose
    # Part of a tag narrows the device menu, keeping the SIM card chosen.
    narrowed = client.post("/loans/new", data={"peer_code": peer.code, "device_code": "tag",
                                               "sim_id": sim.id, "form_token": TOKEN})
    page = narrowed.get_data(as_text=True)
    assert "Several match “tag”; choose one here." in page
    assert f'<option selected value="{sim.id}">' in page
    nothing = client.post("/loans/new", data={"peer_code": peer.code,
                                              "device_code": "no-such-tag",
                                              "form_token": TOKEN}).get_data(as_text=True)
    assert "No device that can be lent today matches “no-such-tag”" in nothing
    factories.agreement()
    db.session.commit()
    response = client.post("/loans/new", data={
        "peer_code": peer.code, "device_id": devices[3].id, "acceptance": "paper",
        "form_token": TOKEN})
    assert response.status_code == 302 and devices[3].status == "on_loan"


def test_staff_record_a_return_then_a_reset(client, staff):
    device = factories.device()
    loan = factories.lend(factories.peer(), by=staff, device=device,
                          accessories=["case", "charger"])
    db.session.commit()
    form = client.get(f"/loans/{loan.id}/return").get_data(as_text=True)
    # The checklist offers what was handed over, and staff tick what they have in hand.
    assert re.search(r'<input[^>]*value="case"', form) and 'value="stylus"' not in form
    assert not re.search(r'<input checked[^>]*value="c', form)
    response = client.post(f"/loans/{loan.id}/return", data={
        "condition": "damaged", "accessories_back": ["charger"], "notes": "Screen cracked"})
    assert response.headers["Location"] == f"/devices/{device.id}"
    assert loan.status == "returned" and device.status == "awaiting_reset"
    device_page = client.get(f"/devices/{device.id}").get_data(as_text=True)
    assert "Record wipe and reset" in device_page and "Screen cracked" in device_page
    client.post(f"/devices/{device.id}/reset", data={"note": "Factory reset"})
    assert device.status == "available"
    again = client.post(f"/devices/{device.id}/reset", data={"note": ""}, follow_redirects=True)
    assert "Only a received or returned device can be reset" in again.get_data(as_text=True)
    assert len(device.resets) == 1


def test_a_closed_loan_has_no_return_form(client, staff):
    loan = factories.lend(factories.peer(), by=staff, sim=factories.sim())
    db.session.commit()
    client.post(f"/loans/{loan.id}/return", data={"condition": "good"})
    response = client.post(f"/loans/{loan.id}/return", data={"condition": "damaged"})
    assert response.status_code == 302 and loan.return_condition == "good"


def test_staff_renew_once_per_click(client, staff):
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    loan.due_date = local_today() + timedelta(days=2)
    db.session.commit()
    seen = loan.due_date.isoformat()
    client.post(f"/loans/{loan.id}/renew", data={"expected_due": seen})
    response = client.post(f"/loans/{loan.id}/renew", data={"expected_due": seen},
                           follow_redirects=True)
    assert "already renewed" in response.get_data(as_text=True)
    assert loan.renewals == 1


def test_renewal_beyond_the_limit_is_refused_with_the_reason(client, staff):
    from lending.models import LoanPolicy
    db.session.add(LoanPolicy(kind="phone", loan_days=30, renewals_allowed=0))
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    db.session.commit()
    page = client.get(f"/loans/{loan.id}").get_data(as_text=True)
    assert "Renewed 0 of 0 times allowed" in page
    response = client.post(f"/loans/{loan.id}/renew",
                           data={"expected_due": loan.due_date.isoformat()},
                           follow_redirects=True)
    assert "the most allowed" in response.get_data(as_text=True)


def test_the_dashboard_shows_due_today_overdue_awaiting_reset_and_stock(client, staff):
    today = local_today()
    due_today = factories.lend(factories.peer(), by=staff, device=factories.device(),
                               due_date=today)
    late = factories.lend(factories.peer(), by=staff, device=factories.device())
    late.due_date = today - timedelta(days=3)
    dirty = factories.device(status="awaiting_reset", make="Dirtyco")
    factories.device(kind="tablet", imei=None)
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert f"Loan #{due_today.id}" in page and f"Loan #{late.id}" in page
    assert "(3 days late)" in page and dirty.title in page
    assert "Tablet</a>: 1" in page


def test_a_dashboard_list_shows_its_first_ten_and_counts_the_rest(client, staff):
    for _ in range(12):
        factories.lend(factories.peer(), by=staff, device=factories.device(),
                       due_date=local_today())
    late = [factories.lend(factories.peer(), by=staff, device=factories.device())
            for _ in range(11)]
    for days, loan in enumerate(late, start=1):
        loan.due_date = local_today() - timedelta(days=days)
    late[0].escalation_stage = "reminder"
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert page.count("Loan #") == 10 + 10 + 1 and "See all 12" in page
    assert "See all 10" not in page  # ten overdue without a step: all shown, none to see
    oldest = late[-1]
    assert f"Loan #{oldest.id}</a>" in page and "(11 days late)" in page  # oldest due first


def test_the_loans_list_filters_overdue_loans(client, staff):
    ok = factories.lend(factories.peer(), by=staff, device=factories.device())
    late = factories.lend(factories.peer(), by=staff, device=factories.device())
    late.due_date = local_today() - timedelta(days=1)
    db.session.commit()
    page = client.get("/loans?status=overdue").get_data(as_text=True)
    assert f"#{late.id}<" in page and f"#{ok.id}<" not in page


def test_item_and_peer_pages_tell_the_whole_story(client, staff):
    device, peer = factories.device(), factories.peer()
    loan = factories.lend(peer, by=staff, device=device)
    loan.due_date = local_today() + timedelta(days=2)
    db.session.commit()
    client.post(f"/loans/{loan.id}/renew", data={"expected_due": loan.due_date.isoformat()})
    client.post(f"/loans/{loan.id}/return", data={"condition": "good"})
    client.post(f"/devices/{device.id}/reset", data={"note": ""})
    for url in (f"/devices/{device.id}", f"/peers/{peer.id}"):
        page = client.get(url).get_data(as_text=True)
        for event in (f"Loan #{loan.id}: ", f"Loan #{loan.id} renewed",
                      f"Loan #{loan.id} returned"):
            assert event in page, (url, event)
    assert "Wiped and reset" in client.get(f"/devices/{device.id}").get_data(as_text=True)
    assert db.session.execute(db.select(LoanItem).where(LoanItem.closed_at.is_(None))).first() \
        is None
