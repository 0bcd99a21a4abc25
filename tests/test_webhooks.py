"""Webhooks: managers register endpoints; the events the operations cause are signed per
Standard Webhooks and delivered by the job queue, tried again with longer waits, and an
endpoint that keeps failing is paused; events carry codes and ids, never a peer's contacts."""
import re
import time
from datetime import timedelta

from lending.clock import local_today, utcnow
from lending.extensions import db
from lending.issues.operations import log_issue
from lending.loans.operations import record_return, run_escalation
from lending.models import AuditEntry, WebhookDelivery, WebhookEndpoint, vocab
from lending.refusals import RuleError
from lending.reporting.operations import generate_report
from lending.webhooks.operations import PAUSE_AFTER, RETRY_MINUTES, register_endpoint
from lending.webhooks.sending import deliver

from . import factories
from .api_client import ApiClient

ALL_EVENTS = list(vocab.WEBHOOK_EVENTS)


def _endpoint(receiver, events=ALL_EVENTS, by=None) -> WebhookEndpoint:
    endpoint = register_endpoint(receiver.url, events, by=by, description="CRM")
    db.session.commit()
    receiver.secret = endpoint.secret
    return endpoint


def _deliveries():
    return db.session.execute(db.select(WebhookDelivery).order_by(WebhookDelivery.id)) \
        .scalars().all()


def test_a_manager_registers_an_endpoint_and_a_lend_through_the_api_reaches_it_signed(
        client, auth, receiver, worker):
    manager = auth.login("manager")
    page = client.post("/webhooks", data={"url": receiver.url, "description": "CRM sync",
                                          "events": ["loan.lent", "loan.returned"],
                                          "form_token": "a" * 32}, follow_redirects=True)
    text = page.get_data(as_text=True)
    receiver.secret = re.search(r'id="secret" value="(whsec_[^"]+)"', text)[1]
    assert "CRM sync" in text and "Nothing sent yet" in text
    endpoint = db.session.execute(db.select(WebhookEndpoint)).scalar_one()
    assert db.session.execute(db.select(AuditEntry).filter_by(
        object_type="webhook_endpoint")).scalar_one().changes["secret"][1] == "(hidden)"

    factories.agreement()
    peer = factories.peer(preferred_name="Robin Quill", phone="+16135550123")
    device = factories.device()
    api = ApiClient(client, manager)
    lent = api.post("/api/v1/loans", json={"peer_code": peer.code, "device_id": device.id,
                                           "acceptance": "paper"})
    assert lent.status_code == 201
    [event] = receiver.wait_for(1)  # sent by the worker, as soon as the lend committed
    assert event["type"] == "loan.lent"
    assert event["data"] == {"loan_id": lent.json["id"], "peer_code": peer.code,
                             "staff_id": None, "kind": "phone", "device_id": device.id,
                             "sim_id": None, "plan_id": None, "lent_on": lent.json["lent_on"],
                             "due_date": lent.json["due_date"]}
    headers, _payload, body = receiver.events[0]
    assert b"Robin" not in body and b"6135550123" not in body
    delivery = _deliveries()[0]
    for _ in range(200):  # the worker records the answer just after the receiver has it
        db.session.rollback()
        if delivery.state == "delivered":
            break
        time.sleep(0.05)
    assert (delivery.state, delivery.message_id) == ("delivered", headers["webhook-id"])
    log = client.get(f"/webhooks/{endpoint.id}").get_data(as_text=True)
    assert delivery.message_id in log and "Delivered" in log


def test_each_event_is_announced_with_codes_and_ids_only(app, receiver):
    endpoint = _endpoint(receiver)
    staff = factories.user("staff")
    peer = factories.peer(preferred_name="Robin Quill", phone="+16135550123")
    contract = factories.contract()
    device = factories.device(contract=contract)
    loan = factories.lend(peer, by=staff, device=device)
    loan.due_date = local_today() - timedelta(days=3)
    run_escalation(by=None)
    log_issue("damaged", by=staff, loan=loan, description="Robin dropped it")
    record_return(loan, by=staff, condition="damaged", notes="Robin says sorry")
    db.session.commit()
    generate_report("pdf", local_today(), local_today(), contract=contract, by=None)
    db.session.commit()
    events = [(d.event, d.payload["data"]) for d in _deliveries()]
    assert {event for event, _ in events} == set(ALL_EVENTS)
    assert ("item.status_changed", {"item_type": "device", "item_id": device.id,
                                    "status_before": "available", "status": "on_loan"}) in events
    stage = next(data for event, data in events if event == "loan.overdue_stage")
    assert (stage["loan_id"], stage["days_overdue"]) == (loan.id, 3)
    text = str(events)
    assert "Robin" not in text and "6135550123" not in text and "sorry" not in text
    assert all(d.endpoint == endpoint and d.message_id.startswith("msg_") for d in _deliveries())


