"""Browser tests: the app served on 127.0.0.1 by a real HTTP server, driven by Playwright in
Debian's Chromium (never a browser Playwright downloads)."""
import os
import socket
import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from lending import create_app
from lending.extensions import db

from .. import factories
from ..conftest import app_config

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The flags a root user in a closed network needs (see the machine's notes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


class _QuietHandler(WSGIRequestHandler):
    """Serves requests without logging each one."""

    def log_request(self, *args, **kwargs):
        """Nothing: the tests say what went wrong."""


@pytest.fixture(scope="session")
def live_server(_schema, reports_dir):
    """The app with CSRF on, served by a threaded HTTP server on a free local port."""
    # Figures counted afresh on every page: the server outlives each test's data.
    app = create_app(app_config(_schema, REPORTS_DIR=reports_dir, WTF_CSRF_ENABLED=True,
                                PAGE_SIZE=25, FIGURES_CACHE_SECONDS=0))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def playwright():
    """Playwright, for the whole run."""
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: make test installs it"
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright):
    """Headless Chromium from the system, for the whole run."""
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser, live_server, worker, app):
    """A fresh browser tab (its own cookies) at laptop size, on an empty database, with a
    worker beside the server as `make run` starts one (reports and long downloads are jobs)."""
    context = browser.new_context(viewport=LAPTOP, base_url=live_server,
                                  accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


class People:
    """Accounts for the browser tests, created on demand and committed."""

    def __init__(self):
        self.made = {}

    def __call__(self, role, **fields):
        """An account with this role (a funder gets a partner), committed for the server."""
        user = factories.user(role, **fields)
        db.session.commit()
        return user


@pytest.fixture
def people(app):
    """Make accounts the browser can sign in as."""
    return People()


def sign_in(page, user, password=factories.PASSWORD):
    """Sign in through the form, as a person would."""
    page.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
