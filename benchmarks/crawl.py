"""Every page and action at 1,000,000 loans under gunicorn as the README runs it (default 30 s
timeout): each role signs in, follows every link it is shown and then submits every form it
was shown, as a person clicking through would; no request may take over 1 s, none may fail
with a server error, and no worker may time out.

Runs on a scratch copy of the benchmark program, since the forms change it (lend, return,
retire, erase...). Links are followed a few times per kind of address (digits stand for ids),
so the crawl covers every page without opening a million loans.
"""
import argparse
import html.parser
import re
import shutil
import sqlite3
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict

from common import (
    CACHE,
    _pg,
    app_on,
    machine,
    postgres_available,
    synthetic_database,
    write_section,
)
from load import GUNICORN
from pages import PASSWORD, SIZES, _accounts_and_subjects
from throughput import gunicorn_on

SLOW_SECONDS = 1.0
PER_KIND = 2  # addresses followed per kind of address (path with ids as #, query keys)
ROLES = ("funder", "staff", "manager")  # the manager last: its forms deactivate accounts
# Forms that would end the crawl's own session.
SKIPPED_ACTIONS = ("/logout",)


class _Page(html.parser.HTMLParser):
    """The links and forms of a page: hrefs, and (method, action, fields) per form."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form, self._select, self._text = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(),
                          "action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self._form["fields"].setdefault(a["name"], a.get("value", ""))
        elif tag == "button" and a.get("value") is not None:
            self._form["fields"].setdefault(a["name"], a["value"])
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._text = a["name"]
            self._form["fields"][a["name"]] = ""
        if tag == "option" and self._select and self._form is not None:
            fields = self._form["fields"]
            if a.get("value") and (self._select not in fields or "selected" in a):
                fields[self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._text = None

    def handle_data(self, data):
        if self._text and self._form is not None:
            self._form["fields"][self._text] += data


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None  # each request is timed on its own; redirects are followed as links


def _kind(url):
    """What kind of address it is: ids as #, the query's keys without their values."""
    parts = urllib.parse.urlsplit(url)
    keys = sorted(urllib.parse.parse_qs(parts.query, keep_blank_values=True))
    return re.sub(r"\d+", "#", parts.path) + "?" + "&".join(keys)


class Crawler:
    """One signed-in person clicking through the served app."""

    def __init__(self, base, email, verbose=False):
        import http.cookiejar
        self.base, self.times, self.failures, self.verbose = base, [], [], verbose
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect)
        form = self._request("GET", "/login")[2]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)[1]
        status = self._request("POST", "/login", {"email": email, "password": PASSWORD,
                                                  "csrf_token": token})[0]
        assert status == 302, f"{email} could not sign in ({status})"

    def _request(self, method, path, fields=None):
        """(status, Location, body) of one request, timed."""
        data = urllib.parse.urlencode(fields, doseq=True).encode() if fields is not None \
            else None
        started = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data,
                                                         method=method), timeout=60) as answer:
                status, headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as refused:  # redirects too (not followed here)
            status, headers, body = refused.code, refused.headers, refused.read()
        elapsed = time.perf_counter() - started
        self.times.append((elapsed, method, path, status))
        if self.verbose:
            print(f"{elapsed * 1000:6.0f} ms {status} {method} {path}", flush=True)
        if status >= 500:
            self.failures.append((method, path, status))
        html = "html" in headers.get("Content-Type", "")
        return status, headers.get("Location"), body.decode(errors="replace") if html else ""

    def _local(self, href, page):
        """The path of a link on this site worth following, or None."""
        url = urllib.parse.urljoin(self.base + page, href)
        parts = urllib.parse.urlsplit(url)
        if not url.startswith(self.base) or parts.path.startswith("/static/"):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def crawl(self):
        """Follow every link (a few per kind), then submit every kind of form once."""
        queue, seen, followed, forms = ["/"], {"/"}, defaultdict(int), {}
        while queue:
            page = queue.pop(0)
            if followed[_kind(page)] >= PER_KIND or page.startswith(SKIPPED_ACTIONS):
                continue
            followed[_kind(page)] += 1
            status, location, body = self._request("GET", page)
            found = _Page()
            found.feed(body)
            hrefs = found.links + ([location] if location else [])
            for form in found.forms:
                target = self._local(form["action"] or page, page)
                if target is None:
                    continue
                if form["method"] == "get":
                    hrefs.append(target.split("?")[0] + "?" + urllib.parse.urlencode(
                        form["fields"]))
                elif not target.startswith(SKIPPED_ACTIONS):
                    forms.setdefault((_kind(target), tuple(sorted(form["fields"]))),
                                     (target, form["fields"]))
            for href in hrefs:
                path = self._local(href, page)
                if path and path not in seen:
                    seen.add(path)
                    queue.append(path)
        for target, fields in forms.values():
            self._request("POST", target, fields)
        return len(followed), len(forms)


