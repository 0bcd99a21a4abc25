"""Outcomes at scale (issue 18): the outcome figures and the pages that show them, on the
synthetic program of 1,000,000 loans with its check-ins, priority groups and group sessions.

    .venv/bin/python benchmarks/outcomes.py [--engines sqlite,postgresql] [--runs 20]

The figures (reporting/outcomes.py: compute_outcomes and reach, as a report computes them for
each of its two periods) for four scopes and periods, and the pages that show outcomes or
follow-ups, each run --runs times in-process after two warm-ups and once in a fresh process.
Writes the "outcomes" section of docs/benchmarks.md.
"""
import argparse
import statistics
import subprocess
import sys
import time
from datetime import timedelta

from common import ROOT, app_on, machine, postgres_available, synthetic_database, write_section
from pages import _signed_in

BIG = (50_000, 100_000, 1_000_000)
TARGET_MS = 100


def _cases():
    """(name, period, scope) for the figures measured."""
    from lending.clock import local_today
    from lending.extensions import db
    from lending.models import Contract
    from lending.reporting.deliverables import term_to_date
    from lending.reporting.metrics import Period, Scope
    today = local_today()
    contract = db.session.execute(db.select(Contract).order_by(Contract.id)).scalars().first()
    quarter, year = (Period(today - timedelta(days=days - 1), today) for days in (91, 365))
    return [("a contract's term so far (contract page, portal)", term_to_date(contract, today),
             Scope.contract(contract)),
            ("a partner, the last quarter", quarter, Scope.partner(contract.partner)),
            ("the program, the last quarter", quarter, Scope.program()),
            ("the program, the last year", year, Scope.program()),
            # A period in the past (a report's previous period) is counted from the
            # check-ins of the peers it served, not added up from kept days.
            ("a partner, the quarter before (counted)", quarter.previous(),
             Scope.partner(contract.partner)),
            ("the program, the quarter before (counted)", quarter.previous(), Scope.program())]


def _pages(ids):
    return [("contract page", "manager", f"/contracts/{ids['contract']}"),
            ("funder portal, contract", "funder", f"/portal/contracts/{ids['contract']}"),
            ("dashboard (staff; follow-ups due)", "staff", "/"),
            ("follow-up check-ins due", "staff", "/check-ins/due"),
            ("busiest peer (groups, check-ins)", "staff", f"/peers/{ids['peer']}")]


def _timed(action, runs):
    """(p50, p95) milliseconds of `action` over runs, after two warm-ups."""
    times = []
    for run in range(runs + 2):
        started = time.perf_counter()
        action()
        if run >= 2:
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def _figures(period, scope):
    from lending.reporting.outcomes import compute_outcomes, reach
    return compute_outcomes(period, scope), reach(period, scope)


def fresh_one(url, kind, index):
    """Milliseconds of one case's first run in this fresh process (run as a child)."""
    if kind == "figures":
        with app_on(url):
            _, period, scope = _cases()[index]
            started = time.perf_counter()
            _figures(period, scope)
    else:
        with _signed_in(url) as (clients, ids):
            _, role, page = _pages(ids)[index]
            started = time.perf_counter()
            assert clients[role].get(page).status_code == 200
    print(f"{(time.perf_counter() - started) * 1000:.1f}")


def _fresh(url, kind, index):
    done = subprocess.run([sys.executable, __file__, "--fresh-one", url, kind, str(index)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return float(done.stdout.split()[-1])


def measure(url, runs):
    """{(kind, name): (p50, p95, fresh)}, and the program's size in check-ins."""
    from lending.extensions import db
    from lending.models import CheckIn
    results = {}
    with app_on(url):
        size = db.session.execute(db.select(db.func.count(CheckIn.id))).scalar_one()
        for index, (name, period, scope) in enumerate(_cases()):
            results["figures", name] = (*_timed(lambda p=period, s=scope: _figures(p, s),
                                                runs), _fresh(url, "figures", index))
            print(f"  {name}: {results['figures', name]}", file=sys.stderr, flush=True)
    with _signed_in(url) as (clients, ids):
        for index, (name, role, page) in enumerate(_pages(ids)):
            def opened(client=clients[role], page=page):
                assert client.get(page).status_code == 200
                db.session.remove()
            results["page", name] = (*_timed(opened, runs), _fresh(url, "page", index))
            print(f"  {name}: {results['page', name]}", file=sys.stderr, flush=True)
    return results, size


def _marked(key, ms):
    """Milliseconds, in bold for a page over the target."""
    return f"**{ms:.0f}**" if key[0] == "page" and ms >= TARGET_MS else f"{ms:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--fresh-one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fresh_one:
        return fresh_one(args.fresh_one[0], args.fresh_one[1], int(args.fresh_one[2]))
    engines = [e for e in args.engines.split(",")
               if e == "sqlite" or (e == "postgresql" and postgres_available())]
    measured, sizes = {}, {}
    for engine in engines:
        print(engine, file=sys.stderr, flush=True)
        measured[engine], sizes[engine] = measure(synthetic_database(engine, *BIG), args.runs)
    lines = [
        "## Outcomes at 1,000,000 loans (issue 18)", "",
        f"`benchmarks/outcomes.py` ({machine()}). The synthetic program of 1,000,000 loans "
        f"now has {sizes[engines[0]]:,} check-ins (at lending for 60% of loans, a follow-up "
        "for some, at return for half), a third of its 100,000 peers in a priority group and "
        "a weekly group session. Figures: `compute_outcomes` and `reach` for one period, as a "
        "report runs them for each of its two (a report's PDF adds both periods' to the "
        f"times above); pages as `pages.py` opens them. {args.runs} runs after two warm-ups, "
        "and fresh: the first in a process of its own (milliseconds). Periods that run to "
        "today add up the kept days (outcomes.py `_kept_outcomes`); periods in the past are "
        "counted from the served peers' check-ins. Target: pages' p95 and fresh under "
        f"{TARGET_MS} ms, as for every page.", "",
        "| what | " + " | ".join(f"{e} p50 | {e} p95 | {e} fresh" for e in engines) + " |",
        "|---|" + "---:|---:|---:|" * len(engines)]
    for key in measured[engines[0]]:
        cells = []
        for engine in engines:
            p50, p95, fresh = measured[engine][key]
            cells.append(f"{p50:.0f} | {_marked(key, p95)} | {_marked(key, fresh)}")
        lines.append(f"| {key[0]}: {key[1]} | " + " | ".join(cells) + " |")
    write_section("outcomes", "\n".join(lines))


if __name__ == "__main__":
    main()
