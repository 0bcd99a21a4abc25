"""Security headers on every response, and pages that need no inline script or style."""
import re

import pytest

from . import factories

REQUIRED_CSP = ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'", "script-src 'self' 'wasm-unsafe-eval';",
                "style-src 'self'")


def _check_headers(response):
    """The headers every response carries."""
    csp = response.headers.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in csp, directive
    # WebAssembly (the camera scanner's decoder) may be compiled; no eval, no inline code.
    assert "unsafe-inline" not in csp and "'unsafe-eval'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/login", "/healthz", "/no-such-page", "/static/app.js"])
def test_every_response_carries_the_security_headers(client, url):
    with client.get(url) as response:  # a static file's response holds the file open
        _check_headers(response)


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


def test_signed_in_pages_and_downloads_carry_them_and_hold_no_inline_code(client, auth):
    auth.login("manager")
    device = factories.device()
    peer = factories.peer(preferred_name="Robin")
    factories.lend(peer, by=factories.user("staff"), device=factories.device())
    for url in ("/", "/devices", f"/devices/{device.id}", "/peers", f"/peers/{peer.id}",
                "/loans", "/loans/new", "/reports", "/imports", "/users", "/audit",
                "/devices?export=csv"):
        response = client.get(url)
        _check_headers(response)
        page = response.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url  # inline script
        assert not re.search(r"<style|\sstyle=", page), url  # inline style
        assert not re.search(r"\son[a-z]+=", page), url  # inline event handler


def test_nothing_shown_to_a_signed_in_user_may_be_kept_by_a_cache(client, auth):
    """Pages, downloads and JSON: a shared drop-in computer's browser keeps none of them;
    the app's own files stay cacheable, and the sign-in page before signing in too."""
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    auth.login("manager")
    peer = factories.peer(preferred_name="Robin")
    for url in ("/", f"/peers/{peer.id}", f"/peers/{peer.id}/edit", "/audit",
                "/devices?export=csv", "/devices?export=xlsx", "/no-such-page"):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    with client.get("/static/app.js") as response:
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_the_app_serves_its_icon(client):
    for url in ("/favicon.ico", "/static/favicon.svg"):
        with client.get(url) as response:  # a file: closed when read
            assert response.status_code == 200 and response.data, url
            assert url.endswith(".svg") or response.mimetype in ("image/vnd.microsoft.icon",
                                                                  "image/x-icon")
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/login").get_data(as_text=True)
