"""Stock counts: a manager starts one, several staff scan at once, the count shows what is
expected, found, missing and out of place (with what to do), and closing it records when each
item was last seen and a report."""
import threading
from datetime import timedelta

import pytest

from lending.clock import utcnow
from lending.extensions import db
from lending.inventory.operations import add_place
from lending.models import AuditEntry, Device, StockCount, StockCountLine
from lending.refusals import RuleError
from lending.stock.operations import close_count, move_here, record_scan, start_count
from lending.stock.queries import unseen

from . import factories
from .pdfs import pdf_text


@pytest.fixture
def shelf(app):
    """A shelf holding three tablets and a SIM card; one tablet kept elsewhere, one on loan."""
    shelf, office = add_place("Shelf B", by=None), add_place("Office", by=None)
    staff = factories.user("staff")
    tablets = [factories.device("tablet", imei=None, asset_tag=f"T-{n}", place=shelf)
               for n in range(3)]
    sim = factories.sim(place=shelf)
    elsewhere = factories.device("tablet", imei=None, asset_tag="T-OFFICE", place=office)
    lent = factories.device("tablet", imei=None, asset_tag="T-LENT", place=shelf)
    loan = factories.lend(factories.peer(), by=staff, device=lent)
    gone = factories.device("tablet", imei=None, asset_tag="T-LOST", status="lost", place=shelf)
    db.session.commit()
    return {"place": shelf, "tablets": tablets, "sim": sim, "elsewhere": elsewhere,
            "lent": lent, "loan": loan, "lost": gone, "staff": staff}


def test_a_count_finds_what_is_there_and_says_what_is_missing_or_out_of_place(shelf):
    count = start_count(shelf["place"], by=None)
    for code in ("T-0", "t-1", shelf["sim"].iccid, "T-OFFICE", "T-LENT", "T-LOST"):
        record_scan(count, code, by=shelf["staff"])
    item, again = record_scan(count, "T-0", by=shelf["staff"])  # scanned twice
    assert again and item == shelf["tablets"][0]
    totals = close_count(count, by=None)
    assert totals == {"found": 3, "missing": 1, "unexpected": 3}
    lines = {line.item.title: (line.outcome, line.note) for line in count.lines}
    assert lines[shelf["tablets"][2].title] == ("missing", "")
    assert lines[shelf["elsewhere"].title] == ("unexpected", "Kept at Office: move it here if it "
                                                            "belongs here.")
    assert lines[shelf["lent"].title][1].startswith(f"On loan #{shelf['loan'].id} to ")
    assert lines[shelf["lost"].title][1] == "Recorded as lost: correct its status."
    assert len([line for line in count.lines if line.device == shelf["tablets"][0]]) == 1


def test_closing_records_when_each_scanned_item_was_last_seen(shelf):
    count = start_count(shelf["place"], by=None)
    record_scan(count, "T-0", by=shelf["staff"])
    db.session.commit()
    close_count(count, by=None)
    db.session.commit()
    db.session.expire_all()
    seen = shelf["tablets"][0].last_seen_at
    assert seen is not None and utcnow() - seen < timedelta(minutes=1)
    assert shelf["tablets"][1].last_seen_at is None  # missing: not seen
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        object_type="stock_count", action="close")).scalar_one()
    assert "found 1, missing 3" in entry.note


def test_unknown_codes_closed_counts_and_places_out_of_use_are_refused(shelf):
    count = start_count(shelf["place"], by=None)
    with pytest.raises(RuleError, match="No device or SIM card has the code “NOPE”"):
        record_scan(count, "NOPE", by=None)
    close_count(count, by=None)
    with pytest.raises(RuleError, match="This count is closed"):
        record_scan(count, "T-0", by=None)
    with pytest.raises(RuleError, match="already closed"):
        close_count(count, by=None)
    shelf["place"].active = False
    with pytest.raises(RuleError, match="no longer in use"):
        start_count(shelf["place"], by=None)


def test_an_item_found_out_of_place_can_be_kept_here(shelf):
    count = start_count(shelf["place"], by=None)
    record_scan(count, "T-OFFICE", by=None)
    move_here(count, shelf["elsewhere"], by=shelf["staff"])
    assert shelf["elsewhere"].place == shelf["place"]
    assert close_count(count, by=None)["found"] == 1


def test_a_count_of_everything_expects_every_item_on_a_shelf(shelf):
    count = start_count(None, by=None)
    record_scan(count, "T-OFFICE", by=None)
    totals = close_count(count, by=None)
    # Three tablets and the SIM card of the shelf, and the office's tablet; not the lent one.
    assert totals == {"found": 1, "missing": 4, "unexpected": 0}


