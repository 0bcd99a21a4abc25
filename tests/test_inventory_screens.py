"""Inventory screens: forms that explain bad input, lists that search, filter and page."""
import pytest

from lending.extensions import db
from lending.models import AuditEntry, DataPlan, Device, SimCard

from . import factories
from .conftest import search_list

GOOD_DEVICE = {"kind": "phone", "make": "Google", "model": "Pixel 7a", "serial": "GP-1001",
               "imei": "35 123456 789012 8", "asset_tag": "LB-0001",
               "accessories": ["case", "charger"], "condition": "new",
               "replacement_value": "499.00", "status": "received"}


@pytest.fixture
def manager(auth):
    """A signed-in manager."""
    return auth.login("manager")


def _count(model):
    """How many rows the table has."""
    return db.session.execute(db.select(db.func.count(model.id))).scalar_one()


def test_a_manager_adds_a_device_and_it_is_logged(client, manager):
    imei = factories.imei()
    response = client.post("/devices/new", data={**GOOD_DEVICE, "imei": imei})
    device = db.session.execute(db.select(Device)).scalar_one()
    assert response.headers["Location"] == f"/devices/{device.id}"
    assert (device.imei, device.accessories, device.status) == (imei, "case,charger", "received")
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="create")).scalar_one()
    assert entry.user_id == manager.id and entry.changes["serial"] == [None, "GP-1001"]


@pytest.mark.parametrize("field, value, message", [
    ("imei", "351234567890129", "check digit is wrong"),
    ("imei", "12345", "An IMEI has 15 digits"),
    ("imei", "", "Phones and hotspots need their IMEI"),
    ("serial", "", "This field is required"),
    ("make", "x" * 81, "Field cannot be longer than 80 characters"),
    ("replacement_value", "-5", "Enter an amount from 0 up"),
    ("replacement_value", "1e30", "Enter an amount from 0 up"),
    ("replacement_value", "lots", "Not a valid decimal value"),
    ("kind", "spaceship", "Not a valid choice"),
])
def test_bad_device_input_is_explained_beside_the_field_and_nothing_is_saved(
        client, manager, field, value, message):
    response = client.post("/devices/new", data={**GOOD_DEVICE, "imei": factories.imei(),
                                                 field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert f'id="{field}-error"' in page and f'aria-describedby="{field}-error' in page
    assert _count(Device) == 0


def test_duplicate_serial_imei_and_asset_tag_are_refused(client, manager):
    existing = factories.device(serial="DUP-1", asset_tag="TAG-1")
    db.session.commit()
    page = client.post("/devices/new", data={**GOOD_DEVICE, "serial": "DUP-1",
                                              "imei": existing.imei, "asset_tag": "TAG-1"}
                       ).get_data(as_text=True)
    assert "already has this serial number" in page
    assert "already has this IMEI" in page and "already has this asset tag" in page
    assert _count(Device) == 1


def test_editing_a_device_keeps_its_own_serial_and_logs_only_what_changed(client, manager):
    device = factories.device(kind="tablet", serial="KEEP-1", imei=None)
    db.session.commit()
    data = {"kind": "tablet", "make": device.make, "model": "Tab S9", "serial": "KEEP-1",
            "imei": "", "asset_tag": device.asset_tag, "accessories": ["case", "charger"],
            "condition": device.condition, "replacement_value": "249.00"}
    assert client.post(f"/devices/{device.id}/edit", data=data).status_code == 302
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="update")).scalar_one()
    assert entry.changes == {"model": ["Galaxy A15", "Tab S9"]}
    assert device.status == "available"  # status is not editable by form


def test_a_manager_adds_a_sim_card_with_a_local_phone_number(client, manager):
    iccid = factories.iccid()
    response = client.post("/sims/new", data={"iccid": f"{iccid[:4]} {iccid[4:]}",
                                              "phone_number": "(416) 555-0199",
                                              "carrier": "Maple Mobile", "pin": "1234",
                                              "status": "active"})
    assert response.status_code == 302
    sim = db.session.execute(db.select(SimCard)).scalar_one()
    assert (sim.iccid, sim.phone_number, sim.status) == (iccid, "+14165550199", "active")
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="create")).scalar_one()
    assert entry.changes["pin"] == [None, "(hidden)"]  # the PIN is never logged


@pytest.mark.parametrize("field, value, message", [
    ("iccid", "8901234567890123456", "check digit is wrong"),
    ("iccid", "1234", "An ICCID has 19 or 20 digits"),
    ("phone_number", "12", "not valid"),
    ("phone_number", "call me", "not a phone number"),
    ("pin", "12", "A PIN has 4 to 8 digits"),
])
def test_bad_sim_input_is_explained_and_nothing_is_saved(client, manager, field, value, message):
    data = {"iccid": factories.iccid(), "carrier": "Maple Mobile", "status": "spare",
            field: value}
    page = client.post("/sims/new", data=data).get_data(as_text=True)
    assert message in page and _count(SimCard) == 0


