"""Stock count screens: start a count (managers), scan into it (several staff at once), act
on what is out of place, close it (managers), and its report."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext
from sqlalchemy import func

from ..database import count_rows
from ..extensions import db
from ..inventory.queries import place_choices
from ..lookup import find, get_or_404, signed_in_user
from ..models import Device, Place, SimCard, StockCount, StockCountLine
from ..permissions import STAFF_AND_MANAGERS, allow, is_manager
from ..refusals import RuleError
from . import bp
from .forms import ScanForm, StartCountForm
from .operations import close_count, move_here, record_scan, start_count
from .pdf import count_pdf
from .queries import not_scanned, verdict

SHOWN = 200  # items of each outcome a count's page lists (the report lists them all)


@bp.route("", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def index():
    """Counts open and closed; managers start one."""
    form = StartCountForm()
    form.place_id.choices = {0: gettext("Everything, wherever it is kept"),
                             **{k: v for k, v in place_choices().items() if k}}
    if form.is_submitted() and not is_manager(signed_in_user()):
        abort(403)  # staff count; managers start counts
    if form.validate_on_submit():
        user = signed_in_user()
        try:
            count = start_count(find(Place, form.place_id.data), by=user)
        except RuleError as error:
            form.place_id.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for(".detail", count_id=count.id))
    counts = db.session.execute(db.select(StockCount).order_by(
        StockCount.closed_at.is_not(None), StockCount.started_at.desc()).limit(50)).scalars().all()
    scanned = dict(db.session.execute(
        db.select(StockCountLine.count_id, func.count()).where(
            StockCountLine.count_id.in_([count.id for count in counts]),
            StockCountLine.scanned_at.is_not(None)).group_by(StockCountLine.count_id)).all())
    return render_template("stock/index.html", form=form, counts=counts, scanned=scanned)


@bp.route("/<int:count_id>")
@allow(*STAFF_AND_MANAGERS)
def detail(count_id):
    """A count: the box to scan into, and what it has found so far (or its outcome)."""
    count = get_or_404(StockCount, count_id)
    return render_template("stock/detail.html", count=count, form=ScanForm(),
                           **_progress(count))


def _progress(count) -> dict:
    """{outcome: [(item, its line or None, why, what to do)]}: what the count has found and,
    while it is open, what it still expects; once closed, what it recorded."""
    lines = {"missing": [], "unexpected": [], "found": []}
    if not count.is_open:
        totals = dict(db.session.execute(db.select(StockCountLine.outcome, func.count()).where(
            StockCountLine.count_id == count.id).group_by(StockCountLine.outcome)).all())
        for outcome in lines:
            lines[outcome] = [(line.item, line, line.note, None) for line in db.session.execute(
                db.select(StockCountLine).filter_by(count_id=count.id, outcome=outcome)
                .order_by(StockCountLine.id).limit(SHOWN)).scalars()]
        return {"lines": lines, "totals": totals}
    for line in sorted(count.lines, key=lambda line: line.scanned_at, reverse=True):
        outcome, why, action = verdict(line.item, count)
        lines[outcome].append((line.item, line, why, action))
    missing = [db.session.execute(not_scanned(model, count).order_by(model.id)
                                  .limit(SHOWN)).scalars().all() for model in (Device, SimCard)]
    lines["missing"] = [(item, None, "", None) for item in (missing[0] + missing[1])[:SHOWN]]
    return {"lines": lines, "totals": {
        "found": len(lines["found"]), "unexpected": len(lines["unexpected"]),
        "missing": sum(count_rows(db.session, not_scanned(model, count))
                       for model in (Device, SimCard))}}


@bp.route("/<int:count_id>/scan", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def scan(count_id):
    """Count what was scanned, then back to the box for the next."""
    count = get_or_404(StockCount, count_id)
    form = ScanForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.code.errors))
              or gettext("Reload the page and try again."), "error")
        return redirect(url_for(".detail", count_id=count.id))
    try:
        item, again = record_scan(count, form.code.data, by=signed_in_user())
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        outcome, why, _action = verdict(item, count)
        flash(gettext("%(title)s was already counted.", title=item.title) if again
              else gettext("Counted %(title)s.", title=item.title)
              + (f" {why}" if outcome != "found" else ""),
              "info" if again or outcome != "found" else "success")
    return redirect(url_for(".detail", count_id=count.id))


@bp.route("/<int:count_id>/move/<kind>/<int:item_id>", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def move(count_id, kind, item_id):
    """Keep an item found in the counted place there from now on."""
    count = get_or_404(StockCount, count_id)
    item = get_or_404({"device": Device, "sim_card": SimCard}.get(kind) or abort(404), item_id)
    try:
        move_here(count, item, by=signed_in_user())
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("%(title)s is kept at %(where)s now.", title=item.title, where=count.where),
              "success")
    return redirect(url_for(".detail", count_id=count.id))


@bp.route("/<int:count_id>/close", methods=["POST"])
@allow("manager")
def close(count_id):
    """Close the count: missing items recorded, every item scanned last seen then."""
    count = get_or_404(StockCount, count_id)
    try:
        totals = close_count(count, by=signed_in_user())
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("Count closed: %(found)s found, %(missing)s missing, %(unexpected)s out of "
                      "place.", found=totals['found'], missing=totals['missing'],
                      unexpected=totals['unexpected']), "success")
    return redirect(url_for(".detail", count_id=count.id))


@bp.route("/<int:count_id>.pdf")
@allow(*STAFF_AND_MANAGERS)
def report(count_id):
    """A closed count's report."""
    count = get_or_404(StockCount, count_id)
    if count.is_open:
        abort(404)
    return send_file(BytesIO(count_pdf(count)), mimetype="application/pdf",
                     download_name=f"stock-count-{count.id}.pdf")


