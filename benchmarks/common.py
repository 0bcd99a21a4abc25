"""What every benchmark shares: synthetic databases, timing, and its section of the results.

Each benchmark writes its own section of docs/benchmarks.md, between markers, so that one can
be rerun without the others.
"""
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
CACHE = Path(os.environ.get("BENCH_CACHE", "/tmp/lending-bench"))
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]
sys.path.insert(0, str(ROOT))  # the benchmarks import the app they measure


def median_seconds(action, runs=5, warmup=1):
    """The median wall time of `action()` over several runs, after warm-up runs."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _flask(url, *args):
    """Run a flask command against a database."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-key-0123456789"}
    done = subprocess.run([*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def _pg(statement):
    """Run one statement on the PostgreSQL server as the admin user."""
    import psycopg
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(statement)


def _pg_exists(name):
    """Whether a database of that name exists."""
    import psycopg
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (name,)).fetchone() is not None


def synthetic_database(engine, devices, peers, loans):
    """The URL of a database holding that synthetic program, made once and then reused."""
    name = f"lending_bench_{devices}_{peers}_{loans}"
    if engine == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"{name}.sqlite"
        url = f"sqlite:///{path}"
        if path.exists():
            _flask(url, "db", "upgrade")  # made by an older version: brought up to date
            return url
        building = CACHE / f"{name}.building.sqlite"
        for stale in CACHE.glob(f"{name}.building.sqlite*"):
            stale.unlink()
        _build(f"sqlite:///{building}", devices, peers, loans)
        building.rename(path)
        return url
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    if not _pg_exists(name):
        _pg(f"DROP DATABASE IF EXISTS {name}_building")
        _pg(f"CREATE DATABASE {name}_building")
        _build(f"{base}/{name}_building", devices, peers, loans)
        _pg(f"ALTER DATABASE {name}_building RENAME TO {name}")
    else:
        _flask(f"{base}/{name}", "db", "upgrade")  # made by an older version: brought up to date
    return f"{base}/{name}"


def _build(url, devices, peers, loans):
    """Create the schema and write the synthetic program."""
    print(f"building {url} ({loans:,} loans)...", file=sys.stderr, flush=True)
    _flask(url, "db", "upgrade")
    _flask(url, "synth", "--devices", str(devices), "--peers", str(peers), "--loans", str(loans))
    if url.startswith("postgresql"):
        _pg_analyze(url)


def _pg_analyze(url):
    """Fresh planner statistics after a bulk load, as autovacuum would give them later."""
    import psycopg
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def postgres_available() -> bool:
    """Whether the benchmark can reach the PostgreSQL server."""
    try:
        _pg("SELECT 1")
    except Exception:  # any failure to connect means: measure SQLite only
        return False
    return True


@contextmanager
def app_on(url, **config):
    """An app context on a database, as production runs it."""
    from lending import create_app
    from lending.extensions import db
    app = create_app({"SECRET_KEY": "benchmark-secret-key-0123456789",
                      "SQLALCHEMY_DATABASE_URI": url, "REPORTS_DIR": str(CACHE / "reports"),
                      "JOBS_SQLITE": str(CACHE / "jobs.sqlite"), **config})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def machine() -> str:
    """One line about where the figures were measured."""
    cpu = platform.processor() or platform.machine()
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), "
            f"Python {platform.python_version()}, measured {time.strftime('%Y-%m-%d')}")


def write_section(name: str, body: str):
    """Replace (or add) this benchmark's section of docs/benchmarks.md."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = RESULTS.read_text() if RESULTS.exists() else (
        "# Benchmarks\n\nFigures measured by the scripts in `benchmarks/` (see each section for "
        "its command). Medians of repeated runs; ratios are measured side by side in one run.\n")
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else \
        text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)
    print(f"wrote the {name} section of {RESULTS.relative_to(ROOT)}")
