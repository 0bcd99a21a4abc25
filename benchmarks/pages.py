"""Pages at scale (issues 9 and 16): every main page's latency and SQL query count on a program of
1,000 and of 1,000,000 loans, and the loans list's throughput under gunicorn beside a bare
endpoint of the same app.

    .venv/bin/python benchmarks/pages.py [--engines sqlite,postgresql] [--runs 40]
                                         [--wrk-seconds 10]

Latency is measured in-process (the Flask test client: routing, queries, templates; no
network), each page requested --runs times after two warm-up requests. Queries are counted
on the engine, so a page's side-by-side report queries count too. Throughput needs `wrk`
(throughput.py; `make bench-tools` installs it): 2 gunicorn workers (as README.md
recommends), the loans list of the large program and /healthz (one `SELECT 1`) measured the
same way, one after the other.
Writes the "pages" section of docs/benchmarks.md.
"""
import argparse
import statistics
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager

from common import (
    ROOT,
    app_on,
    machine,
    postgres_available,
    synthetic_database,
    write_section,
)
from load import GUNICORN
from throughput import ROUNDS, throughput

SIZES = {"1,000": (100, 200, 1_000), "1,000,000": (50_000, 100_000, 1_000_000)}
PASSWORD = "page benchmark pass phrase 42"
TARGET_MS = 100


def _accounts_and_subjects():
    """Sign-in accounts for each role, and the ids the pages are opened with: the busiest
    device and peer (most loans), the newest loan, a contract and its partner."""
    from sqlalchemy import func

    from lending.extensions import db
    from lending.models import Contract, Device, Loan, LoanItem, Peer, User
    users = {}
    contract = db.session.execute(db.select(Contract).order_by(Contract.id)).scalars().first()
    for role in ("manager", "staff", "funder"):
        email = f"bench-{role}@example.org"
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if user is None:
            user = User(email=email, name=f"Bench {role}", role=role,
                        partner=contract.partner if role == "funder" else None)
            user.set_password(PASSWORD)
            db.session.add(user)
        users[role] = email
    db.session.commit()
    busiest_device = db.session.execute(
        db.select(LoanItem.device_id).where(LoanItem.device_id.is_not(None))
        .group_by(LoanItem.device_id).order_by(func.count().desc()).limit(1)).scalar_one()
    busiest_peer = db.session.execute(
        db.select(Loan.peer_id).group_by(Loan.peer_id).order_by(func.count().desc())
        .limit(1)).scalar_one()
    return users, {
        "device": busiest_device, "model": db.session.get(Device, busiest_device).model,
        "peer": busiest_peer, "code": db.session.get(Peer, busiest_peer).code,
        "loan": db.session.execute(db.select(func.max(Loan.id))).scalar_one(),
        "contract": contract.id}


def _pages(ids):
    """(page, role, url) for every main page (page -1 of a list is its last page)."""
    lists = [
        # Searches as their boxes post them (the lists read a token, never the words).
        ("loans", "/loans", "status=overdue", f"q={ids['code']}"),
        ("peers", "/peers", "loans=yes", f"q={ids['code']}"),
        ("devices", "/devices", "status=on_loan", f"q={urllib.parse.quote(ids['model'])}"),
        ("SIM cards", "/sims", "status=active", "q=555"),
        ("data plans", "/plans", "service=active", "q=data"),
        ("issues", "/issues", "state=open", "q=screen"),
        ("audit log", "/audit", "action=create", "q=bench"),
    ]
    pages = [("dashboard (manager)", "manager", "/"), ("dashboard (staff)", "staff", "/")]
    for name, url, filtered, searched in lists:
        role = "manager" if name == "audit log" else "staff"
        pages += [(f"{name}", role, url), (f"{name}, filtered", role, f"{url}?{filtered}"),
                  (f"{name}, searched", role, f"{url}?{searched}"),
                  (f"{name}, last page", role, f"{url}?page=-1")]
    pages += [
        ("busiest device", "staff", f"/devices/{ids['device']}"),
        ("busiest peer", "staff", f"/peers/{ids['peer']}"),
        ("newest loan", "staff", f"/loans/{ids['loan']}"),
        ("lend a kit (form)", "staff", "/loans/new"),
        ("waitlist", "staff", "/waitlist"),
        ("contract", "manager", f"/contracts/{ids['contract']}"),
        ("reports", "manager", "/reports"),
        ("funder portal", "funder", "/portal"),
        ("funder portal, contract", "funder", f"/portal/contracts/{ids['contract']}"),
    ]
    return pages


