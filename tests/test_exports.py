"""Every list downloads as .xlsx and .csv: what the screen shows, all pages, formula-safe,
and never a peer's name or contact unless a manager asks (and that is logged)."""
import csv
import html
import io
import re

import pytest
from openpyxl import load_workbook

from lending.extensions import db
from lending.issues.operations import log_issue
from lending.models import AuditEntry

from . import factories
from .conftest import search_list

LISTS = ["/devices", "/sims", "/plans", "/peers", "/loans", "/issues"]


@pytest.fixture
def program(app):
    """Seven of everything (the test pages hold five), one device with a formula for a make."""
    staff = factories.user("staff")
    for n in range(7):
        device = factories.device("tablet", imei=None, make="=HYPERLINK(\"http://x\")"
                                  if n == 0 else "Lenovo")
        peer = factories.peer(preferred_name=f"Robin{n}", phone="+16475550177")
        loan = factories.lend(peer, by=staff, device=device)
        log_issue("faulty", by=staff, loan=loan)
        factories.sim()
        factories.plan()
    db.session.commit()


def _screen(client, url):
    """(headings, first cell of each row) of a list page, leaving out the column of boxes
    that tick items for labels (a control, not data)."""
    page = client.get(url).get_data(as_text=True)
    head = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    headings = [html.unescape(re.sub(r"<[^>]+>|[▲▼]", "", cell)).strip()
                for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
    headings = [heading for heading in headings if heading != "Tick for labels"]
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)
    firsts = [html.unescape(re.sub(r"<[^>]+>", "", next(
        cell for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if 'type="checkbox"' not in cell))).strip().lstrip("#")
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return headings, firsts


def _xlsx(response):
    """The rows of a downloaded workbook."""
    return list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))


def _csv(response):
    """The rows of a downloaded CSV file (without its byte-order mark)."""
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


@pytest.mark.parametrize("url", LISTS)
def test_each_list_exports_its_columns_and_every_row_in_screen_order(client, auth, program,
                                                                     url):
    auth.login("staff")
    headings, firsts = _screen(client, url)
    workbook = _xlsx(client.get(f"{url}?export=xlsx"))
    rows = _csv(client.get(f"{url}?export=csv"))
    screen_headings = [h for h in headings if h != "Preferred name"]  # never leaves the app
    assert list(workbook[0]) == rows[0] == screen_headings
    assert len(workbook) - 1 == len(rows) - 1 == 7  # all pages, not just the five shown
    assert [str(row[0]) for row in workbook[1:len(firsts) + 1]] == \
        [first.replace("—", "") for first in firsts]


def test_an_export_keeps_the_lists_search_filters_and_sort(client, auth, program):
    auth.login("staff")
    factories.device("phone", status="in_repair", make="Nokia")
    db.session.commit()
    rows = _csv(client.get("/devices?status=in_repair&export=csv"))
    assert len(rows) == 2 and rows[1][2].startswith("Nokia")
    rows = _csv(search_list(client, "/devices?sort=serial&dir=desc&export=csv", "lenovo"))
    serials = [row[3] for row in rows[1:]]
    assert len(serials) == 6 and serials == sorted(serials, reverse=True)


def test_text_that_looks_like_a_formula_stays_text_in_both_formats(client, auth, program):
    auth.login("staff")
    response = client.get("/devices?export=xlsx")
    cells = [cell for row in load_workbook(io.BytesIO(response.data)).active.iter_rows()
             for cell in row if str(cell.value).startswith("=")]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert b"<f>" not in response.data
    rows = _csv(client.get("/devices?export=csv"))
    assert any(row[2].startswith("'=HYPERLINK") for row in rows)
    assert not any(value.startswith("=") for row in rows for value in row)


def test_peer_exports_hold_no_names_or_contacts_for_staff(client, auth, program):
    auth.login("staff")
    for fmt in ("xlsx", "csv"):
        data = client.get(f"/peers?export={fmt}&contacts=1").data
        assert b"Robin" not in data and b"5550177" not in data
    assert db.session.execute(db.select(AuditEntry).filter_by(
        action="export_contacts")).first() is None


def test_a_manager_may_export_contacts_explicitly_and_it_is_logged(client, auth, program):
    manager = auth.login("manager")
    plain = _xlsx(client.get("/peers?export=xlsx"))
    assert "Preferred name" not in plain[0] and "Phone" not in plain[0]
    page = search_list(client, "/peers", "Robin3").get_data(as_text=True)
    download = html.unescape(re.search(r'action="(/peers/with-contacts\.xlsx[^"]*)"', page)[1])
    assert "Robin" not in download  # the search travels as a token, never its words
    assert client.get(download).status_code == 405  # a GET never writes the audit log
    rows = _xlsx(client.post(download))
    assert rows[0][:5] == ("Peer code", "Preferred name", "Phone", "Email", "Other contact")
    assert rows[1][1:3] == ("Robin3", "+16475550177") and len(rows) == 2
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        action="export_contacts")).scalar_one()
    assert entry.user_id == manager.id and "narrowed by a search" in entry.note
    assert "Robin" not in entry.note and "5550177" not in entry.note  # the log holds no names


def test_lists_offer_the_downloads_and_the_contact_export_only_to_managers(client, auth,
                                                                            program):
    auth.login("staff")
    page = client.get("/peers").get_data(as_text=True)
    assert "export=xlsx" in page and "with-contacts" not in page
    assert client.post("/peers/with-contacts.xlsx").status_code == 403
    auth.logout()
    auth.login("manager")
    page = client.get("/peers").get_data(as_text=True)
    assert "/peers/with-contacts.xlsx" in page and "recorded in the audit log" in page
