"""Load and crash (issue 7): a minute of staff work against gunicorn, then the server killed
with SIGKILL in the middle of writes and started again.

    .venv/bin/python benchmarks/load.py [--engines sqlite,postgresql] [--seconds 60] [--users 20]

Needs the benchmark tools (`make bench-tools`: locust). For each database: a fresh demo
program, gunicorn with 2 workers on 127.0.0.1, locust in headless mode (reads, lends, returns,
resets; 0 errors wanted); then writers register peers while the server is killed; after a
restart the database must pass its integrity check and hold every write that was answered.
Writes the "load" section of docs/benchmarks.md.
"""
import argparse
import csv
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import (
    CACHE,
    PG_ADMIN,
    ROOT,
    _flask,
    _pg,
    app_on,
    machine,
    postgres_available,
    write_section,
)

SECRET = "load-benchmark-secret-key-0123456789"
PASSWORD = "load test pass phrase 42"
VENV_BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(engine: str) -> str:
    """An empty, migrated database with the demo program and staff accounts for the load."""
    if engine == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob("load.sqlite*"):
            stale.unlink()
        url = f"sqlite:///{CACHE / 'load.sqlite'}"
    else:
        _pg("DROP DATABASE IF EXISTS lending_bench_load WITH (FORCE)")
        _pg("CREATE DATABASE lending_bench_load")
        url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + \
            "/lending_bench_load"
    _flask(url, "db", "upgrade")
    _flask(url, "seed-demo")
    with app_on(url):
        from lending.extensions import db
        from lending.models import User
        hashed = User()
        hashed.set_password(PASSWORD)  # one slow hash, shared by the load's accounts
        db.session.add_all(User(email=f"load{number}@example.org", name=f"Load {number}",
                                role="staff", password_hash=hashed.password_hash)
                           for number in range(50))
        db.session.commit()
    return url


# As README.md recommends for production: threads, so that a browser's idle keep-alive
# connection does not hold a whole worker (a sync worker waits on it for seconds).
GUNICORN = ["--workers", "2", "--worker-class", "gthread", "--threads", "4"]


class Server:
    """gunicorn serving the app on a local port."""

    def __init__(self, url, port):
        self.url, self.port, self.process = url, port, None

    def start(self):
        env = {**os.environ, "DATABASE_URL": self.url, "SECRET_KEY": SECRET,
               "LENDING_LOGIN_LIMIT_PER_ADDRESS": "100000 per minute"}
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), *GUNICORN, "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self, sig=signal.SIGTERM):
        os.killpg(self.process.pid, sig)  # the master and its workers at once
        self.process.wait()


