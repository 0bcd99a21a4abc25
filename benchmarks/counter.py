"""The counter (issue 15): the top bar's search of everything and check-in's lookup at
1,000,000 loans, and a thousand labels as a PDF, cold (a fresh process) and warm.

    .venv/bin/python benchmarks/counter.py [--engines sqlite,postgresql] [--runs 40]

Searches are measured in-process like benchmarks/pages.py: the words are posted once (as the
box does), then the results page (or the redirect to the one record named) is requested --runs
times after two warm-ups. Writes the "counter" section of docs/benchmarks.md.
"""
import argparse
import statistics
import subprocess
import sys
import time

from common import ROOT, app_on, machine, postgres_available, synthetic_database, write_section
from pages import PASSWORD, SIZES, TARGET_MS, _accounts_and_subjects

LABELS = 1000
LABEL_TARGET_S = 5


def _searches(ids):
    """(what is searched, the words) at the counter, as staff type or scan them."""
    from lending.extensions import db
    from lending.models import Device, Loan, SimCard
    phone = db.session.execute(db.select(Device).where(Device.imei.is_not(None))
                               .order_by(Device.id.desc())).scalars().first()
    sim = db.session.execute(db.select(SimCard).order_by(SimCard.id.desc())).scalars().first()
    newest = db.session.get(Loan, ids["loan"])
    return [
        ("a peer code, whole", ids["code"]),
        ("a peer code without its dash, lower case", ids["code"].replace("-", "").lower()),
        ("part of a peer code", ids["code"][2:6]),
        ("part of a name", "alex 1"),
        ("a phone number as said", "(647) 000-0101"),
        ("an asset tag", phone.asset_tag.lower()),
        ("an IMEI with spaces", " ".join([phone.imei[:6], phone.imei[6:]])),
        ("an ICCID in groups of four", " ".join(sim.iccid[i:i + 4] for i in range(0, 19, 4))),
        ("a loan number", f"#{newest.id}"),
        ("a model", "galaxy"),
        ("nothing matches", "zzqqxx"),
    ]


def measure(url, runs):
    """{search: (p50 ms, p95 ms, status)} and the check-in lookup's, on this database."""
    from flask import g

    from lending.extensions import db
    from lending.models import Device
    with app_on(url, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False) as app:
        app.before_request_funcs.setdefault(None, []).insert(
            0, lambda: g.pop("_login_user", None) and None)
        users, ids = _accounts_and_subjects()
        client = app.test_client()
        assert client.post("/login", data={"email": users["staff"], "password": PASSWORD}
                           ).status_code == 302
        out = db.session.execute(db.select(Device.asset_tag).where(
            Device.status == "on_loan").order_by(Device.id)).scalars().first()
        requests = [(name, "GET", words, None) for name, words in _searches(ids)]
        requests.append(("check-in: a kit's asset tag", "POST", "/loans/checkin",
                         {"code": out}))
        results = {}
        for name, method, page, data in requests:
            if method == "GET":  # posted as the box does, just before (a session keeps 8)
                page = client.post("/search", data={"q": page}).headers["Location"]
            times = []
            for run in range(runs + 2):
                started = time.perf_counter()
                answer = client.open(page, method=method, data=data)
                elapsed = time.perf_counter() - started
                assert answer.status_code in (200, 302), f"{name}: {answer.status_code}"
                assert b"no longer remembered" not in answer.data, name
                db.session.remove()
                if run >= 2:
                    times.append(elapsed * 1000)
            times.sort()
            results[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))],
                             "opens it" if answer.status_code == 302 else "lists")
            print(f"  {name}: p50 {results[name][0]:.0f} ms, p95 {results[name][1]:.0f} ms",
                  file=sys.stderr, flush=True)
        return results


