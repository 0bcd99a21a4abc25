"""Report speed and memory (issue 5): the funder PDF on a program of 1,000,000 loans, the
workbook of 100,000 loans beside openpyxl writing the same cells bare, and memory growth
from 10,000 to 100,000 loans.

    .venv/bin/python benchmarks/reports.py [--engines sqlite,postgresql] [--runs 5]
                                           [--pdf-only]

Synthetic programs come from `flask synth` and are kept in $BENCH_CACHE (default
/tmp/lending-bench) between runs. Writes the "funder-pdf" section of docs/benchmarks.md (the
PDFs read from the kept figures, warm and in a fresh process) and, unless --pdf-only, the
"reports" section.
"""
import argparse
import json
import subprocess
import sys
import time
from datetime import timedelta
from io import BytesIO

from common import (
    ROOT,
    app_on,
    machine,
    median_seconds,
    postgres_available,
    synthetic_database,
    write_section,
)

BIG = (50_000, 100_000, 1_000_000)       # devices, peers, loans
WORKBOOK = (5_000, 10_000, 100_000)
SMALL = (500, 1_000, 10_000)


def _whole_history():
    """From the first synthetic loan to today: every loan is in the period."""
    from lending.clock import local_today
    from lending.demo.synth import HISTORY_DAYS
    from lending.reporting.metrics import Period
    today = local_today()
    return Period(today - timedelta(days=HISTORY_DAYS), today)


def _last_year():
    """The year to today."""
    from lending.clock import local_today
    from lending.reporting.metrics import Period
    today = local_today()
    return Period(today - timedelta(days=364), today)


def _pdf_scopes():
    """{name: (scope, contracts)}: the whole program, a partner, one contract."""
    from lending.extensions import db
    from lending.models import Contract, Partner
    from lending.reporting.metrics import Scope
    partner = db.session.execute(db.select(Partner).filter_by(reference="SYN-1")).scalar_one()
    contract = db.session.execute(db.select(Contract).filter_by(
        reference="SYN-2-1")).scalar_one()
    return {"whole program": (Scope.program(), []),
            f"partner ({len(partner.contracts)} contracts)":
                (Scope.partner(partner), partner.contracts),
            "one contract": (Scope.contract(contract), [contract])}


def pdf_times(url, runs):
    """Median seconds to gather and render the PDF for a year, in three scopes."""
    from lending.reporting.content import gather, render
    with app_on(url):
        period = _last_year()
        return {name: median_seconds(
            lambda s=scope, c=contracts: render(gather(period, s, c), "pdf"), runs)
            for name, (scope, contracts) in _pdf_scopes().items()}


def pdf_cold_child(url, index):
    """Seconds to gather and render one scope's PDF, first thing in this process."""
    from lending.reporting.content import gather, render
    with app_on(url):
        scope, contracts = list(_pdf_scopes().values())[int(index)]
        started = time.perf_counter()
        render(gather(_last_year(), scope, contracts), "pdf")
        print(f"{time.perf_counter() - started:.3f}")


def pdf_cold(url):
    """Seconds of each scope's PDF in a fresh process of its own."""
    return [float(subprocess.run(
        [sys.executable, __file__, "--pdf-cold-child", url, str(index)], capture_output=True,
        text=True, check=True, cwd=ROOT).stdout.split()[-1]) for index in range(3)]


def pdf_section(engines, runs):
    """The funder PDFs read from the kept figures (issue 16), warm and in a fresh process."""
    rows = []
    for engine in engines:
        url = synthetic_database(engine, *BIG)
        warm = pdf_times(url, runs)
        for (scope, seconds), cold in zip(warm.items(), pdf_cold(url), strict=True):
            target = 1 if scope == "whole program" else 2
            rows.append(f"| {engine} | {scope} | {seconds:.2f} s | {cold:.2f} s | {target} s | "
                        f"{'yes' if max(seconds, cold) < target else '**no**'} |")
    return "\n".join([
        "## Funder PDFs at 1,000,000 loans, figures kept current (issue 16)", "",
        f"`.venv/bin/python benchmarks/reports.py --pdf-only` — {machine()}; warm: median of "
        f"{runs} runs after a warm-up; fresh: the first PDF of a process of its own.", "",
        "A year to today: figures for the period and the year before, three charts, "
        "deliverables, disclosure control; gathered from the database and rendered. The "
        "figures are read from the kept summaries (reporting/kept.py), not counted from loans.",
        "", "| database | scope | warm | fresh | target | met |", "|---|---|---|---|---|---|",
        *rows])


