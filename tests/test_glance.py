"""Figures at a glance (dashboard, contract page, portal) are computed once and kept for a few
minutes, saying when they were computed; reports never read them from the cache."""
import re
from datetime import timedelta

from lending.clock import local_today
from lending.extensions import cache, db
from lending.reporting.deliverables import progress
from lending.reporting.glance import contract_glance

from . import factories
from .conftest import another_app


def _loans_started(page: str) -> int:
    return int(re.search(r"Loans started<div[^>]*>[^<]*</div></th>\s*<td class=\"text-end\">"
                         r"(\d+)</td>", page)[1])


def _lend_tablet(by, contract=None):
    factories.lend(factories.peer(), by=by,
                   device=factories.device("tablet", imei=None, contract=contract))
    db.session.commit()


def test_dashboard_figures_are_kept_and_say_when_they_were_computed(client, auth):
    manager = auth.login("manager")
    _lend_tablet(manager)
    first = client.get("/").get_data(as_text=True)
    assert _loans_started(first) == 1 and "Figures as of" in first
    _lend_tablet(manager)
    assert _loans_started(client.get("/").get_data(as_text=True)) == 1  # kept, not recounted
    cache.clear()  # as when FIGURES_CACHE_SECONDS have passed
    assert _loans_started(client.get("/").get_data(as_text=True)) == 2


def test_a_contracts_changed_terms_show_at_once_though_its_counts_are_kept(client, auth):
    manager = auth.login("manager")
    contract = factories.contract(deliverables=(("tablet", 10),))
    _lend_tablet(manager, contract)
    url = f"/contracts/{contract.id}"
    assert "<td>Hotspots" not in client.get(url).get_data(as_text=True)  # the figures now kept
    client.post(f"{url}/deliverables", data={"kind": "hotspot", "quantity": "7"})
    page = client.get(url).get_data(as_text=True)
    assert re.search(r"<td>Hotspots[^\n]*</td>\s*<td[^>]*>7<", page)  # the new commitment
    start = local_today() + timedelta(days=1)  # moved to tomorrow: no term yet
    form = {"reference": contract.reference, "title": contract.title, "kind": "grant",
            "partner_id": contract.partner_id, "start_date": start.isoformat(),
            "end_date": contract.end_date.isoformat(), "value": "1000", "currency": "CAD",
            "reporting_schedule": "quarterly"}
    assert client.post(f"{url}/edit", data=form).status_code == 302
    assert "its figures begin then" in client.get(url).get_data(as_text=True)


def test_figures_cache_seconds_of_zero_keeps_nothing(app, client, auth):
    with another_app(app.config["SQLALCHEMY_DATABASE_URI"], FIGURES_CACHE_SECONDS=0) as fresh:
        browser = fresh.test_client()
        manager = factories.user("manager", email="fresh@example.org")
        db.session.commit()
        browser.post("/login", data={"email": "fresh@example.org",
                                     "password": factories.PASSWORD})
        counts = []
        for _ in range(2):
            _lend_tablet(manager)
            page = browser.get("/").get_data(as_text=True)
            counts.append(_loans_started(page))
    assert counts == [1, 2] and "brought up to date" not in page


def test_reports_count_what_happened_since_the_page_was_drawn(app):
    staff = factories.user("staff")
    contract = factories.contract(deliverables=(("tablet", 10),))
    _lend_tablet(staff, contract)
    today = local_today()
    assert contract_glance(contract.id, today).delivered["tablet"] == 1
    _lend_tablet(staff, contract)
    assert contract_glance(contract.id, today).delivered["tablet"] == 1  # the page's copy
    assert progress(contract, today)[0].delivered == 2  # what reports and deliverables read


def test_with_redis_every_worker_reads_the_same_figures(app, redis_url):
    """Workers sharing Redis (REDIS_URL) compute a contract's figures once between them."""
    staff = factories.user("staff")
    contract = factories.contract()
    _lend_tablet(staff, contract)
    # Ids only inside the other apps: touching this test's objects there would open a
    # connection of theirs in this test's session, left open when they are disposed.
    url, today, contract_id = app.config["SQLALCHEMY_DATABASE_URI"], local_today(), contract.id
    with another_app(url, CACHE_REDIS_URL=redis_url) as first, \
            another_app(url, CACHE_REDIS_URL=redis_url) as second:
        with first.app_context():
            computed = contract_glance(contract_id, today)
        _lend_tablet(staff, contract)
        with second.app_context():
            shared = contract_glance(contract_id, today)
            cache.clear()
    assert shared.computed_at == computed.computed_at and shared.items_lent == 1