def test_several_staff_scanning_the_same_item_at_once_count_it_once(app, shelf):
    count = start_count(shelf["place"], by=None)
    db.session.commit()
    count_id = count.id
    results, start = [], threading.Barrier(6, timeout=60)

    def scan():
        """One person scanning the tablet, on their own connection."""
        with app.app_context():
            counting = db.session.get(StockCount, count_id)
            start.wait()
            try:
                record_scan(counting, "T-1", by=None)
                db.session.commit()
                results.append("counted")
            except RuleError as error:
                db.session.rollback()
                results.append(str(error))
            finally:
                db.session.remove()
    threads = [threading.Thread(target=scan) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 6, "a scan hung or crashed"
    db.session.expire_all()
    lines = db.session.execute(db.select(StockCountLine).filter_by(count_id=count_id)).all()
    assert len(lines) == 1 and "counted" in results
    assert all(result == "counted" or "just counted by someone else" in result
               for result in results), results


def test_staff_scan_into_a_count_a_manager_started_and_closed(client, auth, shelf):
    auth.login("staff")
    assert client.post("/stock-counts", data={"place_id": shelf["place"].id}).status_code == 403
    auth.logout()
    auth.login("manager")
    response = client.post("/stock-counts", data={"place_id": shelf["place"].id})
    count = db.session.execute(db.select(StockCount)).scalar_one()
    assert response.headers["Location"] == f"/stock-counts/{count.id}"
    auth.logout()
    auth.login("staff")
    assert "A stock count of Shelf B is open" in client.get("/").get_data(as_text=True)
    for code in ("T-0", "T-0", "T-LENT", "nope"):
        client.post(f"/stock-counts/{count.id}/scan", data={"code": code})
    page = client.get(f"/stock-counts/{count.id}").get_data(as_text=True)
    assert "was already counted" in page or "Counted" in page
    assert "Check it in" in page and "Not scanned yet" in page
    assert client.post(f"/stock-counts/{count.id}/close").status_code == 403
    auth.logout()
    auth.login("manager")
    client.post(f"/stock-counts/{count.id}/close")
    report = client.get(f"/stock-counts/{count.id}.pdf")
    text = pdf_text(report.data)
    assert report.mimetype == "application/pdf" and "Missing: expected here, not scanned (3)" \
        in text and "Found (1)" in text


def test_scanning_says_what_it_counted_and_what_it_could_not(client, auth, shelf):
    auth.login("manager")
    count = start_count(shelf["place"], by=None)
    db.session.commit()
    first = client.post(f"/stock-counts/{count.id}/scan", data={"code": "T-2"},
                        follow_redirects=True).get_data(as_text=True)
    assert "Counted " in first and "T-2" in first
    again = client.post(f"/stock-counts/{count.id}/scan", data={"code": "t-2"},
                        follow_redirects=True).get_data(as_text=True)
    assert "was already counted" in again
    unknown = client.post(f"/stock-counts/{count.id}/scan", data={"code": "ZZZ"},
                          follow_redirects=True).get_data(as_text=True)
    assert "No device or SIM card has the code “ZZZ”" in unknown


def test_the_dashboard_lists_items_no_count_has_seen_for_months(client, auth, app):
    old = factories.device("tablet", imei=None, asset_tag="OLD-1")
    old.created_at = utcnow() - timedelta(days=400)
    counted = factories.device("tablet", imei=None, asset_tag="COUNTED-1")
    counted.created_at, counted.last_seen_at = old.created_at, utcnow() - timedelta(days=10)
    factories.device("tablet", imei=None, asset_tag="NEW-1")  # added this week
    db.session.commit()
    assert [d.asset_tag for d in unseen(utcnow(), 6) if isinstance(d, Device)] == ["OLD-1"]
    auth.login("staff")
    page = client.get("/").get_data(as_text=True)
    assert "Not seen in a stock count for 6 months" in page and "OLD-1" in page
    assert "COUNTED-1" not in page.split("Not seen in a stock count")[1].split("</section>")[0]


def test_items_never_counted_come_first_then_those_unseen_longest_up_to_the_limit(app):
    long_ago = utcnow() - timedelta(days=400)
    for tag, seen_days_ago in (("SEEN-300", 300), ("NEVER-2", None), ("SEEN-250", 250),
                               ("NEVER-1", None), ("SEEN-200", 200)):
        device = factories.device("tablet", imei=None, asset_tag=tag)
        device.created_at = long_ago
        if seen_days_ago:
            device.last_seen_at = utcnow() - timedelta(days=seen_days_ago)
    db.session.commit()
    devices = [d.asset_tag for d in unseen(utcnow(), 6, limit=4) if isinstance(d, Device)]
    assert devices == ["NEVER-2", "NEVER-1", "SEEN-300", "SEEN-250"]
    assert [d.asset_tag for d in unseen(utcnow(), 6, limit=1)
            if isinstance(d, Device)] == ["NEVER-2"]
