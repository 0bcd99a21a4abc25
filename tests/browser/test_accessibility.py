"""axe-core on every page the app serves, as the role that uses it: no serious or critical
violation anywhere. The counts per page are written to docs/accessibility.md."""
from collections import Counter
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from lending.extensions import db
from lending.models import Partner

from ..test_access import EXPECTED, MANAGER, WORDS, _routes
from .conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]
IMPACTS = ("critical", "serious", "moderate", "minor")
# Downloads, the icon and redirects are not pages; axe reads HTML.
NOT_PAGES = ("download", "loan_pdf", "import_template", "logout", "healthz",
             "dashboard.index", "favicon", "stock.report")  # files, not pages


def _pages(app, objects, roles):
    """(endpoint, url) of every GET page one of these roles may open."""
    pages = []
    for endpoint, rule in _routes(app):
        if "GET" not in rule.methods or any(word in endpoint for word in NOT_PAGES):
            continue
        if not EXPECTED[endpoint] & roles:
            continue
        values = {**objects, **WORDS.get(endpoint, {})}
        pages.append((endpoint, rule.build({k: values[k] for k in rule.arguments})[1]))
    return sorted(pages)


def _audit(page, url):
    """axe's violations on a page: {impact: count}, and their descriptions."""
    page.goto(url)
    results = Axe().run(page).response
    counts = Counter(violation["impact"] for violation in results["violations"])
    details = [f"{v['impact']}: {v['id']} ({len(v['nodes'])}×) {v['help']}"
               for v in results["violations"]]
    return counts, details


def test_no_page_has_a_serious_or_critical_accessibility_violation(app, page, people,
                                                                   objects):
    manager = people("manager")
    funder = people("funder", partner=db.session.get(Partner, objects["partner_id"]))
    rows, failures = [], []
    for role, user, roles in (("anonymous", None, {"anonymous"}),
                              ("manager", manager, MANAGER | {"staff"}),
                              ("funder", funder, {"funder"})):
        if user is not None:
            page.context.clear_cookies()
            sign_in(page, user)
        urls = ["/"] if user else ["/login"]
        urls += [url for endpoint, url in _pages(app, objects, roles) if endpoint != "auth.login"]
        for url in urls:
            counts, details = _audit(page, url)
            rows.append(f"| `{url}` | {role} | " +
                        " | ".join(str(counts.get(impact, 0)) for impact in IMPACTS) + " |")
            if counts.get("critical") or counts.get("serious"):
                failures.append((url, [d for d in details
                                       if d.startswith(("critical", "serious"))]))
    _write_report(rows)
    assert not failures, failures


def _write_report(rows):
    """docs/accessibility.md: axe's figure for every page."""
    (ROOT / "docs" / "accessibility.md").write_text("\n".join([
        "# Accessibility", "",
        "Written by `tests/browser/test_accessibility.py` (axe-core "
        f"{Axe().axe_script.split('axe v')[1].split()[0]} through axe-playwright-python, in "
        "Debian's Chromium) every time the browser tests run: every page the app serves, as "
        "the role that uses it, with the demo-like data the test creates. The test fails on "
        "any serious or critical violation.", "",
        "Also checked by the browser tests: a journey done with the keyboard alone, a visible "
        "focus outline, form errors tied to their fields (`aria-describedby`, "
        "`aria-invalid`) and announced (`role=\"alert\"`), no horizontal scrolling at "
        "390×844, and clean printing of agreements, items and peers.", "",
        "| page | as | critical | serious | moderate | minor |",
        "|---|---|---|---|---|---|", *rows, ""]))
