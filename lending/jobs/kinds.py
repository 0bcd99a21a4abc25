"""What each kind of job does, in a worker. Each calls the operations and renderers the pages
use; none writes anything but through them. A kind returns an Outcome: a message, and a file
(`files.Output`) or a record it made."""
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from flask import current_app, session
from flask_babel import format_number, gettext
from flask_login import login_user

from ..inventory.listings import device_listing, plan_listing, sim_listing
from ..issues.listings import issue_listing
from ..loans.listings import loan_listing
from ..lookup import find
from ..models import Contract, Partner, Report
from ..peers.listings import peer_listing
from ..spreadsheets.exports import write_export
from . import files

# The lists whose download a job makes, by their export name (listing.Listing.export).
LISTS = {"devices": device_listing, "sim-cards": sim_listing, "data-plans": plan_listing,
         "loans": loan_listing, "issues": issue_listing, "peers": peer_listing,
         "peers-with-contacts": lambda: peer_listing(with_contacts=True)}


@dataclass
class Outcome:
    """What a job made."""

    message: str
    output: files.Output | None = None
    file_name: str | None = None
    report: Report | None = None
    failed: bool = False  # not done, for the reason given; what the work recorded is kept


@contextmanager
def _as_asked(job, **request):
    """The request a list was asked for from, again: its address and query string, who asked
    (what a list shows depends on who looks), and the words searched (kept in their session
    then, in the job's params until it is over)."""
    params = job.params
    with current_app.test_request_context(params["path"], query_string=params["args"],
                                          **request):
        login_user(job.created_by)
        if params.get("words"):
            session["searches"] = [[params["args"].get("search", ""), params["words"]]]
        yield


def report(job, progress) -> Outcome:
    """Generate and archive a report (reporting/operations.py)."""
    from ..reporting.operations import generate_report
    params = job.params
    made = generate_report(params["fmt"], date.fromisoformat(params["start"]),
                           date.fromisoformat(params["end"]), by=job.created_by,
                           partner=find(Partner, params.get("partner_id")),
                           contract=find(Contract, params.get("contract_id")),
                           dates_by_day=params.get("dates_by_day", False))
    return Outcome(gettext("Report %(filename)s generated and archived.", filename=made.filename),
                   report=made)


def download(job, progress) -> Outcome:
    """Every row of a list, as it was filtered, searched and sorted when asked for, written
    to a file a batch at a time (memory stays flat however long the list)."""
    params = job.params
    with _as_asked(job):
        listing = LISTS[params["list"]]()
        output = files.Output(job)
        try:
            name, rows = write_export(output.file, listing.export_name, params["fmt"],
                                      listing.export_columns, listing.query, progress)
        except BaseException:
            output.discard()
            raise
    return Outcome(gettext("%(count)s rows, ready to download.", count=format_number(rows)),
                   output=output, file_name=name)


def labels(job, progress) -> Outcome:
    """A sheet of labels for many items (labels/items.py)."""
    from ..labels.items import chosen_items, labels_file
    params = job.params
    with _as_asked(job, base_url=params["base"]):  # labels hold the app's address
        items = chosen_items(params["kind"], params.get("ids"), limit=None)
        output = files.Output(job)
        output.file.write(labels_file(params["kind"], items, params["layout"],
                                      start=params["start"], show_place=params["show_place"]))
    return Outcome(gettext("%(count)s labels, ready to print.", count=format_number(len(items))),
                   output=output, file_name=f"labels-{params['kind']}-{params['layout']}.pdf")


def import_check(job, progress) -> Outcome:
    """Check every row of an uploaded file and keep what was found (inventory/importing.py)."""
    from ..inventory.importing import check_file, summary
    from ..inventory.operations import record_check, record_unreadable
    from ..models import ImportBatch
    from ..spreadsheets.reading import FileRefused
    batch = find(ImportBatch, job.params["batch_id"])
    try:
        check = check_file(batch.kind, batch.data, current_app.config["IMPORT_MAX_BYTES"])
    except FileRefused as refusal:
        record_unreadable(batch, str(refusal), by=job.created_by)
        return Outcome(str(refusal))
    found = summary(check)
    record_check(batch, found, by=job.created_by)
    if found["ok"]:
        return Outcome(gettext("All %(count)s rows check out.", count=format_number(found["rows"])))
    return Outcome(gettext("%(count)s problems found: nothing can be imported until the file is "
                           "corrected.", count=format_number(len(found["problems"]))))


def import_run(job, progress) -> Outcome:
    """Import a checked file: every row checked again against the inventory as it is now, then
    all created, or none (inventory/operations/imports.py)."""
    from ..inventory.importing import check_file, summary
    from ..inventory.operations import import_batch_rows, record_check
    from ..models import ImportBatch
    batch = find(ImportBatch, job.params["batch_id"])
    if batch.status == "imported":
        return Outcome(gettext("This file was already imported."))
    check = check_file(batch.kind, batch.data, current_app.config["IMPORT_MAX_BYTES"])
    if not check.ok:  # the inventory changed since the check: keep what it finds now
        record_check(batch, summary(check), by=job.created_by)
        return Outcome(gettext("Nothing was imported: the file has problems now (an item in it was "
                               "added meanwhile, say). Its check lists them."), failed=True)
    created = import_batch_rows(batch, check, by=job.created_by)
    return Outcome(gettext("Imported %(count)s %(noun)s from %(filename)s.",
                           count=format_number(len(created)), noun=gettext(check.kind.noun),
                           filename=batch.filename))


def daily(job, progress) -> Outcome:
    """The daily run (loans/operations/escalation.py `daily_run`): overdue loans move to
    their step, the day's reminder texts are queued, and the database's statistics are
    refreshed for the day's queries."""
    from ..loans.operations import daily_run
    return Outcome(" ".join(daily_run(date.fromisoformat(job.params["day"]))))


KINDS = {"report": report, "download": download, "labels": labels,
         "import_check": import_check, "import_run": import_run, "daily": daily}
