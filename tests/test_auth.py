"""Signing in and out: credentials, messages, redirects and the audit trail."""
import pytest

from lending.auth.routes import safe_next
from lending.extensions import db
from lending.models import AuditEntry

from . import factories

FAILED = "That email and password do not match an active account."


def _login(client, email, password, next_url=None):
    """Post the sign-in form."""
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def _actions():
    """The audit log's actions with their notes, oldest first."""
    return [(e.action, e.note) for e in db.session.execute(
        db.select(AuditEntry).order_by(AuditEntry.id)).scalars()]


def test_a_user_signs_in_with_any_case_email_and_lands_on_the_dashboard(client, app):
    user = factories.user("staff", email="sam@example.org")
    db.session.commit()
    response = _login(client, "  SAM@Example.org ", factories.PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Due today" in client.get("/").get_data(as_text=True)
    assert ("login", "") in _actions()
    assert db.session.execute(db.select(AuditEntry).filter_by(action="login")).scalar_one() \
        .user_id == user.id


def test_unknown_email_and_wrong_password_get_the_same_message(client, app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    unknown = _login(client, "nobody@example.org", factories.PASSWORD).get_data(as_text=True)
    wrong = _login(client, "sam@example.org", "not the password").get_data(as_text=True)
    assert FAILED in unknown and FAILED in wrong
    assert _actions()[-2:] == [("login_failed", "unknown account"),
                                ("login_failed", "wrong password")]


def test_what_was_typed_as_an_unknown_email_is_not_logged(client, app):
    _login(client, "my-secret-password", "whatever")
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert "my-secret-password" not in f"{entry.note} {entry.changes} {entry.actor}"


def test_a_deactivated_user_cannot_sign_in(client, app):
    factories.user("staff", email="gone@example.org", active=False)
    db.session.commit()
    assert FAILED in _login(client, "gone@example.org", factories.PASSWORD).get_data(as_text=True)
    assert ("login_failed", "account deactivated") in _actions()


def test_a_deactivated_user_is_signed_out_on_their_next_request(client, auth):
    user = auth.login("staff")
    assert client.get("/devices").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/devices").status_code == 302


def test_passwords_are_stored_as_slow_salted_hashes(app):
    user = factories.user("staff")
    assert user.password_hash.startswith("scrypt:")
    assert factories.PASSWORD not in user.password_hash
    assert user.check_password(factories.PASSWORD) and not user.check_password("nope")


def test_sign_in_follows_a_local_next_path(client, app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    response = _login(client, "sam@example.org", factories.PASSWORD, next_url="/loans?status=open")
    assert response.headers["Location"] == "/loans?status=open"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "javascript:alert(1)", "http:/evil", "devices", "/%0d%0aX"])
def test_sign_in_ignores_a_next_that_leaves_the_site(client, app, target):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    response = _login(client, "sam@example.org", factories.PASSWORD, next_url=target)
    assert response.headers["Location"] in ("/", target if safe_next(target) else "/")
    assert not response.headers["Location"].startswith(("http", "//", "javascript"))


def test_safe_next_accepts_only_paths_on_this_site():
    assert safe_next("/loans/3") == "/loans/3"
    for target in ("https://evil.example/", "//evil.example", "/\\evil", "evil", "", None,
                   "/ok\r\nSet-Cookie: x"):
        assert safe_next(target) is None, target


def test_signing_out_is_logged(client, auth):
    auth.login("manager")
    auth.logout()
    assert _actions()[-1] == ("logout", "")


def test_a_signed_in_user_visiting_the_login_page_goes_to_the_dashboard(client, auth):
    auth.login("staff")
    assert client.get("/login").headers["Location"] == "/"
