"""Who may reach which page: every route in the URL map, for every role."""
import pytest

from lending.extensions import db
from lending.models import Partner

from . import factories

ANYONE = {"anonymous", "funder", "staff", "manager"}
SIGNED_IN = {"funder", "staff", "manager"}
STAFF = {"staff", "manager"}
MANAGER = {"manager"}
FUNDER = {"funder"}

# Every endpoint and who may use it. A new route fails this test until it is added here.
EXPECTED = {
    "auth.login": ANYONE, "health.healthz": ANYONE, "favicon": ANYONE,
    "auth.logout": SIGNED_IN, "dashboard.index": SIGNED_IN,
    "inventory.devices": STAFF, "inventory.device": STAFF, "inventory.reset_device": STAFF,
    "inventory.new_device": MANAGER, "inventory.edit_device": MANAGER,
    "inventory.device_status": MANAGER,
    "inventory.sims": STAFF, "inventory.sim": STAFF,
    "inventory.new_sim": MANAGER, "inventory.edit_sim": MANAGER, "inventory.activate": MANAGER,
    "inventory.plans": STAFF, "inventory.plan": STAFF,
    "inventory.new_plan": MANAGER, "inventory.edit_plan": MANAGER,
    "inventory.imports": MANAGER, "inventory.import_batch": MANAGER,
    "inventory.run_import": MANAGER, "inventory.import_template": MANAGER,
    "inventory.places": MANAGER, "inventory.edit_place": MANAGER,
    "peers.index": STAFF, "peers.new": STAFF, "peers.detail": STAFF, "peers.edit": STAFF,
    "peers.data_copy": MANAGER, "peers.remove_details": MANAGER,
    "peers.contacts_export": MANAGER, "search.remember": STAFF, "search.results": STAFF,
    "labels.print_labels": STAFF, "jobs.index": STAFF, "jobs.detail": STAFF,
    "jobs.state": STAFF, "jobs.download": STAFF, "stock.index": STAFF, "stock.detail": STAFF,
    "stock.scan": STAFF, "stock.move": STAFF, "stock.close": MANAGER, "stock.report": STAFF,
    "loans.index": STAFF, "loans.new": STAFF, "loans.detail": STAFF, "loans.renew": STAFF,
    "loans.new_for_staff": STAFF,
    "loans.receive": STAFF, "loans.remind": STAFF, "loans.suspend_line": STAFF,
    "loans.declare_lost": STAFF, "loans.checkin": STAFF, "loans.peer_suggestions": STAFF,
    "inventory.line_event": STAFF, "inventory.plan_action": STAFF,
    "peers.log_support": STAFF,
    "issues.index": STAFF, "issues.new": STAFF, "issues.detail": STAFF,
    "waitlist.index": STAFF, "waitlist.new": STAFF, "waitlist.withdraw_entry": STAFF,
    "agreements.detail": STAFF, "agreements.loan_pdf": STAFF,
    "agreements.index": MANAGER, "agreements.new": MANAGER,
    "policies.index": MANAGER, "policies.edit": MANAGER,
    "partners.partners": MANAGER, "partners.new_partner": MANAGER, "partners.partner": MANAGER,
    "partners.edit_partner": MANAGER, "partners.remove_contact": MANAGER,
    "partners.contracts": MANAGER, "partners.new_contract": MANAGER,
    "partners.contract": MANAGER, "partners.edit_contract": MANAGER,
    "partners.add_deliverable": MANAGER, "partners.remove_deliverable": MANAGER,
    "partners.add_report_date": MANAGER,
    "users.index": MANAGER, "users.new": MANAGER, "users.edit": MANAGER,
    "users.toggle_active": MANAGER, "users.reset_password": MANAGER,
    "portal.index": FUNDER, "portal.contract": FUNDER,
    "reports.index": MANAGER, "reports.download": MANAGER | FUNDER,
    "audit.index": MANAGER,
    "messages.outbox": STAFF, "messages.peer_texts": STAFF, "messages.send_text": STAFF,
    "messages.kit_ready": STAFF, "auth.forgot": ANYONE, "auth.reset": ANYONE,
    "auth.account": STAFF,
    "messages.wordings": MANAGER, "messages.edit_wording": MANAGER,
    "messages.inbound": ANYONE, "messages.delivery_status": ANYONE,
    "outcomes.new_check_in": STAFF, "outcomes.due": STAFF, "outcomes.questions": MANAGER,
    "outcomes.peer_groups": STAFF, "outcomes.priority_groups": MANAGER,
    "outcomes.edit_priority_group": MANAGER, "outcomes.group_sessions": STAFF,
    "outcomes.new_group_session": STAFF, "outcomes.group_session": STAFF,
    "outcomes.targets": MANAGER,
    "auth.tokens": STAFF | FUNDER, "auth.revoke": STAFF | FUNDER,
    "webhooks.index": MANAGER, "webhooks.endpoint": MANAGER, "webhooks.pause": MANAGER,
    "webhooks.resume": MANAGER, "webhooks.remove": MANAGER,
}
# The text provider's callbacks: open to it alone, by its signature (tests/test_texts.py).
SIGNED_BY_PROVIDER = {"messages.inbound", "messages.delivery_status"}
# A job, or an API token, is its owner's alone: to every other user (those of the walk) it
# is "not found".
SOMEONE_ELSES = {"jobs.detail", "jobs.state", "jobs.download", "auth.revoke"}
# Values for URL parts that are words rather than ids.
WORDS = {"inventory.line_event": {"action": "suspend"}, "inventory.plan_action": {"action": "use"},
         "policies.edit": {"kind": "phone"},
         "inventory.import_template": {"kind": "devices", "fmt": "csv"},
         "peers.contacts_export": {"fmt": "xlsx"}, "labels.print_labels": {"kind": "devices"},
         "stock.move": {"kind": "device"},
         "messages.edit_wording": {"template": "due_soon", "language": "en"},
         "auth.reset": {"token": "not-a-token"}}


