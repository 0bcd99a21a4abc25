"""What every query relies on: connection settings, search patterns, cheap counts, planner
statistics, and PostgreSQL's search indexes."""
import sqlite3
import unicodedata

from sqlalchemy import Integer, LargeBinary, and_, cast, event, func, literal, or_, select, text
from sqlalchemy.engine import Engine

_busy_timeout_ms = 10_000
# SQL's name for `fold` on both databases: a Python function on each SQLite connection, and
# on PostgreSQL lower(unaccent(...)) wrapped as an immutable function (so that it can be
# indexed); search_index_statements() creates it.
FOLD = "lb_fold"


def fold(value: str | None) -> str | None:
    """Text as searches compare it, without case or accents: "Zoë Ñúñez" -> "zoe nunez"."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def folded(expression):
    """SQL for an expression's text folded as `fold` folds it."""
    return getattr(func, FOLD)(expression)


def _beyond_ascii(column):
    """SQLite: the column's text has a character beyond ASCII (it takes more bytes than
    characters), told by SQLite alone, as fast as LIKE, without calling Python."""
    return func.length(column) < func.length(cast(column, LargeBinary))


def contains(column, words: str):
    """SQL for: the column holds these words anywhere, whatever their case and accents
    ("zoe nunez" finds "Zoë Ñúñez"), their wildcards taken literally."""
    from .extensions import db  # here: the extensions import this module
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if db.engine.dialect.name == "sqlite":
        # LIKE alone ignores ASCII case and runs in SQLite itself; only values with other
        # characters are folded by Python, a small share of any list.
        pattern = f"%{fold(escaped)}%"
        return or_(column.like(pattern, escape="\\"),
                   and_(_beyond_ascii(column), folded(column).like(pattern, escape="\\")))
    # Folded in SQL on both sides, so that the search indexes on folded(column) serve it.
    return folded(column).like(func.concat("%", folded(literal(escaped)), "%"), escape="\\")


def equals_folded(column, value: str):
    """SQL for: the column holds this text, whatever its case and accents."""
    from .extensions import db  # here: the extensions import this module
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if db.engine.dialect.name == "sqlite":  # as in contains: Python only for non-ASCII text
        return or_(column.like(fold(escaped), escape="\\"),
                   and_(_beyond_ascii(column), folded(column) == fold(value)))
    return folded(column) == folded(literal(value))


def month_number(day):
    """A date's calendar month as one number (year × 12 + month), for month arithmetic in
    SQL."""
    from .extensions import db  # here: the extensions import this module
    if db.engine.dialect.name == "sqlite":  # dates are kept as YYYY-MM-DD: read, not parsed
        return (cast(func.substr(day, 1, 4), Integer) * 12
                + cast(func.substr(day, 6, 2), Integer))
    return cast(func.extract("year", day) * 12 + func.extract("month", day), Integer)


def count_rows(session, query, limit: int | None = None) -> int:
    """How many rows a query returns (at most `limit`). Counts a constant per row, not the
    rows' columns: SQLite reads every column a counted subquery names, ten times slower.

    The limit is written into the SQL, not sent as a parameter: psycopg prepares a statement
    run five times, and PostgreSQL may then plan it once for any limit, guessing a small one;
    the peers list's count of those with a kit out then walked a million loans (160 ms
    instead of 15)."""
    rows = query.with_only_columns(literal(1), maintain_column_froms=True).order_by(None)
    if limit is not None:
        rows = rows.limit(literal(limit, literal_execute=True))
    return session.execute(select(func.count()).select_from(rows.subquery())).scalar_one()


def refresh_statistics(session):
    """Give the query planner fresh statistics. SQLite has none until ANALYZE runs, and then
    picks the partial indexes for open loans and issues; PostgreSQL's autovacuum keeps its
    own, but a bulk load outruns it. A sample per index keeps it to a fraction of a second."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA analysis_limit=1000"))
    session.execute(text("ANALYZE"))


# PostgreSQL only: trigram indexes on the folded text, so that searching for any part of a
# code, name, serial or model reads an index instead of every row of a national program's
# tables. SQLite has no such index and reads the rows (docs/benchmarks.md says how long).
SEARCH_INDEXES = {"peer": ("code",), "peer_contact": ("preferred_name", "phone", "email"),
                  "device": ("make", "model", "serial", "imei", "asset_tag"),
                  "sim_card": ("iccid", "phone_number", "carrier"),
                  "data_plan": ("carrier", "name"), "contract": ("reference", "title")}
FOLD_FUNCTION = (f"CREATE OR REPLACE FUNCTION {FOLD}(text) RETURNS text LANGUAGE sql "
                 "IMMUTABLE PARALLEL SAFE STRICT AS "
                 "$$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$")


def search_index_statements() -> list[str]:
    """The SQL that creates the folding function and the search indexes (idempotent)."""
    return ["CREATE EXTENSION IF NOT EXISTS pg_trgm", "CREATE EXTENSION IF NOT EXISTS unaccent",
            FOLD_FUNCTION, *(
                f"CREATE INDEX IF NOT EXISTS ix_{table}_{column}_folded_trgm ON {table} "
                f"USING gin ({FOLD}({column}) gin_trgm_ops)"
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
    dbapi_connection.create_function(FOLD, 1, fold, deterministic=True)
