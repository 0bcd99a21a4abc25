"""Every state-changing route refuses a POST without a valid CSRF token (the API's, which take
no cookie, refuse one without a token: a signed-in browser cannot be made to use them)."""
import re

from lending.extensions import db

from . import factories
from .conftest import another_app
from .test_access import SIGNED_BY_PROVIDER


def test_every_post_route_refuses_a_missing_token(_schema):
    with another_app(_schema, WTF_CSRF_ENABLED=True) as app, app.app_context():
        factories.user("manager", email="boss@example.org")
        db.session.commit()
        client = app.test_client()
        login_page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)[1]
        assert client.post("/login", data={"email": "boss@example.org",
                                           "password": factories.PASSWORD}).status_code == 400
        assert client.post("/login", data={"email": "boss@example.org", "csrf_token": token,
                                           "password": factories.PASSWORD}).status_code == 302
        posts = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
        assert len(posts) > 10
        for rule in posts:
            if rule.endpoint in SIGNED_BY_PROVIDER:  # Twilio's signature stands for the token
                assert client.post(rule.build({})[1], data={}).status_code == 403
                continue
            if rule.rule.startswith("/api/"):  # a token stands for it; the cookie is ignored
                url = rule.build({name: 1 for name in rule.arguments})[1]
                assert client.post(url, data={}).status_code == 401, url
                continue
            url = rule.build({name: 1 for name in rule.arguments})[1]
            response = client.post(url, data={})
            assert response.status_code == 400, url
            assert "form had expired" in response.get_data(as_text=True)
        assert client.get("/devices").status_code == 200  # still signed in: nothing happened
        db.session.remove()
        db.engine.dispose()