LABEL_RUN = f"""
import sys, time
started = time.perf_counter()
sys.path.insert(0, {str(ROOT)!r})
from lending import create_app
from lending.labels.layouts import LAYOUTS
from lending.labels.pdf import Label, labels_pdf
app = create_app({{"SECRET_KEY": "benchmark-secret-key-0123456789",
                  "SQLALCHEMY_DATABASE_URI": "sqlite://"}})
labels = [Label(f"https://lending.example.org/devices/{{n}}", f"LB-TAB-{{n:05d}}", "Main office")
          for n in range({LABELS})]
with app.app_context():
    ready = time.perf_counter()
    data = labels_pdf(labels, LAYOUTS[sys.argv[1]], organization="Lending Bridge")
    done = time.perf_counter()
print(done - started, done - ready, len(data))
"""


def labels(runs=5):
    """{layout: (cold s, warm s, bytes)}: cold is a fresh process from start to file (imports,
    fonts, the app), warm the rendering alone in a process that has drawn labels before."""
    from lending.labels.layouts import LAYOUTS
    from lending.labels.pdf import Label, labels_pdf
    results = {}
    with app_on("sqlite://"):
        batch = [Label(f"https://lending.example.org/devices/{n}", f"LB-TAB-{n:05d}",
                       "Main office") for n in range(LABELS)]
        for key in ("avery-5160", "avery-l7163", "thermal-2x1"):
            cold = []
            for _ in range(runs):
                done = subprocess.run([sys.executable, "-c", LABEL_RUN, key], capture_output=True,
                                      text=True, check=True, cwd=ROOT)
                cold.append(float(done.stdout.split()[0]))
            warm = []
            labels_pdf(batch[:30], LAYOUTS[key], organization="Lending Bridge")
            for _ in range(runs):
                started = time.perf_counter()
                data = labels_pdf(batch, LAYOUTS[key], organization="Lending Bridge")
                warm.append(time.perf_counter() - started)
            results[key] = (statistics.median(cold), statistics.median(warm), len(data))
            print(f"  labels {key}: cold {results[key][0]:.2f} s, warm {results[key][1]:.2f} s",
                  file=sys.stderr, flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",")
               if e == "sqlite" or (e == "postgresql" and postgres_available())]
    figures = {}
    for engine in engines:
        print(f"{engine}, 1,000,000 loans", file=sys.stderr, flush=True)
        figures[engine] = measure(synthetic_database(engine, *SIZES["1,000,000"]), args.runs)
    write_section("counter", _report(engines, figures, labels(), args))


def _report(engines, figures, label_times, args):
    """The markdown section."""
    lines = [
        "## The counter (issue 15)", "",
        f"`benchmarks/counter.py` ({machine()}). The synthetic program of 1,000,000 loans "
        "(50,000 devices, 100,000 peers, half of them with a name and a phone number). Each "
        f"search is posted once, then its answer requested {args.runs} times in-process after "
        f"two warm-ups (milliseconds). Target: p95 under {TARGET_MS} ms on PostgreSQL.", "",
        "| search | answer | " + " | ".join(f"{e} p50 | {e} p95" for e in engines) + " |",
        "|---|---|" + "---:|---:|" * len(engines)]
    missed = []
    for name in figures[engines[0]]:
        cells = []
        for engine in engines:
            p50, p95, _ = figures[engine][name]
            over = p95 >= TARGET_MS
            cells.append(f"{p50:.0f} | {'**' if over else ''}{p95:.0f}{'**' if over else ''}")
            if over:
                missed.append(f"{name} on {engine} ({p95:.0f} ms)")
        lines.append(f"| {name} | {figures[engines[0]][name][2]} | " + " | ".join(cells) + " |")
    lines += ["", "Over the target (p95, bold): " + (", ".join(missed) or "none") + ".", "",
              f"### {LABELS:,} labels as one PDF (target: under {LABEL_TARGET_S} s)", "",
              "Medians of 5. Cold: a fresh Python process from its start to the file "
              "(imports, fonts, the app); warm: the drawing alone, in a process that has "
              "drawn labels before.", "",
              "| label stock | cold (s) | warm (s) | PDF size |", "|---|---:|---:|---:|"]
    for key, (cold, warm, size) in label_times.items():
        lines.append(f"| {key} | {cold:.2f} | {warm:.2f} | {size / 1e6:.1f} MB |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