def test_a_plan_cannot_end_before_it_starts(client, manager):
    page = client.post("/plans/new", data={
        "form_token": "a" * 32, "carrier": "Maple", "name": "Connect 5",
        "monthly_allowance_gb": "5",
        "monthly_cost": "25", "start_date": "2026-05-01", "end_date": "2026-04-30",
        "sim_id": "0"}).get_data(as_text=True)
    assert "cannot be before the start date" in page and _count(DataPlan) == 0


def test_impossible_dates_are_refused_without_an_error_page(client, manager):
    response = client.post("/plans/new", data={
        "form_token": "a" * 32, "carrier": "Maple", "name": "Connect 5",
        "monthly_allowance_gb": "5",
        "monthly_cost": "25", "start_date": "2026-02-30", "sim_id": "0"})
    assert response.status_code == 200 and "Not a valid date" in response.get_data(as_text=True)


def test_a_plan_is_put_on_a_sim_card(client, manager):
    sim = factories.sim()
    db.session.commit()
    data = {"carrier": "Maple", "name": "Connect 20", "form_token": "b" * 32,
            "monthly_allowance_gb": "20", "monthly_cost": "40.00", "start_date": "2026-01-01",
            "sim_id": str(sim.id)}
    first = client.post("/plans/new", data=data)
    second = client.post("/plans/new", data=data)  # a double click adds nothing
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.execute(db.select(DataPlan)).scalar_one().sim == sim


def test_device_list_searches_filters_sorts_and_pages(client, manager):
    for n in range(7):
        factories.device(kind="tablet", imei=None, make="Lenovo", serial=f"LEN-{n}")
    factories.device(kind="phone", make="Google", serial="PIX-1")
    factories.device(kind="phone", make="Google", serial="PIX-2", status="awaiting_reset")
    db.session.commit()
    page = search_list(client, "/devices?kind=phone&status=awaiting_reset", "pix").get_data(
        as_text=True)
    assert "PIX-2" in page and "PIX-1" not in page and "LEN-" not in page
    first = client.get("/devices?kind=tablet&sort=serial&dir=asc").get_data(as_text=True)
    assert "LEN-0" in first and "LEN-5" not in first  # five to a page in tests
    second = client.get("/devices?kind=tablet&sort=serial&dir=asc&page=2").get_data(as_text=True)
    assert "LEN-5" in second and "LEN-6" in second and "LEN-0" not in second
    assert "7 in all matching these filters" in second


def test_search_treats_wildcards_as_text(client, manager):
    factories.device(serial="AB_1")
    factories.device(serial="ABX1")
    db.session.commit()
    page = search_list(client, "/devices", "AB_").get_data(as_text=True)
    assert "AB_1" in page and "ABX1" not in page


def test_nonsense_list_parameters_fall_back_to_defaults(client, manager):
    response = client.get("/devices?sort=password&dir=sideways&page=abc&kind=spaceship")
    assert response.status_code == 200


def test_empty_lists_say_what_to_do(client, manager):
    assert "Add the phones, tablets" in client.get("/devices").get_data(as_text=True)
    assert "No SIM cards yet" in client.get("/sims").get_data(as_text=True)
    assert "No data plans yet" in client.get("/plans").get_data(as_text=True)
    assert "Nothing matches these filters" in search_list(client, "/devices", "zzz").get_data(
        as_text=True)


def test_a_manager_sends_a_device_to_repair_and_retires_it_only_after_a_wipe(client, manager):
    device = factories.device()
    db.session.commit()
    client.post(f"/devices/{device.id}/status", data={"status": "in_repair", "note": "Cracked"})
    assert device.status == "in_repair"
    page = client.post(f"/devices/{device.id}/status",
                       data={"status": "retired", "note": "Beyond repair"}).get_data(as_text=True)
    assert "Confirm the wipe" in page and device.status == "in_repair"
    client.post(f"/devices/{device.id}/status",
                data={"status": "retired", "note": "Beyond repair", "wiped": "y"})
    assert device.status == "retired" and device.resets[-1].note.startswith("Wiped")


def test_a_manager_activates_a_spare_sim_once(client, manager):
    sim = factories.sim(status="spare")
    db.session.commit()
    client.post(f"/sims/{sim.id}/activate")
    assert sim.status == "active"
    response = client.post(f"/sims/{sim.id}/activate", follow_redirects=True)
    assert "Only a spare SIM card can be activated" in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(AuditEntry.id))
                              .filter_by(action="activate")).scalar_one() == 1