def test_a_change_rolled_back_announces_nothing_and_a_kept_one_is_queued(app, receiver):
    from lending.jobs.queue import huey
    _endpoint(receiver)
    factories.agreement()
    peer, device, staff = factories.peer(), factories.device(), factories.user("staff")
    db.session.commit()
    huey.flush()
    factories.lend(peer, by=staff, device=device)
    db.session.flush()
    assert _deliveries()
    db.session.rollback()
    assert _deliveries() == []
    factories.device()
    db.session.commit()  # another transaction: it must not queue the forgotten deliveries
    assert huey.pending_count() == 0
    factories.lend(peer, by=staff, device=device)
    db.session.commit()
    assert huey.pending_count() == len(_deliveries()) == 2  # lent; the device's status


def test_failures_are_tried_again_with_longer_waits_then_given_up(app, receiver):
    endpoint = _endpoint(receiver, ["issue.logged"])
    issue_of = factories.device()
    log_issue("faulty", by=factories.user("staff"), device=issue_of)
    db.session.commit()
    delivery = _deliveries()[0]
    receiver.answers = [500] * 10
    now = utcnow()
    for tries, wait in enumerate(RETRY_MINUTES, start=1):
        deliver(delivery.id, now)
        db.session.refresh(delivery)
        assert (delivery.state, delivery.attempts, delivery.last_status) == \
            ("queued", tries, 500)
        assert delivery.next_attempt_at == now + timedelta(minutes=wait)
        deliver(delivery.id, now + timedelta(minutes=wait) - timedelta(seconds=1))  # too soon
        db.session.refresh(delivery)
        assert delivery.attempts == tries
        now += timedelta(minutes=wait)
    deliver(delivery.id, now)
    db.session.refresh(delivery)
    assert (delivery.state, delivery.attempts) == ("failed", len(RETRY_MINUTES) + 1)
    assert len(receiver.events) == len(RETRY_MINUTES) + 1  # each try was signed and received
    assert endpoint.failures_in_a_row == len(RETRY_MINUTES) + 1 and endpoint.paused_at is None


def test_an_endpoint_that_keeps_failing_is_paused_and_its_events_wait(app, client, auth,
                                                                      receiver):
    endpoint = _endpoint(receiver, ["issue.logged"])
    staff = factories.user("staff")
    for _ in range(PAUSE_AFTER):
        log_issue("faulty", by=staff, device=factories.device())
    db.session.commit()
    receiver.answers = [503] * PAUSE_AFTER
    for delivery in _deliveries():
        deliver(delivery.id)
    db.session.refresh(endpoint)
    assert endpoint.paused_at is not None and "HTTP 503" in endpoint.pause_reason
    log_issue("faulty", by=staff, device=factories.device())  # while paused: it waits
    db.session.commit()
    waiting = _deliveries()[-1]
    deliver(waiting.id)
    db.session.refresh(waiting)
    assert (waiting.state, waiting.attempts) == ("queued", 0)
    auth.login("manager")
    assert "Paused" in client.get(f"/webhooks/{endpoint.id}").get_data(as_text=True)
    client.post(f"/webhooks/{endpoint.id}/resume")
    db.session.refresh(endpoint)
    assert endpoint.paused_at is None and endpoint.failures_in_a_row == 0
    deliver(waiting.id)
    db.session.refresh(waiting)
    assert waiting.state == "delivered"


def test_only_https_endpoints_outside_private_networks(app):
    for url, said in (("http://crm.example.org/hooks", "https only"),
                      ("ftp://crm.example.org/", "starting https://"),
                      ("https://10.1.2.3/hooks", "private network"),
                      ("https://192.168.0.7/hooks", "private network"),
                      ("crm.example.org", "starting https://")):
        try:
            register_endpoint(url, ["loan.lent"], by=None)
        except RuleError as refusal:
            assert said in str(refusal), url
        else:
            raise AssertionError(f"{url} was accepted")
    assert register_endpoint("https://crm.example.org/hooks", ["loan.lent"], by=None).id
    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = False
    try:
        register_endpoint("http://127.0.0.1:9/hooks", ["loan.lent"], by=None)
    except RuleError as refusal:
        assert "not to this machine" in str(refusal)
    else:
        raise AssertionError("loopback accepted without WEBHOOKS_ALLOW_LOOPBACK")
    try:
        register_endpoint("https://crm.example.org/hooks", [], by=None)
    except RuleError as refusal:
        assert "at least one event" in str(refusal)
    else:
        raise AssertionError("no events accepted")


def test_the_delivery_log_keeps_a_month(app, receiver):
    from lending.loans.operations import daily_run
    _endpoint(receiver, ["issue.logged"])
    log_issue("faulty", by=factories.user("staff"), device=factories.device())
    log_issue("faulty", by=factories.user("staff"), device=factories.device())
    db.session.commit()
    old, waiting = _deliveries()
    deliver(old.id)
    old.created_at = waiting.created_at = utcnow() - timedelta(days=31)
    db.session.commit()
    daily_run()
    assert _deliveries() == [waiting]  # what was never sent stays until it is
