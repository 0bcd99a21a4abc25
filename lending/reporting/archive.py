"""The archive of generated reports: REPORTS_DIR/<id>-<sha256>.<format>, checked on every read."""
import hashlib
import os

from flask import current_app

from ..models import Report
from ..private_files import private_folder, write_private


def stored_path(report: Report) -> str:
    """Where a report's bytes live."""
    return os.path.join(current_app.config["REPORTS_DIR"],
                        f"{report.id}-{report.sha256}.{report.format}")


def store(report: Report, data: bytes):
    """Write a new report's bytes (never over another's: the name holds the id and checksum)."""
    path = stored_path(report)
    private_folder(os.path.dirname(path))
    write_private(path, data)  # reports hold no names, but they are the program's own


def read_report(report: Report) -> bytes:
    """The archived bytes, checked against the recorded checksum."""

    with open(stored_path(report), "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != report.sha256:
        raise RuntimeError(f"report {report.id} does not match its checksum")
    return data
