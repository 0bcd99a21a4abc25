"""At the counter, in a real browser: a kit lent and checked in with a barcode scanner (which
types the code and Enter) and the keyboard alone; the search box; and the camera's Scan
button reading a printed label through Chromium's fake camera."""
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from lending.extensions import db
from lending.labels.layouts import LAYOUTS
from lending.labels.pdf import Label, labels_pdf
from lending.models import Loan

from .. import factories
from .conftest import CHROMIUM, CHROMIUM_ARGS, LAPTOP, PHONE, sign_in
from .test_journeys import _fresh, _shot


def _scan(page, code):
    """What a USB or Bluetooth scanner does: type the code into the focused box, then Enter."""
    page.keyboard.type(code)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _focused(page) -> str:
    """The id of the element with the focus, once the page has placed it."""
    # A locator, not wait_for_function: a string predicate that has to be polled is run with
    # eval, which the app's Content-Security-Policy refuses (a loaded machine polls).
    focused = page.locator("*:focus[id]:not([id=''])")
    focused.wait_for(timeout=15_000)
    return focused.get_attribute("id")


@pytest.fixture
def kit(app):
    """A peer, a tablet with a tag, a SIM card with its plan, and the agreement."""
    factories.agreement()
    sim = factories.sim()
    items = {"peer": factories.peer(), "sim": sim, "plan": factories.plan(sim=sim),
             "tablet": factories.device("tablet", imei=None, asset_tag="LB-TAB-042")}
    db.session.commit()
    return items


def test_a_kit_is_lent_with_a_scanner_and_the_keyboard_alone(page, people, kit):
    sign_in(page, people("staff"))
    page.goto("/loans/new")
    assert _focused(page) == "peer_code"
    _scan(page, kit["peer"].code)  # typed by hand, then Enter
    assert _focused(page) == "device_code"
    _scan(page, "LB-TAB-042")
    assert _focused(page) == "sim_code"
    _scan(page, kit["sim"].iccid)
    assert _focused(page) == "acceptance"
    page.keyboard.press("ArrowDown")  # the first way: signed on paper
    _shot(page, "counter-lend")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("recorded: due").wait_for()
    _fresh()
    loan = db.session.execute(db.select(Loan)).scalar_one()
    assert loan.peer == kit["peer"] and {line.item for line in loan.items} == {
        kit["tablet"], kit["sim"], kit["plan"]}
    assert loan.agreement_acceptance == "paper"


def test_kits_are_checked_in_one_after_another_without_moving_the_hands(page, people):
    staff = people("staff")
    loans = [factories.lend(factories.peer(), by=staff, device=factories.device(
        "tablet", imei=None, asset_tag=f"TRAIN-{n}")) for n in range(3)]
    db.session.commit()
    sign_in(page, staff)
    page.get_by_role("link", name="Check in").click()
    for loan in loans:
        assert _focused(page) == "code"
        _scan(page, loan.device.asset_tag)
        assert "/return" in page.url
        page.get_by_role("button", name="Record return").click()
        page.get_by_text("Return recorded.").wait_for()
    _shot(page, "counter-checkin")
    _fresh()
    assert all(db.session.get(Loan, loan.id).status == "returned" for loan in loans)


def test_the_top_bar_box_goes_straight_to_a_scanned_item(page, people, kit):
    sign_in(page, people("staff"))
    page.get_by_label("Search or scan: peer, item, loan, contract").click()
    _scan(page, "lb-tab-042")
    assert page.url.endswith(f"/devices/{kit['tablet'].id}")


def test_on_a_phone_the_dashboard_starts_with_search_lend_and_check_in(browser, live_server,
                                                                        people):
    staff = people("staff")
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    phone = context.new_page()
    sign_in(phone, staff)
    first = phone.locator("main").get_by_role("link", name="Lend a kit").first
    assert first.bounding_box()["y"] < PHONE["height"]  # above the fold
    assert phone.locator("#counter-search").bounding_box()["y"] < PHONE["height"]
    _shot(phone, "counter-phone", full_page=False)
    context.close()


def _label_video(path: Path, label: Label, app):
    """A short Y4M video of a printed label, as Chromium's fake camera shows it."""
    with app.app_context():
        data = labels_pdf([label], LAYOUTS["thermal-2x1"], organization="Lending Bridge")
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=3).to_pil().convert("RGB")
    finally:
        document.close()
    frame = Image.new("RGB", (640, 480), "white")
    image.thumbnail((600, 440))
    frame.paste(image, ((640 - image.width) // 2, (480 - image.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    planes = y.tobytes() + cb.resize((320, 240)).tobytes() + cr.resize((320, 240)).tobytes()
    with open(path, "wb") as video:
        video.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            video.write(b"FRAME\n" + planes)


def test_the_scan_button_reads_a_label_with_the_camera(playwright, live_server, people, kit,
                                                       app, tmp_path):
    video = tmp_path / "label.y4m"
    _label_video(video, Label(f"{live_server}/devices/{kit['tablet'].id}", "LB-TAB-042"), app)
    camera = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = camera.new_context(viewport=LAPTOP, base_url=live_server)
        context.grant_permissions(["camera"], origin=live_server)
        tab = context.new_page()
        sign_in(tab, people("staff"))
        tab.goto("/loans/checkin")
        tab.locator("main").get_by_role("button", name="Scan with the camera").click()
        tab.get_by_text("is not on loan").wait_for(timeout=30_000)
        assert "LB-TAB-042" in tab.content()
    finally:
        camera.close()


def test_without_a_camera_the_scan_button_says_to_type_instead(page, people, kit):
    sign_in(page, people("staff"))
    page.goto("/loans/checkin")
    page.locator("main").get_by_role("button", name="Scan with the camera").click()  # none
    page.get_by_role("alert").filter(has_text="type the code instead").wait_for()
    assert _focused(page) == "code"
