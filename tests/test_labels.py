"""Labels: printed as a PDF for every label stock, rendered to pixels and read back with a real
barcode reader (ZXing-C++): the QR code gives the item's page, the Code 128 its tag."""
import pypdfium2
import pytest
import zxingcpp

from lending.extensions import db
from lending.inventory.operations import add_place
from lending.labels.items import labels_file
from lending.labels.layouts import LAYOUTS

from . import factories
from .pdfs import pdf_text

DPI = 300


def read_codes(data: bytes, page=0) -> list[tuple[str, str, tuple[float, float]]]:
    """(format, text, centre in points from the top left) of every code on a page."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[page].render(scale=DPI / 72).to_pil()
    finally:
        document.close()
    found = []
    for code in zxingcpp.read_barcodes(image):
        points = [code.position.top_left, code.position.bottom_right]
        centre = (sum(p.x for p in points) / 2 * 72 / DPI, sum(p.y for p in points) / 2 * 72 / DPI)
        found.append((code.format.name, code.text, centre))
    return found


def page_count(data: bytes) -> int:
    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


@pytest.fixture
def devices(app):
    """Twelve tablets with tags, and a SIM card."""
    items = [factories.device("tablet", imei=None, asset_tag=f"LB-TAB-{n:03d}")
             for n in range(12)]
    db.session.commit()
    return items


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_every_label_stock_prints_codes_a_reader_reads(app, devices, key):
    app.config["ORG_NAME"] = "Peer Support Hub"
    with app.test_request_context(base_url="https://lending.example.org"):
        data = labels_file("devices", devices[:3], key)
    layout = LAYOUTS[key]
    codes = read_codes(data)
    on_first_page = min(3, layout.per_page)
    assert sorted(text for kind, text, _ in codes if kind == "QRCode") == sorted(
        f"https://lending.example.org/devices/{d.id}" for d in devices[:on_first_page])
    assert sorted(text for kind, text, _ in codes if kind == "Code128") == sorted(
        d.asset_tag for d in devices[:on_first_page])
    assert page_count(data) == (1 if layout.per_page > 1 else 3)
    assert "Peer Support Hub" in pdf_text(data)


def test_a_partly_used_sheet_starts_at_the_first_free_label(app, devices):
    layout = LAYOUTS["avery-5163"]  # two columns of five
    with app.test_request_context():
        data = labels_file("devices", devices[:3], "avery-5163", start=4)
    codes = [c for c in read_codes(data) if c[0] == "QRCode"]
    assert len(codes) == 3
    for _kind, _text, (x, y) in codes:
        # In the 4th, 5th and 6th places: the right of row 2, then row 3.
        row = int((y - layout.margin[1]) // layout.pitch[1])
        column = int((x - layout.margin[0]) // layout.pitch[0])
        assert row * layout.columns + column + 1 in (4, 5, 6)


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_a_sim_cards_long_iccid_reads_on_every_stock_and_an_item_shows_its_place(app, key):
    sim = factories.sim(iccid="89302690201234567890"[:19] + "7", place=add_place("Shelf B",
                                                                                 by=None))
    db.session.commit()
    with app.test_request_context(base_url="http://counter.local"):
        data = labels_file("sims", [sim], key, show_place=True)
    codes = {kind: text for kind, text, _ in read_codes(data)}
    assert codes == {"QRCode": f"http://counter.local/sims/{sim.id}", "Code128": sim.iccid}
    assert "Shelf B" in pdf_text(data)


def test_a_device_without_a_tag_is_labelled_with_its_serial(app):
    device = factories.device("tablet", imei=None, asset_tag=None, serial="R58T-9931")
    db.session.commit()
    with app.test_request_context():
        data = labels_file("devices", [device], "dymo-30252")
    assert ("Code128", "R58T-9931") in {(k, t) for k, t, _ in read_codes(data)}


def test_labels_print_from_a_lists_filter_or_its_ticked_items(client, auth, devices):
    auth.login("staff")
    shelf = add_place("Shelf B", by=None)
    for device in devices[:2]:
        device.place = shelf
    db.session.commit()
    page = client.get(f"/devices?place={shelf.id}").get_data(as_text=True)
    assert 'id="labels-form"' in page and 'form="labels-form"' in page
    response = client.post(f"/labels/devices?place={shelf.id}",
                           data={"layout": "avery-5160", "start": "1"})
    assert response.mimetype == "application/pdf"
    tags = {text for kind, text, _ in read_codes(response.data) if kind == "Code128"}
    assert tags == {"LB-TAB-000", "LB-TAB-001"}
    ticked = client.post(f"/labels/devices?ids={devices[5].id}&ids={devices[7].id}",
                         data={"layout": "avery-l7160", "start": "1"})
    assert {text for kind, text, _ in read_codes(ticked.data) if kind == "Code128"} == \
        {"LB-TAB-005", "LB-TAB-007"}


def test_an_items_page_prints_its_own_label(client, auth, devices):
    auth.login("staff")
    page = client.get(f"/devices/{devices[0].id}").get_data(as_text=True)
    assert f'href="/labels/devices?ids={devices[0].id}"' in page
    form = client.get(f"/labels/devices?ids={devices[0].id}").get_data(as_text=True)
    assert "1 device:" in form and "Nothing about who borrows it" in form


def test_labels_say_nothing_of_who_has_the_item(client, auth, devices):
    staff = auth.login("staff")
    peer = factories.peer(preferred_name="Robinia", phone="+16475550177")
    factories.lend(peer, by=staff, device=devices[0])
    db.session.commit()
    data = client.post(f"/labels/devices?ids={devices[0].id}",
                       data={"layout": "avery-5163", "start": "1", "show_place": "y"}).data
    text = pdf_text(data) + " ".join(t for _, t, _ in read_codes(data))
    assert peer.code not in text and "Robinia" not in text and "5550177" not in text


def test_a_start_past_the_sheet_or_nothing_to_print_is_explained(client, auth, devices):
    auth.login("staff")
    page = client.post(f"/labels/devices?ids={devices[0].id}",
                       data={"layout": "avery-5163", "start": "11"}).get_data(as_text=True)
    assert "This sheet holds 10 labels; start at 1 to 10." in page
    empty = client.get("/labels/devices?status=retired").get_data(as_text=True)
    assert "There are no devices to print labels for" in empty
    assert client.get("/labels/peers").status_code == 404


def test_the_labels_command_prints_every_item_with_the_apps_address(app, runner, devices,
                                                                    tmp_path):
    app.config["BASE_URL"] = "https://lending.example.org/"
    out = tmp_path / "labels.pdf"
    result = runner.invoke(args=["labels", "--kind", "devices", "--template", "avery-5163",
                                 "--start", "9", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "12 labels written" in result.output
    data = out.read_bytes()
    assert page_count(data) == 2  # 2 on the first sheet, 10 on the next
    first = {text for kind, text, _ in read_codes(data) if kind == "QRCode"}
    assert first == {f"https://lending.example.org/devices/{d.id}" for d in devices[:2]}
    bad = runner.invoke(args=["labels", "--kind", "devices", "--template", "avery-5163",
                              "--start", "11", "--out", str(out)])
    assert bad.exit_code != 0 and "holds 10 labels a sheet" in bad.output


def test_a_long_list_of_labels_is_left_to_a_worker_and_the_page_says_so(client, auth, app,
                                                                         devices):
    app.config["LABELS_NOW"] = 5
    auth.login("staff")
    page = client.get("/labels/devices").get_data(as_text=True)
    assert "More than 5 devices" in page and "drawn by a worker" in page
    response = client.post("/labels/devices", data={"layout": "avery-5160", "start": "1"})
    assert response.headers["Location"].startswith("/jobs/")  # tests/test_jobs.py follows it
    few = client.post(f"/labels/devices?ids={devices[0].id}",
                      data={"layout": "avery-5160", "start": "1"})
    assert few.mimetype == "application/pdf"
