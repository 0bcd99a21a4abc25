"""The API keeps to its OpenAPI document: the document is valid OpenAPI 3.1, and requests
generated from it (schemathesis, property-based) get no server error and no answer the
document does not describe (status, media type, headers, body)."""
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lending.extensions import db

from . import factories
from .api_client import ApiClient

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
# Each operation gets this many generated requests (positive: ones the document allows),
# the same every run (derandomized), so the suite stays quick and a failure repeats.
# (schemathesis's own pytest decorator does not run under pytest 9.2: it reads a node
# attribute pytest no longer has, so the operations are walked here with Hypothesis.)
EXAMPLES = 12


def test_the_openapi_document_is_valid_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    lend = document["paths"]["/api/v1/loans"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in lend["parameters"]}
    renew = document["paths"]["/api/v1/loans/{loan_id}/renewal"]["post"]
    assert "If-Match" in {p["name"] for p in renew["parameters"]}
    assert {"412", "428"} <= set(renew["responses"])


def test_every_operation_keeps_to_the_document(app, client, objects):
    headers = ApiClient(client, factories.user("manager"), name="Property tests").headers()
    # Ids in paths name records that exist (one of everything), so that requests reach the
    # operations rather than stopping at "not found" (which tests/test_api_access.py walks).
    ids = {name: value for name, value in objects.items() if name.endswith("_id")}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(client.get("/api/v1/openapi.json").json["paths"]) + 4

    for operation in operations:
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def keeps_to_the_document(case):
            try:
                case.path_parameters = {name: ids[name] for name in case.path_parameters or {}}
                case.call_and_validate(headers=headers, checks=CHECKS)
            finally:
                db.session.rollback()  # what a refused request left in the shared session

        keeps_to_the_document()
