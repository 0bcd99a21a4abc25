"""The key journeys, in a real browser against the running app: what managers, staff and
funders do, click by click. Some steps save screenshots for the README (docs/screenshots)."""
import io
import re
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from lending.clock import local_today
from lending.extensions import db
from lending.models import Device, Loan, Peer, SimCard

from .. import factories
from .conftest import PHONE, sign_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(page, name, full_page=True):
    """Save a screenshot for the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def _fresh():
    """Read what the server wrote, not what this session remembers."""
    db.session.rollback()
    db.session.expire_all()


def _select(page, label, text):
    """Choose the option of a menu whose text contains `text`."""
    menu = page.get_by_label(label, exact=True)
    value = menu.locator("option", has_text=text).first.get_attribute("value")
    menu.select_option(value)


def test_a_manager_adds_a_device_a_sim_and_a_plan_and_lends_them_to_a_new_peer(page, people):
    manager = people("manager")
    factories.agreement()
    db.session.commit()
    sign_in(page, manager)
    iccid, imei = factories.iccid(), factories.imei()

    page.goto("/devices/new")
    page.get_by_label("Kind").select_option("phone")
    page.get_by_label("Make").fill("Samsung")
    page.get_by_label("Model").fill("Galaxy A15")
    page.get_by_label("Serial number").fill("R58-JOURNEY")
    page.get_by_label("IMEI").fill(imei)
    page.get_by_label("Status").select_option("available")
    page.get_by_role("button", name="Save device").click()
    page.get_by_text("Device Samsung Galaxy A15").wait_for()

    page.goto("/sims/new")
    page.get_by_label("ICCID").fill(iccid)
    page.get_by_label("Carrier").fill("Maple Mobile")
    page.get_by_label("Status").select_option("active")
    page.get_by_role("button", name="Save SIM card").click()

    page.goto("/plans/new")
    page.get_by_label("Carrier").fill("Maple Mobile")
    page.get_by_label("Plan name").fill("Connect 5")
    page.get_by_label("Monthly data (GB)").fill("5")
    page.get_by_label("Monthly cost ($)").fill("25")
    page.get_by_label("Start date").fill(local_today().isoformat())
    _select(page, "On SIM card", "Maple Mobile SIM")
    page.get_by_role("button", name="Save data plan").click()

    page.goto("/peers/new")
    page.get_by_label("How consent was given").select_option("paper")
    page.get_by_label("Preferred name (optional)").fill("Robin")
    page.get_by_role("button", name="Register peer").click()
    code = re.search(r"P-[A-Z0-9]{7}", page.locator("h1").inner_text()).group(0)

    page.get_by_role("link", name="Lend a kit").first.click()
    _select(page, "Device", "Galaxy A15")
    _select(page, "SIM card", "Maple Mobile SIM")
    _select(page, "Data plan", "Connect 5")
    page.get_by_label("How the peer accepted the loan agreement").select_option("paper")
    _shot(page, "lend-a-kit")
    page.get_by_role("button", name="Lend", exact=True).click()
    page.get_by_text("recorded: due").wait_for()
    _shot(page, "loan")
    page.goto("/")
    _shot(page, "dashboard")
    _fresh()
    loan = db.session.execute(db.select(Loan)).scalar_one()
    assert loan.peer.code == code and len(loan.items) == 3
    assert loan.device.serial == "R58-JOURNEY" and loan.sim.iccid == iccid


def _lent(by, **kit):
    """A kit lent to a new peer, committed for the server."""
    loan = factories.lend(factories.peer(), by=by, **kit)
    db.session.commit()
    return loan


def test_staff_record_a_return_and_then_the_wipe_and_reset(page, people):
    staff = people("staff")
    loan = _lent(staff, device=factories.device("tablet", imei=None))
    sign_in(page, staff)
    page.goto(f"/loans/{loan.id}")
    page.get_by_role("link", name="Record return").click()
    page.get_by_label("Condition of the device").select_option("good")
    page.get_by_role("button", name="Record return").click()
    page.get_by_text("Returned").first.wait_for()
    page.goto(f"/devices/{loan.device.id}")
    page.get_by_role("button", name="Record wipe and reset").click()
    page.get_by_text("Available").first.wait_for()
    _fresh()
    assert db.session.get(Loan, loan.id).status == "returned"
    assert db.session.get(Device, loan.device.id).status == "available"


def test_staff_log_a_lost_device_and_suspend_its_sim(page, people):
    staff = people("staff")
    loan = _lent(staff, device=factories.device(), sim=factories.sim())
    sign_in(page, staff)
    page.goto(f"/loans/{loan.id}")
    page.get_by_role("link", name="Report an issue").click()
    page.get_by_label("What happened").select_option("lost")
    page.get_by_label("When it happened").fill(local_today().isoformat())
    page.get_by_label("Also suspend the SIM card's line now (lost or stolen kits)").check()
    page.get_by_role("button", name="Log issue").click()
    page.get_by_text("Lost").first.wait_for()
    _fresh()
    assert db.session.get(Loan, loan.id).status == "lost"
    assert db.session.get(Device, loan.device.id).status == "lost"
    assert db.session.get(SimCard, loan.sim.id).status == "suspended"


def _generate(page, fmt, partner):
    """Generate a report from the Reports page and return its archive row's text."""
    page.goto("/reports")
    page.get_by_label("Format").select_option(fmt)
    page.get_by_label("From").fill((local_today() - timedelta(days=30)).isoformat())
    page.get_by_label("To").fill(local_today().isoformat())
    _select(page, "Partner (optional)", partner.name)
    page.get_by_role("button", name="Generate and archive").click()
    page.get_by_text("generated and archived").wait_for()