def _routes(app):
    """(endpoint, rule) for every route but static files and the API (walked with tokens:
    tests/test_api_access.py)."""
    from .test_api_access import API_EXPECTED
    return [(rule.endpoint, rule) for rule in app.url_map.iter_rules()
            if not rule.endpoint.endswith("static") and rule.endpoint not in API_EXPECTED]


def test_every_route_has_an_expected_audience(app):
    from .test_api_access import API_EXPECTED
    routes = {rule.endpoint for rule in app.url_map.iter_rules()
              if not rule.endpoint.endswith("static")}
    assert routes == set(EXPECTED) | set(API_EXPECTED)


@pytest.mark.parametrize("role", sorted(ANYONE))
def test_each_role_reaches_exactly_the_routes_meant_for_it(app, client, auth, objects, role):
    if role != "anonymous":  # a funder of the partner whose contract and report these are
        auth.login(role, partner=db.session.get(Partner, objects["partner_id"])
                   if role == "funder" else None)
    for endpoint, rule in _routes(app):
        if endpoint == "auth.logout":
            continue  # signing out would end the walk; tested below
        values = {**objects, **WORDS.get(endpoint, {})}
        url = rule.build({k: values[k] for k in rule.arguments})[1]
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        response.close()  # a file answer (the icon) holds its file open until then
        if role != "anonymous" and endpoint != "favicon":  # nothing a browser may keep
            assert response.headers.get("Cache-Control") == "no-store", (role, url)
        allowed = role in EXPECTED[endpoint]
        if endpoint in SIGNED_BY_PROVIDER:
            assert response.status_code == 403, (role, url, response.status_code)
        elif allowed and endpoint in SOMEONE_ELSES:
            assert response.status_code == 404, (role, url, response.status_code)
        elif allowed:
            # A page it shows, or a redirect after the action (or a refusal explained on the
            # page it came from): never a 404 or a 500 that a loose check would count in.
            assert response.status_code in (200, 302), (role, url, response.status_code)
            assert "/login" not in response.headers.get("Location", "") or \
                endpoint == "auth.login", (role, url)
        elif role == "anonymous":
            assert response.status_code == 302, (role, url)
            assert response.headers["Location"].startswith("/login?next="), (role, url)
        else:
            assert response.status_code == 403, (role, url)


def test_sign_out_is_a_post_for_signed_in_users(client, auth):
    auth.login("staff")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/devices").status_code == 302  # signed out now


def test_unknown_ids_give_404(client, auth, objects):
    auth.login("manager")
    for url in ("/devices/999999", "/sims/999999/edit", "/plans/999999", "/peers/999999",
                "/loans/999999", "/loans/999999/return"):
        assert client.get(url).status_code == 404, url
    assert client.post("/devices/999999/reset").status_code == 404
    assert client.post("/loans/999999/renew").status_code == 404


def test_funders_land_on_their_portal_and_see_no_peer_or_inventory_menus(client, auth, objects):
    auth.login("funder", partner=factories.partner())
    assert client.get("/").headers["Location"] == "/portal"
    page = client.get("/portal").get_data(as_text=True)
    assert "Your contracts" in page and "Peers" not in page and "Devices" not in page
