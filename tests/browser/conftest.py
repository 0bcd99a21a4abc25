"""Browser tests: the app served on 127.0.0.1 by a real HTTP server, driven by Playwright in
Debian's Chromium (never a browser Playwright downloads)."""
import os

import pytest
from playwright.sync_api import sync_playwright

from lending.extensions import db

from .. import factories

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The flags a root user in a closed network needs (see the machine's notes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


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
