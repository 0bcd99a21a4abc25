"""Fixtures: an app on SQLite (or on TEST_DATABASE_URL), a clean database per test, users."""
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager

import pytest
from flask import g
from flask_babel import refresh
from sqlalchemy import text
from werkzeug.serving import WSGIRequestHandler, make_server

from lending import create_app
from lending.extensions import db

from . import factories

# Fixtures of their own modules, offered to every test from here.
from .everything import objects  # noqa: F401
from .march import program  # noqa: F401
from .march_outcomes import outcomes_program  # noqa: F401
from .sms_gateway import gateway  # noqa: F401
from .webhook_receiver import receiver  # noqa: F401

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
ON_POSTGRES = bool(TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql"))


JOBS_QUEUE = os.path.join(tempfile.mkdtemp(prefix="lending-jobs-"), "queue.sqlite")


def app_config(database_url, **overrides):
    """The settings every test app runs with (the job queue in a SQLite file of the run's)."""
    return {"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False,
            "SQLITE_BUSY_TIMEOUT_MS": 30_000, "PAGE_SIZE": 5, "JOBS_SQLITE": JOBS_QUEUE,
            "API_RATE_LIMIT": "10000 per minute",  # tests/test_api.py tries a low one
            "WEBHOOKS_ALLOW_LOOPBACK": True,  # the tests' receivers listen on 127.0.0.1
            **overrides}


@contextmanager
def another_app(database_url, **overrides):
    """An app of a test's own (another worker, other settings); its connections are closed
    when the test is done with it, not left for the garbage collector (PostgreSQL warns).
    Inside its app context, pass ids: an object of the test's own session that loads there
    opens a connection of this app's that the test's session keeps past the disposal."""
    app = create_app(app_config(database_url, **overrides))
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """PostgreSQL when TEST_DATABASE_URL says so, else a SQLite file (threads need a file)."""
    return TEST_DATABASE_URL or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def reports_dir(tmp_path_factory):
    """Where the tests' generated reports are archived."""
    return str(tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the schema once per run."""
    app = create_app(app_config(database_url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return database_url


def _empty_all_tables():
    """Remove every row, keeping the schema (much faster than recreating it)."""
    tables = list(reversed(db.metadata.sorted_tables))
    if ON_POSTGRES:
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def _forget_request_caches():
    """Drop what Flask-Login (the user) and Flask-Babel (the locale) keep for one request
    (returns None: not a response)."""
    g.pop("_login_user", None)
    refresh()


@pytest.fixture
def app(_schema, reports_dir):
    """The app, inside an app context, over an empty database."""
    app = create_app(app_config(_schema, REPORTS_DIR=reports_dir))
    # Tests hold one app context open so that they share the requests' session; Flask then
    # reuses it for every request, and with it `g`, where Flask-Login caches the signed-in
    # user. Forget that cache per request, as a real server (a fresh `g` per request) does.
    app.before_request_funcs.setdefault(None, []).insert(0, _forget_request_caches)
    with app.app_context():
        _empty_all_tables()
        yield app
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()  # close pooled connections now, not when garbage collected


@pytest.fixture
def client(app):
    """An HTTP client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's flask commands, in an English terminal whatever this machine's
    (commands speak the terminal's language: cli.py)."""
    return app.test_cli_runner(env={"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"})


class Auth:
    """Signs a test client in as a user of a given role."""

    def __init__(self, client):
        self.client = client

    def login(self, role="staff", **fields):
        """Create a user with this role (a funder gets a partner) and sign in; return it."""
        user = factories.user(role=role, **fields)
        db.session.commit()
        response = self.client.post("/login", data={"email": user.email,
                                                    "password": factories.PASSWORD})
        assert response.status_code == 302, "test login failed"
        return user

    def logout(self):
        """Sign out."""
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    """Sign the client in and out."""
    return Auth(client)


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of this test's own, on a free port, gone afterwards."""
    server = shutil.which("redis-server")
    assert server, "this test starts redis-server (Debian package redis-server)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save",
                                "", "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait()


def search_list(client, url, words, **post):
    """A list searched as its search box does it: the words are posted and the list opens with
    a token in their place (search/routes.py). `url` may carry filters, sort and export."""
    path, _, query = url.partition("?")
    from urllib.parse import parse_qsl
    response = client.post("/search", data={"list": path, "q": words, **dict(parse_qsl(query)),
                                            **post})
    assert response.status_code == 302, response.status_code
    assert_words_kept_out_of(response.headers["Location"], words, client)
    return client.get(response.headers["Location"])


def assert_words_kept_out_of(location, words, client):
    """The words never reach a URL: the list's `search` parameter is a token the session keeps
    for them (a random token may happen to hold a short search such as "1", so it is checked
    against the session rather than by substring), and nothing else in the URL holds them."""
    from urllib.parse import parse_qsl, urlsplit
    url = urlsplit(location)
    parameters = parse_qsl(url.query)
    token = dict(parameters).get("search", "")
    with client.session_transaction() as session:
        kept = dict(session.get("searches", []))
    assert not token or kept.get(token) == words.strip()[:100] and token != words.strip()
    rest = [url.path] + [value for name, value in parameters if name != "search"]
    assert not any(words.strip() in part for part in rest), location


@pytest.fixture
def worker(app):
    """A real worker for the test: Huey's consumer, two threads, on the test's queue (emptied
    first). Jobs run in the test's app, on connections of their own."""
    from lending.jobs.queue import huey
    huey.flush()
    consumer = huey.create_consumer(workers=2, worker_type="thread", periodic=False,
                                    initial_delay=0.05, max_delay=0.2)
    consumer.start()
    yield consumer
    consumer.stop(graceful=True)


def wait_for(job_id, seconds=60):
    """The job once it is over (done or failed), read afresh."""
    from lending.models import Job
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # a fresh look at what the worker committed
        job = db.session.get(Job, job_id)
        db.session.refresh(job)
        if job.state in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s (state {job.state})")


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
