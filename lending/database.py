"""Database connection settings that must hold on every connection."""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

_busy_timeout_ms = 10_000


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
