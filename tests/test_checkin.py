"""Check-in at the counter: scan any item of a kit, land on its return form, come back for the
next kit."""
from lending.extensions import db

from . import factories


def _checkin(client, code):
    return client.post("/loans/checkin", data={"code": code})


def test_scanning_any_item_of_a_kit_opens_its_return_form(client, auth):
    staff = auth.login("staff")
    device = factories.device("tablet", imei=None, asset_tag="LB-TAB-001")
    sim = factories.sim()
    loan = factories.lend(factories.peer(), by=staff, device=device, sim=sim)
    db.session.commit()
    for code in ("lb-tab-001", " ".join(sim.iccid[i:i + 5] for i in range(0, 20, 5))):
        response = _checkin(client, code)
        assert response.headers["Location"] == f"/loans/{loan.id}/return?then=checkin", code


def test_after_the_return_the_box_is_ready_for_the_next_kit(client, auth):
    staff = auth.login("staff")
    kits = [factories.lend(factories.peer(), by=staff,
                           device=factories.device("tablet", imei=None, asset_tag=f"T-{n}"))
            for n in range(2)]
    db.session.commit()
    for loan in kits:
        form = _checkin(client, loan.device.asset_tag).headers["Location"]
        page = client.get(form).get_data(as_text=True)
        assert 'href="/loans/checkin"' in page  # Cancel goes back to the box
        saved = client.post(form, data={"condition": "good"})
        assert saved.headers["Location"] == "/loans/checkin"
        assert loan.status == "returned"
    page = client.get("/loans/checkin").get_data(as_text=True)
    assert "Return recorded." in page and "autofocus" in page


def test_an_item_not_on_loan_says_why_and_an_unknown_code_offers_a_search(client, auth):
    auth.login("staff")
    device = factories.device("tablet", imei=None, asset_tag="T-9", status="awaiting_reset")
    db.session.commit()
    page = _checkin(client, "T-9").get_data(as_text=True)
    assert f"{device.title} is not on loan (it is awaiting reset" in page
    page = _checkin(client, "NOPE-1").get_data(as_text=True)
    assert "No device or SIM card has the code “NOPE-1”" in page
    assert "Search everything for “NOPE-1”" in page


def test_an_empty_scan_asks_for_a_code(client, auth):
    auth.login("staff")
    assert "Scan or type the asset tag" in _checkin(client, "  ").get_data(as_text=True)


def test_a_labels_qr_code_checks_its_item_in_too(client, auth):
    staff = auth.login("staff")
    device = factories.device("tablet", imei=None)
    loan = factories.lend(factories.peer(), by=staff, device=device)
    db.session.commit()
    response = _checkin(client, f"https://lending.example.org/devices/{device.id}")
    assert response.headers["Location"] == f"/loans/{loan.id}/return?then=checkin"
