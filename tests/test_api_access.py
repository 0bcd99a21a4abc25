"""Who may use which API endpoint, with a token of each role (the screens' walk, repeated):
a funder's token reads its own partner's contracts, figures and reports and nothing else."""
import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.models import Partner
from lending.reporting.operations import generate_report

from . import factories
from .api_client import ApiClient
from .test_access import ANYONE, FUNDER, MANAGER, STAFF

MANAGER_AND_FUNDER = MANAGER | FUNDER
SIGNED_IN = STAFF | FUNDER

# Every API endpoint and who may use it. A new one fails tests/test_access.py until added.
API_EXPECTED = {
    "api-docs.openapi_json": ANYONE, "api_docs_page.documentation": ANYONE,
    **{f"api_{name}": STAFF for name in (
        "devices.device_list", "devices.device", "sim_cards.sim_list", "sim_cards.sim",
        "plans.plan_list", "plans.plan", "places.place_list", "peers.peer_list", "peers.peer",
        "loans.loan_list", "loans.loan", "loans.lend", "loans.renew", "loans.receive",
        "issues.issue_list", "issues.issue", "issues.log", "waitlist.entry_list",
        "waitlist.entry", "waitlist.add")},
    **{f"api_{name}": MANAGER_AND_FUNDER for name in (
        "contracts.contract_list", "contracts.contract", "contracts.progress",
        "figures.figures_for", "reports.report_list", "reports.report", "reports.report_file")},
    "api_reports.generate": MANAGER, "api_jobs.job": SIGNED_IN,
}
# A job is its asker's alone: anyone else's token is told "not found".
SOMEONE_ELSES = {"api_jobs.job"}
IDS = {"device_id", "sim_id", "plan_id", "peer_id", "loan_id", "issue_id", "entry_id",
       "contract_id", "report_id", "job_id"}


def _api_routes(app):
    return [(rule.endpoint, rule) for rule in app.url_map.iter_rules()
            if rule.endpoint in API_EXPECTED]


def test_every_api_endpoint_has_an_expected_audience(app):
    assert {endpoint for endpoint, _ in _api_routes(app)} == set(API_EXPECTED)


@pytest.mark.parametrize("role", sorted(ANYONE))
def test_each_role_s_token_reaches_exactly_the_endpoints_meant_for_it(client, objects, role):
    if role == "anonymous":
        api = None
    else:  # a funder of the partner whose contract and report these are
        api = ApiClient(client, factories.user(role, partner=db.session.get(
            Partner, objects["partner_id"]) if role == "funder" else None))
    for endpoint, rule in _api_routes(app=client.application):
        url = rule.build({k: objects[k] for k in rule.arguments})[1]
        method = "GET" if "GET" in rule.methods else "POST"
        if endpoint == "api_figures.figures_for":
            url += "?start=2026-01-01&end=2026-01-31"
        if api is None:
            response = client.open(url, method=method, json={} if method == "POST" else None)
        else:
            response = api.get(url) if method == "GET" else api.post(url)
        allowed = role in API_EXPECTED[endpoint]
        status = response.status_code
        if API_EXPECTED[endpoint] == ANYONE:
            assert status == 200, (role, url, status)
        elif role == "anonymous":
            assert status == 401, (role, url, status)
        elif not allowed:
            assert status == 403, (role, url, status)
            assert response.mimetype == "application/problem+json"
        elif endpoint in SOMEONE_ELSES:
            assert status == 404, (role, url, status)
        else:  # an answer, or (a POST with no body) the fields it lacks: never 404 or 500
            assert status in ((200,) if method == "GET" else (200, 422, 428)), \
                (role, url, status, response.get_data(as_text=True)[:300])


def test_a_funder_s_token_reads_its_own_partner_and_nothing_else(client, objects):
    own = db.session.get(Partner, objects["partner_id"])
    other_contract = factories.contract()
    funder = ApiClient(client, factories.user("funder", partner=own))
    listed = funder.get("/api/v1/contracts").json["items"]
    assert [row["id"] for row in listed] == [objects["contract_id"]]
    assert funder.get(f"/api/v1/contracts/{other_contract.id}").status_code == 404
    assert funder.get(f"/api/v1/contracts/{other_contract.id}/progress").status_code == 404
    period = "start=2026-01-01&end=2026-01-31"
    assert funder.get(f"/api/v1/figures?{period}&contract_id={other_contract.id}") \
        .status_code == 404
    assert funder.get(f"/api/v1/figures?{period}&partner_id={other_contract.partner_id}") \
        .status_code == 404
    mine = funder.get(f"/api/v1/figures?{period}")
    assert mine.status_code == 200 and mine.json["scope"] == own.name
    db.session.commit()
    other_report = generate_report("pdf", local_today(), local_today(), contract=other_contract,
                                   by=None)
    db.session.commit()
    assert [row["id"] for row in funder.get("/api/v1/reports").json["items"]] == \
        [objects["report_id"]]
    for url in (f"/api/v1/reports/{other_report.id}", f"/api/v1/reports/{other_report.id}/file"):
        assert funder.get(url).status_code == 404, url
    own_file = funder.get(f"/api/v1/reports/{objects['report_id']}/file")
    assert own_file.status_code == 200 and own_file.data[:2] == b"PK"  # the workbook
    manager = ApiClient(client, factories.user("manager"))
    assert manager.get(f"/api/v1/contracts/{other_contract.id}").status_code == 200
    assert len(manager.get("/api/v1/contracts").json["items"]) == 2


def test_unknown_ids_are_404_problems(client, objects):
    api = ApiClient(client, factories.user("manager"))
    for url in ("/api/v1/devices/999999", "/api/v1/loans/99999999999", "/api/v1/peers/0",
                "/api/v1/contracts/999999/progress", "/api/v1/nothing-here"):
        answer = api.get(url)
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json", url