def _sheets(period, scope):
    """The workbook's row sheets, read from the database as a report's content holds them
    (the Loans sheet compact, as `gather` keeps it)."""
    from lending.clock import local_today
    from lending.reporting.content import sheet_readers
    return {name: read() for name, read in sheet_readers(period, scope, local_today()).items()}


def _content(period, scope):
    """A report's content without its row sheets (the figures: not what is measured here)."""
    from lending.reporting.content import gather
    return gather(period, scope, [])


def _report_cells(content):
    """Every cell of the workbook, as plain rows per sheet."""
    from lending.reporting.rows import INVENTORY_HEADERS, ISSUE_HEADERS, LOAN_HEADERS
    from lending.reporting.xlsx import deliverable_rows, summary_rows
    plain = lambda rows: [tuple(getattr(v, "value", v) for v in row) for row in rows]  # noqa: E731
    return {"Summary": [("Figure", "This period", "Previous period", "Change"),
                        *plain(summary_rows(content))],
            "Deliverables": [("Contract", "Commitment", "Committed", "Delivered", "Expected"),
                             *deliverable_rows(content)],
            "Loans": [LOAN_HEADERS, *content.sheets["Loans"]],  # the rows the sheet shows
            "Inventory": [INVENTORY_HEADERS, *content.sheets["Inventory"]],
            "Issues": [ISSUE_HEADERS, *content.sheets["Issues"]],
            "Definitions": [("Figure", "Definition"),
                            *((f.label, f.definition) for f in content.figures)]}


def _bare(cells):
    """openpyxl's write-only mode writing the same cells with no styles, checks or queries."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    for title, rows in cells.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(BytesIO())


def workbook_times(url, runs):
    """(ours, bare, rows in the Loans sheet): medians measured alternately in one run. Ours
    reads the row sheets from the database and renders; bare writes cells read beforehand."""
    from dataclasses import replace

    from lending.reporting.metrics import Scope
    from lending.reporting.xlsx import build_xlsx
    with app_on(url):
        period, scope = _whole_history(), Scope.program()
        content = _content(period, scope)
        cells = _report_cells(replace(content, sheets=_sheets(period, scope)))
        ours, bare = [], []
        for _ in range(runs):
            for target, action in ((ours, lambda: build_xlsx(replace(
                                        content, sheets=_sheets(period, scope)))),
                                   (bare, lambda: _bare(cells))):
                started = time.perf_counter()
                action()
                target.append(time.perf_counter() - started)
        ours.sort(), bare.sort()
        return ours[len(ours) // 2], bare[len(bare) // 2], len(cells["Loans"]) - 1


def _status_kib(field):
    """A memory figure of this process from /proc/self/status (Linux), in KiB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1])


def memory_child(url, traced):
    """In a fresh process: build the workbook and print the memory it added (JSON). The peak
    is reset just before (/proc/self/clear_refs), so it is the build's own. Run once for
    resident memory and once under tracemalloc, which would inflate the first."""
    import tracemalloc
    from dataclasses import replace

    from lending.reporting.metrics import Scope
    from lending.reporting.xlsx import build_xlsx
    with app_on(url):
        period, scope = _whole_history(), Scope.program()
        content = _content(period, scope)
        if traced:
            tracemalloc.start()
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the peak resident size starts again from the current one
        before = _status_kib("VmRSS")
        build_xlsx(replace(content, sheets=_sheets(period, scope)))
        peak = tracemalloc.get_traced_memory()[1] if traced else None
        print(json.dumps({"rss_growth_kib": _status_kib("VmHWM") - before,
                          "python_peak_bytes": peak}))


