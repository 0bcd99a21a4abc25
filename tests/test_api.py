"""The JSON API: a token and nothing else says who acts; refusals, pages, versions and retries
follow its conventions; every write goes through the screens' operations and is audited."""
from datetime import timedelta

from lending.api.operations import revoke_token
from lending.clock import local_today, utcnow
from lending.extensions import db
from lending.models import AuditEntry, Device, Loan
from lending.users.operations import set_active

from . import factories
from .api_client import ApiClient


def _kit():
    """A manager's write token, a peer and a device ready to lend (an agreement exists)."""
    factories.agreement()
    peer, device = factories.peer(), factories.device()
    db.session.commit()
    return peer, device


def _lend(api, peer, device, **extra):
    return api.post("/api/v1/loans", json={"peer_code": peer.code, "device_id": device.id,
                                           "acceptance": "paper", **extra.pop("json", {})},
                    **extra)


def test_only_a_usable_token_acts_and_never_the_session_cookie(client, auth):
    manager = auth.login("manager")  # the client now has a session cookie
    answer = client.get("/api/v1/devices")
    assert answer.status_code == 401
    assert answer.mimetype == "application/problem+json"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert answer.json["status"] == 401 and "Bearer" in answer.json["detail"]
    assert "Set-Cookie" not in answer.headers  # the API neither reads nor writes the session
    api = ApiClient(client, manager)
    assert api.get("/api/v1/devices").status_code == 200
    for wrong in ("Bearer lbt_nothing", "Basic " + api.secret, api.secret):
        assert client.get("/api/v1/devices", headers={"Authorization": wrong}).status_code == 401
    api.token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert api.get("/api/v1/devices").json["detail"] == "This token is unknown, expired or revoked."
    second = ApiClient(client, manager, name="Another")
    revoke_token(second.token, by=manager)
    db.session.commit()
    assert second.get("/api/v1/devices").status_code == 401
    third = ApiClient(client, manager, name="Third")
    set_active(manager, False, by=factories.user("manager"))
    db.session.commit()
    assert third.get("/api/v1/devices").status_code == 401


def test_a_read_token_reads_and_may_not_write(client):
    peer, device = _kit()
    api = ApiClient(client, factories.user("staff"), scope="read")
    assert api.get(f"/api/v1/devices/{device.id}").status_code == 200
    refused = _lend(api, peer, device)
    assert refused.status_code == 403 and "only read" in refused.json["detail"]
    assert db.session.execute(db.select(Loan)).first() is None


def test_last_use_is_noted_at_most_once_a_minute(client):
    api = ApiClient(client, factories.user("staff"))
    assert api.token.last_used_at is None
    api.get("/api/v1/places")
    db.session.refresh(api.token)
    first = api.token.last_used_at
    assert first is not None and utcnow() - first < timedelta(seconds=5)
    api.get("/api/v1/places")
    db.session.refresh(api.token)
    assert api.token.last_used_at == first
    api.token.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    api.get("/api/v1/places")
    db.session.refresh(api.token)
    assert api.token.last_used_at > first


def test_lend_renew_and_return_as_the_screens_do_and_audit_the_token(client, auth):
    peer, device = _kit()
    staff = factories.user("staff")
    api = ApiClient(client, staff, name="Front desk kiosk")
    lent = _lend(api, peer, device, json={"accessories": ["charger"]})
    assert lent.status_code == 201, lent.json
    loan = db.session.get(Loan, lent.json["id"])
    assert lent.headers["Location"].endswith(f"/api/v1/loans/{loan.id}")
    assert (lent.json["peer_code"], lent.json["device_id"]) == (peer.code, device.id)
    assert lent.json["lent_at"].endswith(("-05:00", "-04:00"))  # Toronto's offset, not naive
    assert device.status == "on_loan" and loan.lent_by == staff
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="lend")).scalar_one()
    assert (entry.user, entry.via) == (staff, "API token: Front desk kiosk")
    assert peer.contact is None or peer.contact.preferred_name not in str(entry.changes)

    read = api.get(f"/api/v1/loans/{loan.id}")
    etag = read.headers["ETag"]
    assert api.get(f"/api/v1/loans/{loan.id}", headers={"If-None-Match": etag}).status_code \
        == 304
    loan.due_date = local_today() + timedelta(days=1)  # nearly due: a renewal gives more
    db.session.commit()
    etag = api.get(f"/api/v1/loans/{loan.id}").headers["ETag"]
    renewed = api.post(f"/api/v1/loans/{loan.id}/renewal", headers={"If-Match": etag})
    assert renewed.status_code == 200, renewed.json
    assert renewed.json["renewals"] == 1 and renewed.headers["ETag"] != etag
    returned = api.post(f"/api/v1/loans/{loan.id}/return", json={"condition": "good"},
                        headers={"If-Match": renewed.headers["ETag"]})
    assert returned.status_code == 200, returned.json
    assert returned.json["status"] == "returned" and device.status == "awaiting_reset"
    vias = db.session.execute(db.select(AuditEntry.action, AuditEntry.via).where(
        AuditEntry.object_type == "loan")).all()
    assert {action for action, via in vias if via == "API token: Front desk kiosk"} == \
        {"lend", "renew", "return"}
    auth.login("manager")
    assert "API token: Front desk kiosk" in client.get("/audit").get_data(as_text=True)


