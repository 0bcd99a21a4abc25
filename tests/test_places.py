"""Places where items are kept: a short list managers keep, on every device and SIM card,
a filter on the lists, a column of imports."""
import pytest

from lending.extensions import db
from lending.inventory.importing import check_file
from lending.inventory.operations import add_device, add_place, update_device, update_place
from lending.models import AuditEntry, Device, Place
from lending.refusals import RuleError

from . import factories
from .conftest import search_list


@pytest.fixture
def manager(auth):
    return auth.login("manager")


def test_a_place_name_is_unique_whatever_its_case_or_accents(app):
    add_place("Bureau Est", by=None)
    with pytest.raises(RuleError, match="Another place already has this name"):
        add_place("bureau est", by=None)
    with pytest.raises(RuleError, match="Give the place a name"):
        add_place("", by=None)
    other = add_place("Shelf B", by=None)
    with pytest.raises(RuleError, match="Another place"):
        update_place(other, {"name": "BUREAU EST"}, by=None)


def test_an_item_goes_only_to_a_place_in_use_but_may_stay_in_one_no_longer_used(app):
    office, closed = add_place("Office", by=None), add_place("Old site", by=None)
    device = factories.device(place=closed)
    update_place(closed, {"active": False}, by=None)
    update_device(device, {"make": "Lenovo"}, by=None)  # stays where it was
    with pytest.raises(RuleError, match="not in use"):
        update_device(device, {"place_id": office.id + closed.id + 1}, by=None)
    data = {"kind": "tablet", "make": "X", "model": "Y", "serial": "S-1"}
    with pytest.raises(RuleError, match="not in use"):
        add_device({**data, "place_id": closed.id}, by=None)
    assert add_device({**data, "place_id": office.id}, by=None).place == office


def test_managers_add_rename_and_retire_places_and_each_change_is_audited(client, manager):
    page = client.get("/places").get_data(as_text=True)
    assert "No places yet" in page
    client.post("/places", data={"name": "Main office", "note": "Room 2"})
    page = client.post("/places", data={"name": "main OFFICE"}).get_data(as_text=True)
    assert "Another place already has this name" in page
    place = db.session.execute(db.select(Place)).scalar_one()
    client.post(f"/places/{place.id}/edit", data={"name": "Head office", "note": "Room 2"})
    assert place.name == "Head office" and not place.active  # the box was left unticked
    actions = db.session.execute(db.select(AuditEntry.action).filter_by(
        object_type="place")).scalars().all()
    assert actions == ["create", "update"]


def test_items_show_their_place_and_lists_filter_by_it(client, manager):
    office, shelf = add_place("Office", by=None), add_place("Shelf B", by=None)
    kept = factories.device(place=shelf, serial="KEPT-1")
    factories.device(place=office, serial="ELSEWHERE-1")
    sim = factories.sim(place=shelf)
    db.session.commit()
    page = client.get(f"/devices?place={shelf.id}").get_data(as_text=True)
    assert "KEPT-1" in page and "ELSEWHERE-1" not in page
    assert sim.iccid in client.get(f"/sims?place={shelf.id}").get_data(as_text=True)
    assert "Shelf B" in client.get(f"/devices/{kept.id}").get_data(as_text=True)
    listed = search_list(client, f"/devices?place={shelf.id}", "KEPT").get_data(as_text=True)
    assert "KEPT-1" in listed
    places = client.get("/places").get_data(as_text=True)
    assert f'href="/devices?place={shelf.id}">1<' in places
    assert f'href="/sims?place={shelf.id}">1<' in places


def test_the_device_form_puts_an_item_in_a_place(client, manager):
    shelf = add_place("Shelf B", by=None)
    db.session.commit()
    client.post("/devices/new", data={"kind": "tablet", "make": "Lenovo", "model": "M10",
                                      "serial": "NEW-1", "condition": "good",
                                      "status": "available", "contract_id": "0",
                                      "place_id": str(shelf.id)})
    assert db.session.execute(db.select(Device).filter_by(serial="NEW-1")).scalar_one().place \
        == shelf


def test_an_import_names_each_items_place_and_refuses_an_unknown_one(app):
    add_place("Main Office", by=None)
    db.session.commit()
    sheet = (b"Kind,Make,Model,Serial number,Place\n"
             b"Tablet,Lenovo,M10,S-1,main office\nTablet,Lenovo,M10,S-2,Basement\n")
    check = check_file("devices", sheet, 1_000_000)
    assert [(p.row, p.column, p.message) for p in check.problems] == [
        (3, "Place", '"Basement" is not the name of a place in use (Manage, Places).')]
    assert check.rows[0][1]["place_id"] == db.session.execute(db.select(Place.id)).scalar_one()
