"""The loans list's throughput under gunicorn beside a bare endpoint of the same app, measured
with `wrk` (`make bench-tools` installs it); used by pages.py, which writes the figures."""
import os
import re
import signal
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager

from common import ROOT
from load import GUNICORN, VENV_BIN, _free_port

SECRET = "benchmark-secret-key-0123456789"
ROUNDS = 3  # of wrk on the list and on the bare endpoint, in turns


def _signed_in_cookie(port, email, password):
    """The session cookie of an account signed in through the form, CSRF token and all."""
    import http.cookiejar
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    form = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)[1]
    opener.open(f"{base}/login", urllib.parse.urlencode(
        {"email": email, "password": password, "csrf_token": token}).encode()).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def _wrk(url, seconds, cookie):
    """Requests per second from wrk, and how many answers were not 2xx/3xx."""
    done = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Cookie: {cookie}",
                           url], capture_output=True, text=True, check=True)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)[1])
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    return rps, int(bad[1]) if bad else 0


@contextmanager
def gunicorn_on(url, env=(), stderr=None):
    """A port where gunicorn serves the app on this database as the README runs it (with
    `env` added to its environment), once /healthz answers; stopped afterwards."""
    port = _free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), *GUNICORN, "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env={"DATABASE_URL": url, "SECRET_KEY": SECRET, "PATH": "/usr/bin:/bin",
                       **dict(env)}, start_new_session=True, stderr=stderr)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def throughput(url, seconds, password):
    """(loans list rps, bare endpoint rps, non-2xx answers) under gunicorn, 2 workers."""
    with gunicorn_on(url, stderr=subprocess.DEVNULL) as port:
        cookie = _signed_in_cookie(port, "bench-staff@example.org", password)
        base = f"http://127.0.0.1:{port}"
        _wrk(f"{base}/loans", 2, cookie)  # warm both workers up
        loans, bare, bad = [], [], 0
        for _ in range(ROUNDS):  # taken in turns, so that the machine's moods hit both alike
            for url, rates in ((f"{base}/loans", loans), (f"{base}/healthz", bare)):
                rate, failed = _wrk(url, seconds, cookie)
                rates.append(rate)
                bad += failed
        return statistics.median(loans), statistics.median(bare), bad