def test_a_change_names_the_version_it_read_so_no_update_is_lost(client):
    peer, device = _kit()
    loan = factories.lend(peer, by=factories.user("staff"), device=device)
    loan.due_date = local_today() + timedelta(days=1)
    db.session.commit()
    first, second = (ApiClient(client, factories.user("staff"), name=n) for n in "AB")
    etag = first.get(f"/api/v1/loans/{loan.id}").headers["ETag"]
    assert second.get(f"/api/v1/loans/{loan.id}").headers["ETag"] == etag
    missing = first.post(f"/api/v1/loans/{loan.id}/renewal")
    assert missing.status_code == 428 and "If-Match" in missing.json["detail"]
    assert first.post(f"/api/v1/loans/{loan.id}/renewal",
                      headers={"If-Match": etag}).status_code == 200
    late = second.post(f"/api/v1/loans/{loan.id}/return", json={"condition": "good"},
                       headers={"If-Match": etag})
    assert late.status_code == 412 and late.mimetype == "application/problem+json"
    db.session.refresh(loan)
    assert loan.is_open and loan.renewals == 1


def test_a_refusal_is_a_409_in_the_words_of_the_screens(client, auth):
    peer, device = _kit()
    device.status = "awaiting_reset"
    db.session.commit()
    api = ApiClient(client, factories.user("staff"))
    refused = _lend(api, peer, device)
    assert refused.status_code == 409 and refused.json["title"] == "Refused by a rule"
    auth.login("staff")
    page = client.post("/loans/new", data={"peer_code": peer.code, "device_id": device.id,
                                           "acceptance": "paper", "lend": "lend"})
    assert refused.json["detail"] in page.get_data(as_text=True)
    assert db.session.execute(db.select(Loan)).first() is None
    wrong = _lend(api, peer, device, json={"acceptance": "nodded", "device_id": 10**9})
    assert wrong.status_code == 422 and "acceptance" in wrong.json["errors"]["json"]


