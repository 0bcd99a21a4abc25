"""Backing up the SQLite database while the app runs (SQLite's online backup API)."""
import os
import sqlite3

from .extensions import db
from .private_files import create_private


def backup_sqlite(out: str) -> int:
    """Copy the live database into a new file at `out`, check it, return its page count.
    Readers and writers carry on meanwhile; the copy is one consistent moment."""
    try:
        os.close(create_private(out))  # 0600: the copy holds everything the database does
    except FileExistsError:
        raise FileExistsError(f"{out} exists; choose a new file name") from None
    source = db.engine.raw_connection()
    target = sqlite3.connect(out)
    try:
        source.driver_connection.backup(target)
        if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RuntimeError("the copy failed its integrity check")
        return target.execute("PRAGMA page_count").fetchone()[0]
    finally:
        target.close()
        source.close()
