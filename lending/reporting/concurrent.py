"""Running a report's independent queries at once, each on its own database connection."""
import os
from concurrent.futures import ThreadPoolExecutor

from flask import current_app
from flask_babel import force_locale, get_locale

from ..extensions import db

WORKERS = min(4, os.cpu_count() or 1)


def concurrently(*calls):
    """The results of read-only calls, in order, computed side by side.

    Each call runs in its own app context, so with its own session and connection: it sees
    committed data only, and must be given plain values (ids, dates), never objects loaded
    by the caller's session. It speaks the caller's language (the labels it reads).
    """
    app = current_app._get_current_object()
    locale = str(get_locale() or "en_CA")

    def run(call):
        with app.app_context(), force_locale(locale):
            try:
                return call()
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, calls))
