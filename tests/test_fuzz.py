"""Property-based fuzzing of every form the app shows: random and hostile values never cause a
server error or a half-saved change, and whatever is stored comes back escaped in pages and
inert in PDF and Excel files."""
import html
import re
from html.parser import HTMLParser
from io import BytesIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from lending.extensions import db
from lending.reporting.archive import read_report
from lending.reporting.operations import generate_report

from . import factories
from .test_access import WORDS, _routes

MARKER = "fuzz()"
HOSTILE = [
    f"<script>{MARKER}</script>", f"\"><img src=x onerror={MARKER}>", f"javascript:{MARKER}",
    "' OR '1'='1", "'; DROP TABLE device; --", "1; SELECT pg_sleep(5)", "%s%s%s%n",
    "{{7*7}}", "${7*7}", "=HYPERLINK(\"http://x\")", "+1-555", "@SUM(A1)", "\t=1", "\r=1",
    "x" * 100_000, "ℌ𝔢𝔩𝔩𝔬 🌍 مرحبا עברית", "\u202egnp.exe", "\x01\x02\x1b[31m", "\x00",
    "-1", "-99999999999999999999", "99999999999999999999", "1e308", "NaN", "0x1F",
    "2026-02-30", "0000-00-00", "9999-12-31", "1900-01-01", "31/12/2026", "", " ",
]
class _Forms(HTMLParser):
    """The POST forms of a page: (action, {field name: [options]}) (options for menus)."""

    def __init__(self):
        super().__init__()
        self.forms, self._fields, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._fields = {}
            self.forms.append((attrs.get("action"), self._fields))
        elif self._fields is not None and tag in ("input", "textarea", "select") \
                and attrs.get("name") and attrs.get("type") not in ("submit", "file"):
            self._fields.setdefault(attrs["name"], [attrs.get("value", "")])
            self._select = attrs["name"] if tag == "select" else None
            if tag == "select":
                self._fields[attrs["name"]] = []
        elif tag == "option" and self._select:
            self._fields[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


def _forms(client, url):
    """Every POST form on a page, with where it posts."""
    parser = _Forms()
    parser.feed(client.get(url).get_data(as_text=True))
    # Signing out would end the run.
    return [(action or url, fields) for action, fields in parser.forms
            if not (action or "").endswith("/logout")]


def _row_counts():
    """How many rows each table holds (the audit log aside)."""
    return {table.name: db.session.execute(db.select(db.func.count()).select_from(table))
            .scalar_one() for table in db.metadata.sorted_tables if table.name != "audit_entry"}


def _value(options):
    """A field's value: one of its own options, or something hostile."""
    own = [option for option in options if option]
    return st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                     *([st.sampled_from(own)] if own else []))


def _every_form(app, client, objects):
    """Every POST form on every page a manager can open, once each (by where it posts)."""
    found = {}
    for endpoint, rule in _routes(app):
        if "GET" not in rule.methods or endpoint in ("auth.logout", "auth.login"):
            continue
        values = {**objects, **WORDS.get(endpoint, {})}
        page = rule.build({k: values[k] for k in rule.arguments})[1]
        response = client.get(page)
        if response.mimetype != "text/html":
            continue
        for action, fields in _forms(client, page):
            found.setdefault(re.sub(r"\d+", "N", action.split("?")[0]), (action, fields))
    return list(found.values())


def _poster(client, action, fields):
    """A property for one form: whatever is posted, no server error, and a refusal keeps
    nothing."""
    @settings(max_examples=10, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.data())
    def post_something(data):
        payload = {name: data.draw(_value(options), label=name)
                   for name, options in fields.items() if name != "csrf_token"}
        before = _row_counts()
        response = client.post(action, data=payload)
        assert response.status_code < 500, (action, payload)
        if response.status_code != 302:  # refused: nothing of it may have been kept
            db.session.rollback()
            assert _row_counts() == before, (action, payload)
    return post_something


def test_random_and_hostile_input_never_errors_or_half_saves(app, client, auth, objects):
    auth.login("manager")
    forms = _every_form(app, client, objects)
    assert len(forms) > 30, [action for action, _ in forms]
    for action, fields in forms:
        _poster(client, action, fields)()


def test_stored_hostile_text_comes_back_escaped_in_every_page(client, auth):
    auth.login("manager")
    payload = f"<script>{MARKER}</script>\"><b onmouseover={MARKER}>"
    device = factories.device("tablet", imei=None, make=payload, model=payload,
                              serial="S-FUZZ")
    peer = factories.peer(preferred_name=payload)
    factories.lend(peer, by=factories.user("staff"), device=device)
    contract = factories.contract(reference="FUZZ-1")
    contract.title = payload
    contract.partner.name = payload
    db.session.commit()
    for url in ("/devices", f"/devices/{device.id}", "/loans", f"/peers/{peer.id}", "/peers",
                "/contracts", f"/contracts/{contract.id}", "/partners", "/audit", "/"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>fuzz" not in page and "<b onmouseover" not in page, url
    assert html.escape(payload, quote=False)[:20] in client.get(
        f"/devices/{device.id}").get_data(as_text=True)


def test_stored_hostile_text_is_inert_in_pdf_and_excel_files(app, client, auth):
    app.config["SUPPRESSION_THRESHOLD"] = 1  # the one loan withholds nothing: rows are shown
    auth.login("manager")
    markup = "<b>bold</b> <font size=72>big</font> &amp; <para>x</para>"
    contract = factories.contract(reference="FUZZ-2")
    contract.title = markup
    contract.partner.name = markup
    device = factories.device("tablet", imei=None, make="=cmd|' /C calc'!A0", contract=contract,
                              model=markup)
    loan = factories.lend(factories.peer(), by=factories.user("staff"), device=device)
    db.session.commit()
    today = loan.lent_on
    pdf = read_report(generate_report("pdf", today, today, contract=contract, by=None))
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "<b>bold</b>" in text and "<font size=72>" in text  # printed, not obeyed
    xlsx = read_report(generate_report("xlsx", today, today, contract=contract, by=None))
    cells = [cell for sheet in load_workbook(BytesIO(xlsx)).worksheets
             for row in sheet.iter_rows() for cell in row if cell.value is not None]
    formula = [cell for cell in cells if str(cell.value).startswith("=")]
    assert formula and all(cell.data_type == "s" for cell in formula)
    agreement = client.get(f"/agreements/loan/{loan.id}.pdf")
    assert agreement.status_code == 200
    agreement_text = " ".join(page.extract_text()
                              for page in PdfReader(BytesIO(agreement.data)).pages)
    assert "<b>bold</b>" in re.sub(r"\s+", " ", agreement_text)