def test_a_retried_lend_with_its_idempotency_key_makes_one_loan(client):
    peer, device = _kit()
    api = ApiClient(client, factories.user("staff"))
    key = {"Idempotency-Key": "7b0e1c3a-lend-1"}
    first = _lend(api, peer, device, headers=key)
    again = _lend(api, peer, device, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Location"] == first.headers["Location"]
    assert again.headers["ETag"] == first.headers["ETag"]  # what the script renews with
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(db.session.execute(db.select(Loan)).all()) == 1
    other = _lend(api, peer, device, headers=key, json={"accessories": ["case"]})
    assert other.status_code == 422 and "another request" in other.json["detail"]
    without = _lend(api, peer, device)  # no key: a second lend, refused by the rules
    assert without.status_code == 409


def test_lists_page_by_cursor_with_the_screens_filters(client):
    devices = [factories.device(kind="tablet" if n % 2 else "phone") for n in range(7)]
    db.session.commit()
    api = ApiClient(client, factories.user("staff"))
    seen, url = [], "/api/v1/devices?limit=3"
    while url:
        page = api.get(url)
        assert page.status_code == 200
        seen += [row["id"] for row in page.json["items"]]
        cursor = page.json["next_cursor"]
        assert ("Link" in page.headers) == bool(cursor)
        url = f"/api/v1/devices?limit=3&cursor={cursor}" if cursor else None
    assert seen == sorted(device.id for device in devices)
    tablets = api.get("/api/v1/devices?kind=tablet&limit=200").json["items"]
    assert {row["id"] for row in tablets} == {d.id for d in devices if d.kind == "tablet"}
    serial = devices[3].serial
    assert [row["id"] for row in api.get(f"/api/v1/devices?q={serial}").json["items"]] == \
        [devices[3].id]
    assert api.get("/api/v1/devices?cursor=not-ours").status_code == 400
    assert api.get("/api/v1/devices?contract=999999").status_code == 422
    assert api.get("/api/v1/devices?kind=toaster").status_code == 422
    assert api.get("/api/v1/devices?limit=0").status_code == 422


def test_peers_are_codes_unless_contacts_are_asked_for_and_recorded(client):
    peer = factories.peer(preferred_name="Robin Quill", phone="+16135550123")
    db.session.commit()
    staff, manager = (ApiClient(client, factories.user(role)) for role in ("staff", "manager"))
    listed = staff.get("/api/v1/peers").json["items"]
    assert [row["code"] for row in listed] == [peer.code] and "Robin" not in str(listed)
    assert staff.get("/api/v1/peers?q=Robin").json["items"] == []  # names are not searched
    assert staff.get("/api/v1/peers?contacts=true").status_code == 403
    one = staff.get(f"/api/v1/peers/{peer.id}?contacts=true").json
    assert one["contact"]["preferred_name"] == "Robin Quill"
    with_contacts = manager.get("/api/v1/peers?contacts=true").json["items"]
    assert with_contacts[0]["contact"]["phone"] == "+16135550123"
    entries = db.session.execute(db.select(AuditEntry.action, AuditEntry.via).where(
        AuditEntry.action.in_(("view_contact", "export_contacts")))).all()
    assert sorted(action for action, _ in entries) == ["export_contacts", "view_contact"]
    assert all(via.startswith("API token") for _, via in entries)
    assert "Robin" not in str(db.session.execute(db.select(AuditEntry.note)).all())


def test_too_many_requests_from_one_token_are_a_429(_schema, reports_dir):
    from .conftest import another_app
    with another_app(_schema, REPORTS_DIR=reports_dir, API_RATE_LIMIT="3 per minute") \
            as app, app.app_context():
        user = factories.user("staff")
        db.session.commit()
        api = ApiClient(app.test_client(), user)
        answers = [api.get("/api/v1/places").status_code for _ in range(4)]
        limited = api.get("/api/v1/places")
        other = ApiClient(app.test_client(), user, name="Other")
        assert answers == [200, 200, 200, 429] and limited.status_code == 429
        assert limited.mimetype == "application/problem+json" and limited.headers["Retry-After"]
        assert other.get("/api/v1/places").status_code == 200  # each token its own limit
        db.session.rollback()


def test_writes_through_the_api_leave_nothing_half_done(client):
    peer, device = _kit()
    api = ApiClient(client, factories.user("staff"))
    _lend(api, peer, device, json={"sim_id": 10**6})
    assert db.session.execute(db.select(Loan)).first() is None
    assert db.session.get(Device, device.id).status == "available"


def test_two_retries_at_once_with_one_key_make_one_loan(client, live_server):
    import threading

    import requests
    peer, device = _kit()
    api = ApiClient(client, factories.user("staff"))
    start, answers = threading.Barrier(4), []
    body = {"peer_code": peer.code, "device_id": device.id, "acceptance": "paper"}
    headers = api.headers({"Idempotency-Key": "one-key"})

    def lend():
        start.wait()
        answers.append(requests.post(live_server + "/api/v1/loans", timeout=60,
                                     headers=headers, json=body))

    threads = [threading.Thread(target=lend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    assert len(db.session.execute(db.select(Loan)).all()) == 1
    made = [answer for answer in answers if answer.status_code == 201]
    assert made and all(answer.json() == made[0].json() for answer in made)
    # The others were told the first was still being answered, never refused by the rules.
    assert all(answer.status_code in (201, 409) and "Idempotency-Key" in
               answer.json().get("detail", "Idempotency-Key") for answer in answers)


def test_idempotency_keys_are_forgotten_after_a_day(client):
    from lending.loans.operations import daily_run
    from lending.models import IdempotencyKey
    peer, device = _kit()
    api = ApiClient(client, factories.user("staff"))
    _lend(api, peer, device, headers={"Idempotency-Key": "old"})
    row = db.session.execute(db.select(IdempotencyKey)).scalar_one()
    daily_run()
    assert db.session.execute(db.select(IdempotencyKey)).scalar_one() is row
    row.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    daily_run()
    assert db.session.execute(db.select(IdempotencyKey)).first() is None


def test_figures_refuse_a_period_no_report_could_cover(client):
    api = ApiClient(client, factories.user("manager"))
    for period, said in (("start=0002-01-01&end=0002-02-01", "2000 or later"),
                         ("start=2005-01-01&end=2026-01-01", "at most ten years"),
                         ("start=2026-02-01&end=2026-01-01", "ends before it starts")):
        answer = api.get(f"/api/v1/figures?{period}")
        assert answer.status_code == 422 and said in answer.json["detail"], period