def _scratch_copy(engine, url):
    """A copy of the benchmark program that the crawl may change."""
    if engine == "sqlite":
        source = url.removeprefix("sqlite:///")
        with sqlite3.connect(source) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copy = CACHE / "crawl.sqlite"
        for stale in CACHE.glob("crawl.sqlite*"):
            stale.unlink()
        shutil.copyfile(source, copy)
        copy.chmod(0o600)
        return f"sqlite:///{copy}"
    name = url.rsplit("/", 1)[1]
    _pg("DROP DATABASE IF EXISTS lending_crawl")
    _pg(f"CREATE DATABASE lending_crawl TEMPLATE {name}")
    return url.rsplit("/", 1)[0] + "/lending_crawl"


def crawl(url, verbose=False):
    """The crawl's figures under gunicorn with its default timeout."""
    with app_on(url):
        users, _ = _accounts_and_subjects()
    log = CACHE / "crawl-gunicorn.log"
    # Its jobs and files kept apart from the checkout's; no rate limit (one person's clicks
    # several hundred times over would meet it).
    env = {"REPORTS_DIR": str(CACHE / "crawl-reports"), "LENDING_RATELIMIT_ENABLED": "false",
           "LENDING_JOBS_SQLITE": str(CACHE / "crawl-jobs.sqlite")}
    times, failures, pages, actions = [], [], 0, 0
    with open(log, "w") as errors, gunicorn_on(url, env, stderr=errors) as port:
        for role in ROLES:
            crawler = Crawler(f"http://127.0.0.1:{port}", users[role], verbose)
            followed, submitted = crawler.crawl()
            pages, actions = pages + followed, actions + submitted
            times += crawler.times
            failures += crawler.failures
    timeouts = log.read_text().count("WORKER TIMEOUT")
    return {"requests": len(times), "pages": pages, "actions": actions,
            "median": statistics.median(t for t, *_ in times),
            "p95": statistics.quantiles([t for t, *_ in times], n=20)[-1],
            "slowest": sorted(times, reverse=True)[:5], "failures": failures,
            "over": sum(1 for t, *_ in times if t > SLOW_SECONDS),
            "answers": dict(sorted(Counter(f"{m} {s}" for _, m, _, s in times).items())),
            "timeouts": timeouts}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--verbose", action="store_true", help="print every request")
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e != "postgresql" or postgres_available()]
    results = {}
    for engine in engines:
        copy = _scratch_copy(engine, synthetic_database(engine, *SIZES["1,000,000"]))
        results[engine] = crawl(copy, args.verbose)
        print(engine, results[engine], flush=True)
    lines = [
        "## Every page and action at 1,000,000 loans (issue 16)", "",
        f"`.venv/bin/python benchmarks/crawl.py` — {machine()}.", "",
        "Each role (funder, staff, manager) signs in to gunicorn "
        f"({' '.join(GUNICORN)}, default 30 s timeout), follows every link it is shown "
        f"({PER_KIND} addresses per kind, ids standing for any), then submits every kind of "
        "form it was shown with the values the form holds, on a scratch copy of the program.",
        "", "| database | requests | kinds of page | kinds of form | median | p95 | slowest | "
        "over 1 s | server errors | worker timeouts |", "|---|---|---|---|---|---|---|---|---|---|"]
    for engine, r in results.items():
        slow = r["over"]
        top = r["slowest"][0]
        lines.append(
            f"| {engine} | {r['requests']:,} | {r['pages']} | {r['actions']} | "
            f"{r['median'] * 1000:.0f} ms | {r['p95'] * 1000:.0f} ms | "
            f"{top[0] * 1000:.0f} ms ({top[1]} {_kind(top[2])}) | "
            f"{'**' + str(slow) + '**' if slow else 0} | "
            f"{'**' + str(len(r['failures'])) + '**' if r['failures'] else 0} | "
            f"{r['timeouts']} |")
    lines += ["", "Answers by method and status: " + "; ".join(
        f"{engine}: " + ", ".join(f"{key} × {n}" for key, n in r["answers"].items())
        for engine, r in results.items()) + " (200 to a POST: the form shown again with what "
        "to correct; 302: done; 400/403/404/409: refused as it should be).", "",
        "The five slowest requests of each:", ""]
    for engine, r in results.items():
        lines.append(f"- {engine}: " + "; ".join(
            f"{t * 1000:.0f} ms {method} {_kind(path)} ({status})"
            for t, method, path, status in r["slowest"]))
    write_section("crawl", "\n".join(lines))


if __name__ == "__main__":
    main()
