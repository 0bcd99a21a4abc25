"""Sessions: how they start, how long they last, and how they all end at once."""
import re

import pytest

from lending.auth import session as sessions
from lending.extensions import db

from . import factories
from .conftest import another_app


def _cookie(response) -> str:
    """The Set-Cookie header of the session cookie."""
    return next(header for header in response.headers.getlist("Set-Cookie")
                if header.startswith("session="))


def test_the_session_cookie_is_httponly_lax_and_never_remembered(client, app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    response = client.post("/login", data={"email": "sam@example.org",
                                           "password": factories.PASSWORD})
    cookie = _cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here, as in development
    assert "Expires" not in cookie  # gone when the browser closes
    assert not any(header.startswith("remember_token")
                   for header in response.headers.getlist("Set-Cookie"))


def test_the_session_cookie_is_secure_over_https(client, app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    response = client.post("/login", base_url="https://localhost",
                           data={"email": "sam@example.org", "password": factories.PASSWORD})
    assert "Secure" in _cookie(response)


def test_https_behind_a_trusted_proxy_is_recognised(app):
    with another_app(app.config["SQLALCHEMY_DATABASE_URI"], TRUSTED_PROXIES=1) as proxied:
        response = proxied.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
        plain = proxied.test_client().get("/login")
    assert "Strict-Transport-Security" in response.headers  # HTTPS as the proxy saw it
    assert "Strict-Transport-Security" not in plain.headers


def test_signing_in_starts_a_new_session(client, app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    client.post("/login", data={"email": "sam@example.org", "password": factories.PASSWORD})
    with client.session_transaction() as after:
        assert "planted" not in after and after["version"] == 1


def test_a_session_idle_for_longer_than_the_limit_ends(client, auth, monkeypatch):
    auth.login("staff")
    start = sessions._now()
    monkeypatch.setattr(sessions, "_now", lambda: start + 29 * 60)
    assert client.get("/devices").status_code == 200
    monkeypatch.setattr(sessions, "_now", lambda: start + 29 * 60 + 31 * 60)
    response = client.get("/devices")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "a while without activity" in client.get("/login").get_data(as_text=True)


def test_an_active_session_still_ends_after_its_absolute_lifetime(client, auth, monkeypatch):
    auth.login("staff")
    start = sessions._now()
    for minutes in range(20, 12 * 60, 20):  # busy all day, never idle
        monkeypatch.setattr(sessions, "_now", lambda m=minutes: start + m * 60)
        assert client.get("/devices").status_code == 200, minutes
    monkeypatch.setattr(sessions, "_now", lambda: start + 12 * 3600 + 60)
    assert client.get("/devices").status_code == 302


def _second_browser(app, email):
    """Another client signed in as the same account."""
    other = app.test_client()
    response = other.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302
    return other


def test_signing_out_ends_the_accounts_sessions_everywhere(app, client, auth):
    user = auth.login("staff")
    other = _second_browser(app, user.email)
    assert other.get("/devices").status_code == 200
    auth.logout()
    assert other.get("/devices").status_code == 302


def test_deactivation_and_a_new_password_end_the_accounts_sessions(app, client, auth):
    staff = factories.user("staff")
    db.session.commit()
    first = _second_browser(app, staff.email)
    auth.login("manager")
    client.post(f"/users/{staff.id}/password",
                data={"password": "walrus tango lamp 1987", "confirm": "walrus tango lamp 1987"})
    assert first.get("/devices").status_code == 302
    staff.set_password(factories.PASSWORD)
    db.session.commit()
    second = _second_browser(app, staff.email)
    client.post(f"/users/{staff.id}/active")
    assert second.get("/devices").status_code == 302


@pytest.mark.parametrize("password, message", [
    ("short1!", "Use 8 to 128 characters."),
    ("x" * 129, "Use 8 to 128 characters."),
    ("password1", "common"),
    ("qwertyuiop", "common"),
    ("12345678", "common"),
    ("pat.lee@example.org", "guess"),  # the account's own email
])
def test_weak_new_passwords_are_refused(client, auth, password, message):
    auth.login("manager")
    page = client.post("/users/new", data={
        "email": "pat.lee@example.org", "name": "Pat Lee", "role": "staff", "partner_id": "0",
        "password": password, "confirm": password}).get_data(as_text=True)
    assert re.search(message, page, re.I), page[:200]


def test_a_long_pass_phrase_is_accepted(client, auth):
    auth.login("manager")
    phrase = "the quiet harbour keeps seven green lanterns burning " * 2
    response = client.post("/users/new", data={
        "email": "pat@example.org", "name": "Pat", "role": "staff", "partner_id": "0",
        "password": phrase[:120], "confirm": phrase[:120]})
    assert response.status_code == 302


def _fail(client, email, address="10.0.0.1"):
    """One failed sign-in from an address."""
    return client.post("/login", data={"email": email, "password": "wrong guess here"},
                       environ_base={"REMOTE_ADDR": address})


def test_guessing_at_one_account_is_slowed_but_its_owner_can_still_sign_in(client, app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    for _ in range(5):
        assert _fail(client, "sam@example.org").status_code == 200
    assert _fail(client, "sam@example.org").status_code == 429  # from the attacker's address
    owner = client.post("/login", data={"email": "sam@example.org",
                                        "password": factories.PASSWORD},
                        environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert owner.status_code == 302  # from hers: the attacker did not lock her out


def test_guessing_across_many_accounts_from_one_address_is_stopped(client, app):
    for n in range(30):
        assert _fail(client, f"user{n}@example.org", "10.0.0.9").status_code == 200
    assert _fail(client, "another@example.org", "10.0.0.9").status_code == 429
    assert _fail(client, "another@example.org", "10.0.0.10").status_code == 200
    throttled = _fail(client, "x@example.org", "10.0.0.9").get_data(as_text=True)
    assert "Too many attempts" in throttled


def test_successful_sign_ins_are_not_counted_against_anyone(client, app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    for _ in range(8):
        response = client.post("/login", data={"email": "sam@example.org",
                                               "password": factories.PASSWORD})
        assert response.status_code == 302
        client.post("/logout")


def test_with_redis_every_worker_counts_the_same_failures(app, redis_url):
    """Two app processes (workers) sharing Redis share the count (REDIS_URL)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with another_app(url, RATELIMIT_STORAGE_URI=redis_url) as first, \
            another_app(url, RATELIMIT_STORAGE_URI=redis_url) as second:
        for n in range(5):  # the account's five failures, spread over both workers
            worker = (first, second)[n % 2]
            assert _fail(worker.test_client(), "sam@example.org").status_code == 200
        assert _fail(second.test_client(), "sam@example.org").status_code == 429
        assert _fail(first.test_client(), "sam@example.org").status_code == 429
