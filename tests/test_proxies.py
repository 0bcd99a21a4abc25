"""Behind a proxy: X-Forwarded-* is believed only from the trusted proxy's own address, as many
hops deep as LENDING_TRUSTED_PROXIES says. Spoofed headers are sent straight to the app, as an
attacker on the machine or network would."""
from lending.extensions import db

from . import factories
from .conftest import another_app

ATTACKER = "203.0.113.7"  # reaches the app directly, not through the proxy
PROXY = "127.0.0.1"  # the proxy next to the app (TRUSTED_PROXY_ADDRESSES' default)


def _fail(client, remote, forwarded_for=None):
    """One failed sign-in at Sam's account, from `remote`, perhaps with X-Forwarded-For."""
    return client.post("/login", data={"email": "sam@example.org", "password": "wrong guess"},
                       environ_base={"REMOTE_ADDR": remote},
                       headers={"X-Forwarded-For": forwarded_for} if forwarded_for else {})


def test_spoofed_addresses_sent_straight_to_the_app_do_not_escape_the_sign_in_limit(app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    with another_app(app.config["SQLALCHEMY_DATABASE_URI"], TRUSTED_PROXIES=1) as proxied:
        client = proxied.test_client()
        answers = [_fail(client, ATTACKER, f"198.51.100.{n}").status_code for n in range(6)]
    assert answers == [200] * 5 + [429]  # every guess counted against the attacker's address


def test_through_the_proxy_the_address_it_saw_is_the_one_counted(app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    with another_app(app.config["SQLALCHEMY_DATABASE_URI"], TRUSTED_PROXIES=1) as proxied:
        client = proxied.test_client()
        # The client's own X-Forwarded-For comes first; the proxy appends what it saw.
        answers = [_fail(client, PROXY, f"10.9.9.{n}, 198.51.100.4").status_code
                   for n in range(6)]
        someone_else = _fail(client, PROXY, "198.51.100.5").status_code
    assert answers == [200] * 5 + [429] and someone_else == 200


def _sign_in(app, remote):
    """Sam signs in, saying the request came over HTTPS."""
    return app.test_client().post(
        "/login", data={"email": "sam@example.org", "password": factories.PASSWORD},
        headers={"X-Forwarded-Proto": "https"}, environ_base={"REMOTE_ADDR": remote})


def test_hsts_and_secure_cookies_only_for_https_as_trusted_proxies_saw_it(app):
    factories.user("staff", email="sam@example.org")
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with another_app(url) as direct, another_app(url, TRUSTED_PROXIES=1) as proxied:
        no_proxies = _sign_in(direct, PROXY)  # TRUSTED_PROXIES=0: nobody is believed
        spoofed = _sign_in(proxied, ATTACKER)
        through_proxy = _sign_in(proxied, PROXY)
    for plain_http in (no_proxies, spoofed):
        assert "Strict-Transport-Security" not in plain_http.headers
        assert "Secure" not in plain_http.headers.get("Set-Cookie", "")
    assert "Strict-Transport-Security" in through_proxy.headers
    assert "Secure" in through_proxy.headers["Set-Cookie"]
