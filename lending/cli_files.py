"""Command-line tasks that read or write files: a report, a sheet of labels, an inventory
import, a backup (`flask --app wsgi <command>`; cli.py registers them)."""
import click
from flask_babel import format_number, gettext

from .cli import refused
from .extensions import db
from .labels.layouts import LAYOUTS
from .refusals import RuleError


@click.command("report")
@click.option("--format", "fmt", type=click.Choice(["pdf", "xlsx"]), required=True)
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--partner", "partner_ref", default=None, help="A partner's reference.")
@click.option("--contract", "contract_ref", default=None, help="A contract's reference.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--dates-by-day", is_flag=True,
              help="Row sheets show dates by day (by month otherwise).")
def report_command(fmt, start, end, partner_ref, contract_ref, out, dates_by_day):
    """Generate a report, archive it, and write a copy to --out (for schedules)."""
    from .reporting.archive import read_report
    from .reporting.content import find_scope
    from .reporting.operations import generate_report
    try:
        partner, contract = find_scope(partner_ref, contract_ref)
        report = generate_report(fmt, start.date(), end.date(), partner=partner,
                                 contract=contract, dates_by_day=dates_by_day, by=None)
    except RuleError as error:
        raise refused(error) from None
    db.session.commit()
    with open(out, "wb") as handle:
        handle.write(read_report(report))
    click.echo(gettext("Report #%(id)s archived and written to %(out)s (%(size)s bytes, sha256 "
                       "%(sha256)s).", id=report.id, out=out, size=format_number(report.size),
                       sha256=report.sha256))


@click.command("labels")
@click.option("--kind", type=click.Choice(["devices", "sims"]), required=True)
@click.option("--template", "layout", default="avery-5160", show_default=True,
              type=click.Choice(sorted(LAYOUTS)), help="The label stock.")
@click.option("--start", default=1, show_default=True, type=click.IntRange(1),
              help="The first free label of a partly used sheet (1 is the top left).")
@click.option("--place", "show_place", is_flag=True, help="Print where each item is kept.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
def labels_command(kind, layout, start, show_place, out):
    """Print labels for every device or SIM card, as a PDF (addresses from BASE_URL)."""
    from .labels.items import every_item, labels_file
    if start > LAYOUTS[layout].per_page:
        raise click.BadParameter(gettext("%(layout)s holds %(per_page)s labels a sheet.",
                                         layout=layout, per_page=LAYOUTS[layout].per_page),
                                 param_hint="--start")
    items = every_item(kind)
    data = labels_file(kind, items, layout, start=start, show_place=show_place)
    with open(out, "wb") as handle:
        handle.write(data)
    click.echo(gettext("%(count)s labels written to %(out)s (%(layout)s).", count=len(items),
                       out=out, layout=layout))


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["devices", "sims", "plans"]), required=True)
@click.option("--dry-run", is_flag=True, help="Check every row and write nothing.")
def import_command(path, kind, dry_run):
    """Import devices, SIM cards or plans from an .xlsx or .csv file: all rows, or none."""
    import os

    from flask import current_app

    from .inventory.importing import check_file, summary
    from .inventory.operations import import_batch_rows, keep_upload, record_check
    from .spreadsheets.reading import FileRefused
    limit = current_app.config["IMPORT_MAX_BYTES"]
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    try:
        check = check_file(kind, data, limit)
    except FileRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    if check.recognised:
        click.echo(gettext("Columns read: %(columns)s", columns=", ".join(
            f"{heading} ({ours})" if heading != ours else heading
            for heading, ours in check.recognised.items())))
    if check.ignored:
        click.echo(gettext("Columns ignored: %(columns)s", columns=", ".join(check.ignored)))
    if check.example_row:
        click.echo(gettext("Row %(example_row)s is the template's example, unchanged; it is left "
                           "out.", example_row=check.example_row))
    for problem in check.problems:
        where = ", ".join(part for part in (f"Row {problem.row}" if problem.row else "",
                                            problem.column) if part)
        click.echo(gettext("%(where)s: %(message)s", where=where,
                           message=problem.message) if where else problem.message, err=True)
    if not check.ok:
        raise click.ClickException(gettext("%(count)s problem(s); nothing was imported.",
                                           count=len(check.problems)))
    if dry_run:
        click.echo(gettext("%(count)s %(noun)s would be imported (dry run: nothing was written).",
                           count=len(check.rows), noun=gettext(check.kind.noun)))
        return
    # The same path as the web's: the file is kept, then imported (and its bytes dropped).
    batch = keep_upload(kind, os.path.basename(path), data, by=None)
    record_check(batch, summary(check), by=None)
    try:
        items = import_batch_rows(batch, check, by=None)
    except RuleError as error:
        raise refused(error) from None
    db.session.commit()
    click.echo(gettext("Imported %(count)s %(noun)s from %(filename)s.", count=len(items),
                       noun=gettext(check.kind.noun), filename=batch.filename))


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def backup_command(out):
    """Copy the SQLite database to OUT while the app runs (PostgreSQL: use pg_dump)."""
    from .backup import backup_sqlite
    if db.engine.dialect.name != "sqlite":
        raise click.ClickException(
            gettext("This database is PostgreSQL: back it up with pg_dump, e.g. "
                    "pg_dump --format=custom --file=lending.dump \"$DATABASE_URL\" "
                    "(see docs/operations.md)."))
    try:
        pages = backup_sqlite(out)
    except FileExistsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(gettext("Backed up %(pages)s pages to %(out)s; its integrity check passed.",
                       pages=format_number(pages), out=out))