def memory(url):
    """The workbook's peak resident memory and Python allocations, each in a fresh process."""
    result = {}
    for flag in ("--memory-child", "--traced-child"):
        output = subprocess.run([sys.executable, __file__, flag, url], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
        values = json.loads(output.strip().splitlines()[-1])
        result.update({k: v for k, v in values.items() if v is not None})
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    parser.add_argument("--traced-child", help=argparse.SUPPRESS)
    parser.add_argument("--pdf-cold-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--pdf-only", action="store_true",
                        help="measure the funder PDFs only (the section of issue 16)")
    args = parser.parse_args()
    if args.memory_child or args.traced_child:
        return memory_child(args.memory_child or args.traced_child, bool(args.traced_child))
    if args.pdf_cold_child:
        return pdf_cold_child(*args.pdf_cold_child)
    engines = [e for e in args.engines.split(",")
               if e == "sqlite" or (e == "postgresql" and postgres_available())]
    write_section("funder-pdf", pdf_section(engines, args.runs))
    if args.pdf_only:
        return
    lines = ["## Reports (issue 5)", "",
             f"`.venv/bin/python benchmarks/reports.py` — {machine()}; medians of "
             f"{args.runs} runs after a warm-up.", ""]
    pdf_rows, book_rows, memory_rows = [], [], []
    for engine in engines:
        for scope, seconds in pdf_times(synthetic_database(engine, *BIG), args.runs).items():
            pdf_rows.append(f"| {engine} | {scope} | {seconds:.2f} s | "
                            f"{'yes' if seconds < 2 else '**no**'} |")
        ours, bare, rows = workbook_times(synthetic_database(engine, *WORKBOOK), args.runs)
        book_rows.append(f"| {engine} | {rows:,} | {ours:.2f} s | {bare:.2f} s | "
                         f"{ours / bare:.2f}× | {'yes' if ours / bare <= 1.5 else '**no**'} |")
        small, large = (memory(synthetic_database(engine, *size)) for size in (SMALL, WORKBOOK))
        growth = (large["rss_growth_kib"] - small["rss_growth_kib"]) / 1024
        memory_rows.append(
            f"| {engine} | {small['rss_growth_kib'] / 1024:.1f} MiB | "
            f"{large['rss_growth_kib'] / 1024:.1f} MiB | {growth:.1f} MiB | "
            f"{small['python_peak_bytes'] / 2**20:.1f} → "
            f"{large['python_peak_bytes'] / 2**20:.1f} MiB | "
            f"{'yes' if growth < 50 else '**no**'} |")
    lines += ["### The funder PDF on a program of 1,000,000 loans (target: under 2 s)", "",
              "A year to today; figures for the period and the year before, three charts, "
              "deliverables; gathered from the database and rendered.", "",
              "| database | scope | median | under 2 s |", "|---|---|---|---|", *pdf_rows, "",
              "### The workbook of 100,000 loans beside openpyxl alone (target: within 1.5×)", "",
              "Ours: the row sheets read from the database into the report's content (as "
              "`gather` does for a workbook), then `build_xlsx` rendering it with styles, "
              "number formats, formula guards and de-identified peers. Bare: openpyxl's "
              "write-only mode appending the same cells, fetched beforehand, with nothing "
              "else. Measured alternately in one run.", "",
              "| database | loans | ours | bare openpyxl | ratio | within 1.5× |",
              "|---|---|---|---|---|---|", *book_rows, "",
              "### Memory while writing the workbook, 10,000 → 100,000 loans "
              "(target: growth under 50 MiB)", "",
              "Resident memory the workbook's rows and build added at its peak, at each size, "
              "in a fresh process (the peak is reset just before); growth is the "
              "difference. The rows are held in memory since the workbook is rendered from "
              "the report's content. Python peak: the most memory Python held while building "
              "(tracemalloc, in a separate run).", "",
              "| database | added, 10,000 loans | added, 100,000 loans | growth | Python peak | "
              "under 50 MiB |", "|---|---|---|---|---|---|", *memory_rows]
    write_section("reports", "\n".join(lines))


if __name__ == "__main__":
    main()