@contextmanager
def _signed_in(url):
    """The app on a database with no figures cache, and a client signed in for each role."""
    from flask import g
    with app_on(url, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False,
                FIGURES_CACHE_SECONDS=0) as app:
        # The requests share this app context and so its `g`, where Flask-Login caches the
        # signed-in user: forget it per request, as a server's fresh `g` does.
        app.before_request_funcs.setdefault(None, []).insert(
            0, lambda: g.pop("_login_user", None) and None)
        users, ids = _accounts_and_subjects()
        clients = {}
        for role, email in users.items():
            clients[role] = app.test_client()
            answer = clients[role].post("/login", data={"email": email, "password": PASSWORD})
            assert answer.status_code == 302, f"{role} could not sign in"
        yield clients, ids


def _opened(client, page):
    """The page's address; a search is posted first, and the list opens with its token."""
    if "?q=" not in page:
        return page
    path, words = page.split("?q=")
    return client.post("/search", data={"list": path, "q": urllib.parse.unquote(
        words)}).headers["Location"]


def cold_one(url, index):
    """Milliseconds of one page's first request in this fresh process (run as a child)."""
    from lending.extensions import db
    with _signed_in(url) as (clients, ids):
        _, role, page = _pages(ids)[index]
        client = clients[role]
        page = _opened(client, page)
        db.session.remove()
        started = time.perf_counter()
        answer = client.get(page)
        elapsed = time.perf_counter() - started
        assert answer.status_code == 200, f"{page}: {answer.status_code}"
        print(f"{elapsed * 1000:.1f}")


