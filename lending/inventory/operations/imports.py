"""Imports: a checked file is kept until a manager confirms it, then every row becomes an
item, or, if anything is wrong by then, none does. The web and `flask import` share these."""
import hashlib
import os

from flask_babel import gettext

from ...audit.log import apply_changes, insert_created, record_created
from ...clock import utcnow
from ...models import ImportBatch
from ...refusals import RuleError
from .devices import imei_problem
from .lines import plan_dates_problem


def keep_upload(kind: str, filename: str, data: bytes, *, by) -> ImportBatch:
    """Keep an uploaded file (its bytes, until it is imported) under a name and checksum, to
    be checked (by a worker, or at once on the command line: record_check)."""
    batch = ImportBatch(kind=kind, data=data, size=len(data),
                        filename=os.path.basename(filename or "")[:200],
                        sha256=hashlib.sha256(data).hexdigest(), created_by=by)
    record_created(batch, by=by)
    return batch


def record_check(batch: ImportBatch, found: dict, *, by):
    """Keep what the check of a file found (importing.summary), so that it is read, not
    checked again, each time its page is looked at."""
    if batch.status not in ("checking", "checked"):
        raise RuleError(gettext("This file was already imported."))
    apply_changes(batch, {"status": "checked", "check_result": found}, by=by, action="check",
                  note=f"{found['rows']} rows, {len(found['problems'])} problems")


def record_unreadable(batch: ImportBatch, reason: str, *, by):
    """A kept file that could not be read as a spreadsheet: nothing can come of it."""
    apply_changes(batch, {"status": "unreadable", "check_result": {"unreadable": reason},
                          "data": None}, by=by, action="check", note=reason)


def _row_problem(kind_key: str, item: dict) -> str | None:
    """A rule of the item forms that a checked row still breaks (the check applies them too;
    this keeps the import from ever relying on that alone)."""
    if kind_key == "devices":
        return imei_problem(item["kind"], item.get("imei"))
    if kind_key == "plans":
        return plan_dates_problem(item.get("start_date"), item.get("end_date"))
    return None


def import_batch_rows(batch: ImportBatch, check, *, by) -> list[int]:
    """Create every row of a kept file, checked again just now (`check`); the new ids."""
    if batch.status == "imported":
        raise RuleError(gettext("This file was already imported."))
    if batch.status != "checked":
        raise RuleError(gettext("This file has not been checked; it cannot be imported."))
    if not check.ok:
        raise RuleError(gettext("Nothing was imported: the file has problems (listed below). "
                                "Correct "
                        "them and upload it again."))
    for number, item in check.rows:
        problem = _row_problem(batch.kind, item)
        if problem:
            raise RuleError(gettext("Nothing was imported: row %(number)s: %(problem)s",
                                    number=number, problem=problem))
    ids = insert_created(check.kind.model, [item for _, item in check.rows], by=by,
                         note=f"imported from {batch.filename}")
    apply_changes(batch, {"status": "imported", "imported_count": len(ids),
                          "imported_at": utcnow()}, by=by, action="import")
    batch.data = None  # the items are the record now; the checksum says which file it was
    return ids
