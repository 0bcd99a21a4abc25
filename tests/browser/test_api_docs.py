"""The API's documentation page: Swagger UI, served by the app under its own content security
policy (no CDN, no inline script), lists every operation of the document."""
from .test_accessibility import _audit


def test_the_documentation_page_shows_every_operation_under_the_app_s_policy(page, client,
                                                                            live_server):
    refused, elsewhere = [], []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("request", lambda request: elsewhere.append(request.url)
            if not request.url.startswith((live_server, "data:")) else None)
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    operations = sum(method in ("get", "post") for path in client.get(
        "/api/v1/openapi.json").json["paths"].values() for method in path)
    assert page.locator(".opblock").count() == operations
    assert page.get_by_role("heading", name="API documentation", exact=True).is_visible()
    assert refused == [] and elsewhere == []
    counts, details = _audit(page, "/api/v1/docs")
    assert not counts["serious"] and not counts["critical"], details