def test_a_manager_generates_reports_and_the_funder_downloads_them_and_nothing_else(
        page, people, browser, live_server):
    manager = people("manager")
    staff = factories.user("staff")
    contract = factories.contract(reference="CWF-B1")
    for _ in range(6):
        factories.lend(factories.peer(preferred_name="Robin"), by=staff,
                       device=factories.device("tablet", imei=None, contract=contract))
    db.session.commit()
    funder = people("funder", partner=contract.partner)
    sign_in(page, manager)
    _generate(page, "pdf", contract.partner)
    _generate(page, "xlsx", contract.partner)
    _shot(page, "reports")

    funder_tab = browser.new_context(base_url=live_server, accept_downloads=True).new_page()
    sign_in(funder_tab, funder)
    assert funder_tab.url.endswith("/portal")
    _shot(funder_tab, "funder-portal")
    files = {}
    for link in funder_tab.get_by_role("link", name="Download").all():
        with funder_tab.expect_download() as download:
            link.click()
        files[download.value.suggested_filename] = Path(download.value.path()).read_bytes()
    assert {name.rsplit(".", 1)[1] for name in files} == {"pdf", "xlsx"}
    pdf = next(data for name, data in files.items() if name.endswith(".pdf"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Peers served 6" in text and "Robin" not in text
    workbook = next(data for name, data in files.items() if name.endswith(".xlsx"))
    assert load_workbook(io.BytesIO(workbook)).sheetnames[0] == "Summary"
    for url in ("/", "/loans", "/peers", "/devices", "/reports", "/users", "/audit",
                f"/contracts/{contract.id}"):
        response = funder_tab.request.get(url, max_redirects=0)
        assert response.status in (302, 403), url
        if response.status == 302:
            assert response.headers["location"].endswith("/portal"), url
    funder_tab.context.close()


def test_staff_register_a_peer_with_the_keyboard_alone_and_see_where_focus_is(page, people):
    staff = people("staff")
    page.goto("/login")  # the email field has the focus
    page.keyboard.type(staff.email)
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto("/peers/new")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == \
        "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")  # past the menu, to the form
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "consent_scope"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert "Borrowing devices" in page.evaluate("document.activeElement.value")  # a default
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "consent_method"
    page.keyboard.type("Signed")  # picks "Signed on paper", as typing in any menu does
    assert page.evaluate("document.activeElement.value") == "paper"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # in a text field: submits the form
    page.get_by_text("Peer registered as").wait_for()


def test_the_back_button_and_a_second_submit_do_not_register_a_peer_twice(page, people):
    sign_in(page, people("staff"))
    page.goto("/peers/new")
    page.get_by_label("How consent was given").select_option("paper")
    page.get_by_label("Preferred name (optional)").fill("Back Button Test")
    page.get_by_role("button", name="Register peer").click()
    page.get_by_text("Peer registered as").wait_for()
    page.go_back()
    page.get_by_label("How consent was given").select_option("paper")
    page.get_by_label("Preferred name (optional)").fill("Back Button Test")
    page.get_by_role("button", name="Register peer").click()
    warning = page.get_by_role("alert").filter(has_text="Already registered")
    warning.wait_for()
    assert warning.get_by_role("link").count() == 1
    _fresh()
    assert db.session.execute(db.select(db.func.count(Peer.id))).scalar_one() == 1


def test_form_errors_are_tied_to_their_fields_and_announced(page, people):
    sign_in(page, people("manager"))
    page.goto("/devices/new")
    page.get_by_role("button", name="Save device").click()
    make = page.get_by_label("Make")
    assert make.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{make.get_attribute('aria-describedby').split()[0]}")
    assert error.get_attribute("role") == "alert" and "required" in error.inner_text()


def test_every_staff_page_fits_a_phone_without_sideways_scrolling(page, people):
    staff = people("staff")
    loan = _lent(staff, device=factories.device(), sim=factories.sim())
    page.set_viewport_size(PHONE)
    sign_in(page, staff)
    for url in ("/", "/loans", f"/loans/{loan.id}", "/loans/new", f"/loans/{loan.id}/return",
                "/peers", f"/peers/{loan.peer_id}", "/peers/new", "/devices",
                f"/devices/{loan.device.id}", "/sims", f"/sims/{loan.sim.id}", "/plans",
                "/issues", "/waitlist", "/waitlist/new"):
        page.goto(url)
        width, room = page.evaluate("[document.documentElement.scrollWidth,"
                                    " document.documentElement.clientWidth]")
        assert width <= room, url
    page.goto("/loans")
    cell = page.locator("tbody td").first
    assert cell.get_attribute("data-label") == "Loan"  # each cell says its column on a phone
    _shot(page, "phone-loans", full_page=False)


def test_agreement_item_and_peer_pages_print_without_the_app_around_them(page, people):
    staff = people("staff")
    loan = _lent(staff, device=factories.device())
    sign_in(page, staff)
    page.emulate_media(media="print")
    for url, heading in ((f"/peers/{loan.peer_id}", "Peer"),
                         (f"/devices/{loan.device.id}", "Samsung"),
                         (f"/agreements/{loan.agreement_version_id}", "agreement")):
        page.goto(url)
        assert page.locator("nav").first.is_hidden(), url
        assert all(not button.is_visible() for button in page.locator(".btn").all()), url
        pdf = page.pdf(format="Letter")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert heading.lower() in text.lower() and "Sign out" not in text, url


def test_choosing_a_plan_fills_in_its_sim_card_and_a_sim_card_puts_its_plans_first(page,
                                                                                  people):
    staff = people("staff")
    sims = [factories.sim(with_number=True) for _ in range(2)]
    plans = [factories.plan(sim=sim) for sim in sims]
    db.session.commit()
    sign_in(page, staff)
    page.goto("/loans/new")
    page.locator("#plan_id").select_option(str(plans[1].id))
    assert page.locator("#sim_id").input_value() == str(sims[1].id)
    page.locator("#sim_id").select_option(str(sims[0].id))
    first = page.locator("#plan_id option").nth(1).get_attribute("value")
    assert first == str(plans[0].id)  # the chosen SIM card's plan first
    assert page.locator("#plan_id").input_value() == str(plans[0].id)  # not the other SIM's