def cold(url, count):
    """{page index: ms} of each page's first request, each in a process of its own."""
    times = {}
    for index in range(count):
        done = subprocess.run([sys.executable, __file__, "--cold-one", url, str(index)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        times[index] = float(done.stdout.split()[-1])
    return times


def measure(url, runs):
    """{page: (p50 ms, p95 ms, queries, fresh-process ms)} for every main page of the program
    at this URL, with no figures cache."""
    from sqlalchemy import event

    from lending.extensions import db
    with _signed_in(url) as (clients, ids):
        pages = _pages(ids)
        queries = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: queries.append(1))
        results = {}
        for name, role, page in pages:
            client = clients[role]
            page = _opened(client, page)
            times, counts = [], []
            for run in range(runs + 2):
                queries.clear()
                started = time.perf_counter()
                answer = client.get(page)
                elapsed = time.perf_counter() - started
                assert answer.status_code == 200, f"{page}: {answer.status_code}"
                db.session.remove()  # each request starts afresh, as in a server
                if run >= 2:
                    times.append(elapsed * 1000)
                    counts.append(len(queries))
            times.sort()
            results[name] = [statistics.median(times), times[int(0.95 * (len(times) - 1))],
                             max(counts)]
            print(f"  {name}: p50 {results[name][0]:.0f} ms, p95 {results[name][1]:.0f} ms, "
                  f"{results[name][2]} queries", file=sys.stderr, flush=True)
    for (name, _, _), ms in zip(pages, cold(url, len(pages)).values(), strict=True):
        results[name].append(ms)
        print(f"  {name}: {ms:.0f} ms in a fresh process", file=sys.stderr, flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--cold-one", nargs=2, metavar=("URL", "INDEX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_one:
        return cold_one(args.cold_one[0], int(args.cold_one[1]))
    engines = [e for e in args.engines.split(",")
               if e == "sqlite" or (e == "postgresql" and postgres_available())]
    figures, rates = {}, {}
    for engine in engines:
        for size, counts in SIZES.items():
            print(f"{engine}, {size} loans", file=sys.stderr, flush=True)
            figures[engine, size] = measure(synthetic_database(engine, *counts), args.runs)
        rates[engine] = throughput(synthetic_database(engine, *SIZES["1,000,000"]),
                                   args.wrk_seconds, PASSWORD)
    write_section("pages", _report(engines, figures, rates, args))


def _marked(ms):
    """Milliseconds, in bold when over the target."""
    return f"**{ms:.0f}**" if ms >= TARGET_MS else f"{ms:.0f}"


def _report(engines, figures, rates, args):
    """The markdown section."""
    big, small = "1,000,000", "1,000"
    lines = [
        "## Pages at scale (issues 9 and 16)", "",
        f"`make bench` → `benchmarks/pages.py` ({machine()}). Synthetic programs from "
        "`flask synth`: 1,000,000 loans of 50,000 devices and 100,000 peers, and 1,000 "
        f"loans of 100 devices. No figures cache (`FIGURES_CACHE_SECONDS=0`): the figures "
        f"are read from the kept summaries. Each page requested {args.runs} times in-process "
        "after two warm-ups (milliseconds; no network); fresh: the page's first request in a "
        "process of its own, signed in and nothing else asked before it. Queries: SQL "
        f"statements the page runs, at 1,000 and at 1,000,000 loans. Target: p95 and fresh "
        f"under {TARGET_MS} ms at 1,000,000 loans, the same number of queries at both sizes. "
        "Where the small program runs fewer, it is a count left out because a list fitted "
        "on one screen (lists and the "
        "dashboard's cards count their rows only when there are more than they show); no "
        "page runs a query per row (`tests/test_query_counts.py` holds every main page to "
        "the same count for a program and one twice its size).", "",
        "| page | " + " | ".join(f"{e} p50 | {e} p95 | {e} fresh" for e in engines) +
        " | queries (1,000 → 1,000,000) |",
        "|---|" + "---:|---:|---:|" * len(engines) + "---|"]
    missed = []
    for page in figures[engines[0], big]:
        cells = []
        for engine in engines:
            p50, p95, _, fresh = figures[engine, big][page]
            cells.append(f"{p50:.0f} | {_marked(p95)} | {_marked(fresh)}")
            if max(p95, fresh) >= TARGET_MS:
                missed.append(f"{page} on {engine} (p95 {p95:.0f} ms, fresh {fresh:.0f} ms)")
        counts = {engine: (figures[engine, small][page][2], figures[engine, big][page][2])
                  for engine in engines}
        shown = "; ".join(f"{a} → {b}" for a, b in dict.fromkeys(counts.values()))
        lines.append(f"| {page} | " + " | ".join(cells) + f" | {shown} |")
    warm = [f"{page} on {engine} ({figures[engine, big][page][1]:.0f} ms)"
            for engine in engines for page in figures[engine, big]
            if figures[engine, big][page][1] >= TARGET_MS]
    fresh = {engine: (statistics.median(f[3] for f in figures[engine, small].values()),
                      statistics.median(f[3] for f in figures[engine, big].values()))
             for engine in engines}
    lines += ["", "Over the target warm (p95): " + (", ".join(warm) if warm else "none") + ".",
              "", "In a fresh process " + ", ".join(
                  f"{engine}'s median page took {a:.0f} ms at 1,000 loans and {b:.0f} ms at "
                  "1,000,000" for engine, (a, b) in fresh.items()) +
              " (a served app compiles its templates as it starts; a first request still "
              f"compiles its SQL statements); {len(missed)} of "
              f"{len(engines) * len(figures[engines[0], big])} measurements missed the "
              "target warm or fresh.", "",
              f"### The loans list under gunicorn ({' '.join(GUNICORN)}), wrk -t2 -c8 "
              f"-d{args.wrk_seconds}s, 1,000,000 loans", "",
              f"Medians of {ROUNDS} rounds, the list and `/healthz` (one `SELECT 1`, no "
              "session, no template) in turns.", "",
              "| database | loans list (req/s) | /healthz (req/s) | ratio | non-2xx |",
              "|---|---:|---:|---:|---:|"]
    for engine, (loans, bare, bad) in rates.items():
        lines.append(f"| {engine} | {loans:.0f} | {bare:.0f} | {loans / bare:.2f} | {bad} |")
    lines += ["", "The target is a ratio of at least 0.5 (the list at least half as fast as "
              "the bare endpoint)."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
