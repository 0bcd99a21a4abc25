"""No page runs more SQL because there is more data (no N+1): each main page runs the same
number of queries for a program and for one twice its size. (benchmarks/pages.py measures the
same at 1,000 and 1,000,000 loans.)"""
from datetime import timedelta

from sqlalchemy import event

from lending.clock import local_today
from lending.extensions import db
from lending.issues.operations import log_issue
from lending.loans.operations import record_return
from lending.waitlist.operations import add_to_waitlist

from . import factories

PAGES = ["/", "/loans", "/loans?status=overdue", "/peers", "/devices", "/sims", "/plans",
         "/issues", "/waitlist", "/audit", "/loans/new", "/contracts/{contract}",
         "/devices/{device}", "/peers/{peer}", "/loans/{loan}"]
PORTAL = ["/portal", "/portal/contracts/{contract}"]


def _program(size: int) -> dict:
    """`size` peers, each with a loan of a contract's device (half of them overdue), an issue
    and a place on the waitlist; one peer and one device with `size` loans each."""
    staff = factories.user("staff")
    contract = factories.contract()
    busy_peer, busy_device = factories.peer(), factories.device("tablet", imei=None,
                                                                contract=contract)
    for number in range(size):
        peer = factories.peer()
        loan = factories.lend(peer, by=staff, device=factories.device(contract=contract),
                              sim=factories.sim(contract=contract))
        if number % 2:
            loan.due_date = local_today() - timedelta(days=3)
        log_issue("damaged", by=staff, loan=loan, description="cracked screen")
        add_to_waitlist(peer, "tablet", by=staff)
        factories.plan(contract=contract)
        past = factories.lend(busy_peer, by=staff, device=busy_device,
                              waitlist_reason="Lent at the desk")
        record_return(past, by=staff, condition="good")
        busy_device.status = "available"  # wiped and reset, as far as this test cares
    db.session.commit()
    return {"contract": contract.id, "device": busy_device.id, "peer": busy_peer.id,
            "loan": loan.id, "partner": contract.partner}


def _queries(client, url) -> int:
    """How many statements one request for the page runs, starting with an empty session as
    a server's request does (objects the test made would otherwise hide lazy loads)."""
    db.session.remove()
    statements = []

    def count(*args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_no_page_runs_more_queries_for_more_data(app, client, auth):
    counts = {}
    for scale in (12, 24):  # both past a page (5 in tests) and a dashboard list (10)
        ids = _program(scale)
        auth.login("manager")
        for page in PAGES:
            counts.setdefault(page, []).append(_queries(client, page.format(**ids)))
        auth.logout()
        auth.login("funder", partner=ids["partner"])
        for page in PORTAL:
            counts.setdefault(page, []).append(_queries(client, page.format(**ids)))
        auth.logout()
    grew = {page: found for page, found in counts.items() if found[1] > found[0]}
    assert not grew, f"queries grew with the data (first size, twice the size): {grew}"


def test_no_page_runs_a_query_for_each_row_it_shows(app, client, auth):
    # The same program, its lists showing 5 rows a page and then 10: a query per row shown
    # (a lazy load, or rows expired by a commit before the page is drawn) would grow.
    ids = _program(24)
    auth.login("manager")
    counts = {}
    for size in (5, 10):
        app.config["PAGE_SIZE"] = size
        for page in PAGES:
            counts.setdefault(page, []).append(_queries(client, page.format(**ids)))
    grew = {page: found for page, found in counts.items() if found[1] > found[0]}
    assert not grew, f"queries grew with the rows shown (5, then 10 a page): {grew}"
