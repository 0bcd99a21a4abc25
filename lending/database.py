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
def _sqlite_pragmas(dbapi_connection, _record):
    """Turn on WAL, foreign keys and a busy timeout on every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one writer writes; the timeout makes a second writer wait
    # its turn instead of failing at once with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_busy_timeout_ms:d}")
    cursor.close()