def run_locust(port, seconds, users):
    """(requests, failures, rows of per-name stats) from a headless locust run."""
    prefix = CACHE / "locust"
    subprocess.run([str(VENV_BIN / "locust"), "-f", str(ROOT / "benchmarks" / "locustfile.py"),
                    "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
                    "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix),
                    "--only-summary", "--loglevel", "WARNING"], cwd=ROOT, check=False,
                   capture_output=True)
    with open(f"{prefix}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    with open(f"{prefix}_failures.csv") as handle:
        failures = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return int(total["Request Count"]), int(total["Failure Count"]), rows, failures


class Writer(threading.Thread):
    """Registers peers one after another; remembers every registration the server answered."""

    def __init__(self, port, stop):
        super().__init__(daemon=True)
        self.base, self.stop_event, self.acknowledged = f"http://127.0.0.1:{port}", stop, []
        self.ready = threading.Event()  # signed in: writing from now on
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  _NoRedirect())

    def _post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        try:
            answer = self.opener.open(self.base + path, data, timeout=10)
        except urllib.error.HTTPError as redirect:  # a 302 arrives here (no redirects)
            answer = redirect
        answer.read()
        answer.close()  # let the connection go at once
        return answer

    def _token(self, path):
        page = self.opener.open(self.base + path, timeout=10).read().decode()
        return (re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1),
                re.search(r'name="form_token" type="hidden" value="([^"]+)"', page))

    def run(self):
        try:
            csrf, _ = self._token("/login")
            self._post("/login", {"email": "load0@example.org", "password": PASSWORD,
                                  "csrf_token": csrf})
            self.ready.set()
            while not self.stop_event.is_set():
                csrf, form_token = self._token("/peers/new")
                answer = self._post("/peers/new", {
                    "consent_scope": "Borrowing devices", "consent_method": "paper",
                    "csrf_token": csrf, "form_token": form_token.group(1)})
                if answer.status == 302:
                    self.acknowledged.append(int(answer.headers["Location"].rsplit("/", 1)[1]))
        except OSError:
            return  # the server went away mid-request: that write was never acknowledged


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def crash_test(url, port):
    """Kill the server during writes; after a restart, check the database and the writes."""
    server = Server(url, port).start()
    time.sleep(3)  # both workers up, not just the first
    stop = threading.Event()
    writers = [Writer(port, stop) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.ready.wait(30)
    time.sleep(8)
    server.stop(signal.SIGKILL)
    stop.set()
    for writer in writers:
        writer.join(timeout=15)
    acknowledged = sorted(i for writer in writers for i in writer.acknowledged)
    Server(url, port).start().stop()  # the app starts again on what the crash left
    return acknowledged, _verify(url, acknowledged)


def _verify(url, acknowledged):
    """(integrity check result, acknowledged peers missing)."""
    if url.startswith("sqlite"):
        import sqlite3
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
            present = {row[0] for row in connection.execute("SELECT id FROM peer")}
    else:
        import psycopg
        with psycopg.connect(url.replace("+psycopg", "")) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            for (index,) in connection.execute(
                    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' "
                    "AND c.relnamespace = 'public'::regnamespace").fetchall():
                connection.execute("SELECT bt_index_check(%s::regclass, true)", (index,))
            integrity = "ok (amcheck on every index)"
            present = {row[0] for row in connection.execute("SELECT id FROM peer")}
    return integrity, [peer for peer in acknowledged if peer not in present]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",")
               if e == "sqlite" or (e == "postgresql" and postgres_available())]
    load_rows, crash_rows, failure_notes = [], [], []
    for engine in engines:
        url = fresh_database(engine)
        port = _free_port()
        server = Server(url, port).start()
        time.sleep(3)  # both workers up before the clock starts
        total, failed, rows, failures = run_locust(port, args.seconds, args.users)
        server.stop()
        by_name = {row["Name"]: row for row in rows}
        for name in ("read a list", "lend", "return", "reset"):
            row = by_name.get(name)
            if row:
                load_rows.append(f"| {engine} | {name} | {int(row['Request Count']):,} | "
                                 f"{int(row['Failure Count'])} | {row['50%']} ms | "
                                 f"{row['95%']} ms |")
        load_rows.append(f"| {engine} | **all requests** | {total:,} | {failed} | "
                         f"{by_name['Aggregated']['50%']} ms | {by_name['Aggregated']['95%']} ms |")
        failure_notes += [f"- {engine}, {f['Name']}: {f['Error'][:150]} ({f['Occurrences']}×)"
                          for f in failures]
        acknowledged, (integrity, missing) = crash_test(url, port)
        crash_rows.append(f"| {engine} | {len(acknowledged):,} | {integrity} | "
                          f"{len(missing)} |")
    write_section("load", "\n".join([
        "## Load and crash (issue 7)", "",
        f"`.venv/bin/python benchmarks/load.py` — {machine()}.", "",
        f"### {args.seconds} s of staff work against gunicorn ({' '.join(GUNICORN)}), "
        f"{args.users} users",
        "",
        "locust, headless, on the same machine: each user signs in, then reads lists and the "
        "dashboard, lends available devices to peers with no kit out, records returns and "
        "resets returned devices, through the real forms. Two users racing for one device "
        "get the lending rule's message, which counts as an answer, not an error.", "",
        "| database | request | count | errors | median | 95th percentile |",
        "|---|---|---|---|---|---|", *load_rows, "",
        *(["Errors:", *failure_notes, ""] if failure_notes else []),
        "### Killed mid-write (SIGKILL to gunicorn and its workers), then restarted", "",
        "Four writers register peers for 8 s; the server is killed without warning; it starts "
        "again on what the crash left. Every registration the server had answered must be "
        "there.", "",
        "| database | writes answered before the kill | integrity check | answered but missing |",
        "|---|---|---|---|", *crash_rows]))


if __name__ == "__main__":
    main()
