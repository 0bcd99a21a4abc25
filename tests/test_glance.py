"""Figures at a glance (dashboard, contract page, portal) are current as soon as a change is
committed (reporting/kept.py); an optional cache keeps them a few minutes, saying when they
were worked out; reports never read that cache."""
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


def test_dashboard_figures_are_current_at_once_with_no_cache(client, auth):
    manager = auth.login("manager")
    _lend_tablet(manager)
    first = client.get("/").get_data(as_text=True)
    assert _loans_started(first) == 1 and "Figures as of" in first
    _lend_tablet(manager)  # kept current by the lend itself: nothing to wait for
    assert _loans_started(client.get("/").get_data(as_text=True)) == 2


def _signed_in(app, email):
    browser = app.test_client()
    browser.post("/login", data={"email": email, "password": factories.PASSWORD})
    return browser


def test_with_the_optional_cache_figures_are_kept_and_say_when(app):
    manager = factories.user("manager", email="cached@example.org")
    db.session.commit()
    with another_app(app.config["SQLALCHEMY_DATABASE_URI"], FIGURES_CACHE_SECONDS=300) as cached:
        browser = _signed_in(cached, "cached@example.org")
        _lend_tablet(manager)
        first = browser.get("/").get_data(as_text=True)
        assert _loans_started(first) == 1 and "Figures as of" in first
        _lend_tablet(manager)
        assert _loans_started(browser.get("/").get_data(as_text=True)) == 1  # kept
        with cached.app_context():
            cache.clear()  # as when FIGURES_CACHE_SECONDS have passed
        assert _loans_started(browser.get("/").get_data(as_text=True)) == 2


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


def test_reports_never_read_the_optional_cache(app):
    staff = factories.user("staff")
    contract = factories.contract(deliverables=(("tablet", 10),))
    _lend_tablet(staff, contract)
    today, contract_id = local_today(), contract.id
    with another_app(app.config["SQLALCHEMY_DATABASE_URI"], FIGURES_CACHE_SECONDS=300) as cached:
        with cached.app_context():
            assert contract_glance(contract_id, today).delivered["tablet"] == 1
        _lend_tablet(staff, contract)
        with cached.app_context():
            assert contract_glance(contract_id, today).delivered["tablet"] == 1  # the copy
            cache.clear()
    assert progress(contract, today)[0].delivered == 2  # what reports and deliverables read


def test_with_redis_every_worker_reads_the_same_figures(app, redis_url):
    """Workers sharing Redis (REDIS_URL) compute a contract's figures once between them."""
    staff = factories.user("staff")
    contract = factories.contract()
    _lend_tablet(staff, contract)
    # Ids only inside the other apps: touching this test's objects there would open a
    # connection of theirs in this test's session, left open when they are disposed.
    url, today, contract_id = app.config["SQLALCHEMY_DATABASE_URI"], local_today(), contract.id
    shared_cache = {"CACHE_REDIS_URL": redis_url, "FIGURES_CACHE_SECONDS": 300}
    with another_app(url, **shared_cache) as first, another_app(url, **shared_cache) as second:
        with first.app_context():
            computed = contract_glance(contract_id, today)
        _lend_tablet(staff, contract)
        with second.app_context():
            shared = contract_glance(contract_id, today)
            cache.clear()
    assert shared.computed_at == computed.computed_at and shared.items_lent == 1
