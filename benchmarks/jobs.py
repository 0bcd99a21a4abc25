"""Jobs (issue 16) at 1,000,000 loans: how quickly a request that starts a job answers, and a
download of every loan made by a worker: its time and its memory.

    .venv/bin/python benchmarks/jobs.py [--engines sqlite,postgresql] [--runs 20]

The requests are measured in-process (as benchmarks/pages.py), each asking for a new job (a
different period, sort or starting label each time). The download runs in a fresh process as
a worker runs it (jobs/work.py run), whose peak memory (ru_maxrss) is read at its end.
Writes the "jobs" section of docs/benchmarks.md.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import timedelta

from common import ROOT, app_on, machine, postgres_available, synthetic_database, write_section
from pages import PASSWORD, SIZES, _accounts_and_subjects

ANSWER_TARGET_MS, MEMORY_TARGET_MIB = 200, 200


def requests(url, runs):
    """{request: (p50 ms, p95 ms)} for the requests that start jobs."""
    from flask import g
    with app_on(url, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False) as app:
        app.before_request_funcs.setdefault(None, []).insert(
            0, lambda: g.pop("_login_user", None) and None)
        users, ids = _accounts_and_subjects()
        client = app.test_client()
        assert client.post("/login", data={"email": users["manager"], "password": PASSWORD}
                           ).status_code == 302
        from lending.clock import local_today
        today = local_today()
        sorts = [(sort, direction) for sort in ("lent", "due", "peer", "status", "kind")
                 for direction in ("asc", "desc")]
        asks = {
            "generate a report (whole program, a year)": lambda n: client.post("/reports", data={
                "fmt": "pdf", "start": (today - timedelta(days=365 + n)).isoformat(),
                "end": today.isoformat(), "partner_id": "0", "contract_id": "0"}),
            "download every loan (1,000,000 rows)": lambda n: client.get(
                f"/loans?export=csv&sort={sorts[n % 10][0]}&dir={sorts[n % 10][1]}"
                f"&page={n}"),
            "labels for every device (50,000)": lambda n: client.post(
                "/labels/devices", data={"layout": "avery-5160", "start": str(n % 30 + 1)}),
        }
        results = {}
        for name, ask in asks.items():
            times = []
            for run in range(runs + 2):
                started = time.perf_counter()
                answer = ask(run)
                elapsed = time.perf_counter() - started
                assert answer.status_code == 302 and "/jobs/" in answer.headers["Location"], \
                    (name, answer.status_code)
                if run >= 2:
                    times.append(elapsed * 1000)
            times.sort()
            results[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
            print(f"  {name}: p50 {results[name][0]:.0f} ms, p95 {results[name][1]:.0f} ms",
                  file=sys.stderr, flush=True)
        return results


DOWNLOAD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {root!r} + "/benchmarks")
from common import app_on
with app_on(sys.argv[1]):
    from lending.extensions import db
    from lending.jobs import work
    from lending.jobs.operations import ask_for
    from lending.models import Job, User
    user = db.session.execute(db.select(User).filter_by(email="bench-manager@example.org")
                              ).scalar_one()
    job, _new = ask_for("download", f"bench-{{time.time()}}", "All loans", {{
        "list": "loans", "fmt": sys.argv[2], "path": "/loans", "args": {{}}, "words": ""}},
        by=user)
    db.session.commit()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    work.run(job.id)
    seconds = time.perf_counter() - started
    db.session.refresh(job)
    print(json.dumps({{"seconds": seconds, "state": job.state, "message": job.message,
                      "size": job.file_size, "peak_mib": resource.getrusage(
                          resource.RUSAGE_SELF).ru_maxrss / 1024, "before_mib": before / 1024}}))
"""


def download(url, fmt):
    """A worker's download of every loan, in a fresh process: its time, peak memory, file."""
    done = subprocess.run([sys.executable, "-c", DOWNLOAD.format(root=str(ROOT)), url, fmt],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(done.stderr)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["state"] == "done", figures
    print(f"  download {fmt}: {figures}", file=sys.stderr, flush=True)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",")
               if e == "sqlite" or (e == "postgresql" and postgres_available())]
    asked, downloads = {}, {}
    for engine in engines:
        url = synthetic_database(engine, *SIZES["1,000,000"])
        print(f"{engine}, 1,000,000 loans", file=sys.stderr, flush=True)
        asked[engine] = requests(url, args.runs)
        downloads[engine] = {fmt: download(url, fmt) for fmt in ("csv", "xlsx")}
    write_section("jobs", _report(engines, asked, downloads, args))


def _report(engines, asked, downloads, args):
    """The markdown section."""
    lines = [
        "## Jobs (issue 16)", "",
        f"`benchmarks/jobs.py` ({machine()}), on the synthetic program of 1,000,000 loans.", "",
        f"### A request that starts a job answers in under {ANSWER_TARGET_MS} ms", "",
        f"Each request asks for a new job (another period, sort or first label), {args.runs} "
        "times after two warm-ups, in-process (milliseconds).", "",
        "| request | " + " | ".join(f"{e} p50 | {e} p95" for e in engines) + " |",
        "|---|" + "---:|---:|" * len(engines)]
    for name in asked[engines[0]]:
        lines.append(f"| {name} | " + " | ".join(
            f"{asked[e][name][0]:.0f} | {asked[e][name][1]:.0f}" for e in engines) + " |")
    lines += ["", f"### Every loan downloaded by a worker (target: under {MEMORY_TARGET_MIB} MiB)",
              "", "A fresh process doing the job as a worker does. Peak resident memory of the "
              "whole process (Python, the app and its libraries, the drivers), before the job "
              "and at its end: what the job itself added is the difference.", "",
              "| database | format | time | peak before | peak at the end | file |",
              "|---|---|---:|---:|---:|---:|"]
    for engine in engines:
        for fmt, figures in downloads[engine].items():
            lines.append(f"| {engine} | {fmt} | {figures['seconds']:.0f} s | "
                         f"{figures['before_mib']:.0f} MiB | {figures['peak_mib']:.0f} MiB | "
                         f"{figures['size'] / 2**20:.0f} MiB |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
