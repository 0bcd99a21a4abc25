"""What every query relies on: connection settings, search patterns, cheap counts, planner
statistics, and PostgreSQL's search indexes."""
import sqlite3

from sqlalchemy import event, func, literal, select, text
from sqlalchemy.engine import Engine

_busy_timeout_ms = 10_000


def contains(column, words: str):
    """SQL for: the column holds these words anywhere, in any case, their wildcards taken
    literally. SQLite's LIKE ignores (ASCII) case by itself, and its lower() knows no other,
    so there LIKE is used bare: a third of the time of lower(column) LIKE lower(words)."""
    from .extensions import db  # here: the extensions import this module
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if db.engine.dialect.name == "sqlite":
        return column.like(f"%{escaped}%", escape="\\")
    return column.ilike(f"%{escaped}%", escape="\\")


def count_rows(session, query, limit: int | None = None) -> int:
    """How many rows a query returns (at most `limit`). Counts a constant per row, not the
    rows' columns: SQLite reads every column a counted subquery names, ten times slower."""
    rows = query.with_only_columns(literal(1), maintain_column_froms=True).order_by(None)
    return session.execute(select(func.count()).select_from(
        rows.limit(limit).subquery())).scalar_one()


def refresh_statistics(session):
    """Give the query planner fresh statistics. SQLite has none until ANALYZE runs, and then
    picks the partial indexes for open loans and issues; PostgreSQL's autovacuum keeps its
    own, but a bulk load outruns it. A sample per index keeps it to a fraction of a second."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA analysis_limit=1000"))
    session.execute(text("ANALYZE"))


# PostgreSQL only: trigram indexes, so that searching for any part of a code, name, serial or
# model (ILIKE '%…%') reads an index instead of every row of a national program's tables.
# SQLite has no such index and reads the rows (docs/benchmarks.md says how long that takes).
SEARCH_INDEXES = {"peer": ("code",), "peer_contact": ("preferred_name",),
                  "device": ("make", "model", "serial", "imei", "asset_tag")}


def search_index_statements() -> list[str]:
    """The SQL that creates the search indexes (idempotent)."""
    return ["CREATE EXTENSION IF NOT EXISTS pg_trgm", *(
        f"CREATE INDEX IF NOT EXISTS ix_{table}_{column}_trgm ON {table} "
        f"USING gin ({column} gin_trgm_ops)"
        for table, columns in SEARCH_INDEXES.items() for column in columns)]


def is_search_index(name: str | None) -> bool:
    """Whether an index is one of the search indexes, which the models do not declare (so
    that SQLite never sees them): migrations leave them alone when comparing."""
    return bool(name) and name.endswith("_trgm")


def create_search_indexes(metadata, connection, **kw):
    """After create_all on PostgreSQL (tests, new databases), the search indexes too."""
    if connection.dialect.name == "postgresql":
        for statement in search_index_statements():
            connection.exec_driver_sql(statement)


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: everything but the search indexes."""
    return not (type_ == "index" and is_search_index(name))


def configure(app):
    """Remember per-app settings that the connection hook applies."""
    global _busy_timeout_ms
    _busy_timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])


@event.listens_for(Engine, "connect")
def _session_settings(dbapi_connection, _record):
    """Settings every new connection needs, by database."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        _sqlite_pragmas(dbapi_connection)
    elif type(dbapi_connection).__module__.startswith("psycopg"):
        # PostgreSQL's JIT compiler spends a second or more compiling report queries that
        # then run in a tenth of that; this app's queries are short, so it never pays off.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection):
    """Turn on WAL, foreign keys and a busy timeout on a SQLite connection."""
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one writer writes; the timeout makes a second writer wait
    # its turn instead of failing at once with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_busy_timeout_ms:d}")
    cursor.close()
