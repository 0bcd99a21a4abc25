"""Stock counts: starting one, recording what is scanned (once an item, however many staff
scan it at once), moving an item found out of place, and closing the count, which records
when each item was last seen and what was missing."""
from flask_babel import gettext
from sqlalchemy import func, insert, literal, update

from ..audit.log import record, record_created
from ..clock import utcnow
from ..extensions import db
from ..inventory.operations import update_device, update_sim
from ..models import Device, SimCard, StockCount, StockCountLine
from ..refusals import RuleError, flush_or_refuse
from ..search.anything import items_named
from .queries import not_scanned, verdict


def start_count(place, *, by) -> StockCount:
    """A new count of a place (or of everything, with no place)."""
    if place is not None and not place.active:
        raise RuleError(gettext("%(name)s is no longer in use; count another place.",
                                name=place.name))
    count = StockCount(place=place, started_by=by)
    record_created(count, by=by)
    return count


def _line_of(count, item):
    """The count's line for an item, if it was scanned."""
    column = StockCountLine.device_id if isinstance(item, Device) else StockCountLine.sim_id
    return db.session.execute(db.select(StockCountLine).where(
        StockCountLine.count_id == count.id, column == item.id)).scalar_one_or_none()


def record_scan(count: StockCount, code: str, *, by):
    """Count the item a scanned (or typed) code names: (item, whether it was already
    counted). Refused for an unknown code, one that names several items, or a closed count."""
    if not count.is_open:
        raise RuleError(gettext("This count is closed; start a new one to count again."))
    found = items_named(code)
    if not found:
        raise RuleError(gettext("No device or SIM card has the code “%(strip)s”.",
                                strip=code.strip()))
    if len(found) > 1:
        raise RuleError(gettext(
            "“%(code)s” names %(count)s items: %(items)s. Scan another code.", code=code.strip(),
            count=len(found), items=", ".join(item.title for item in found)))
    item = found[0]
    if _line_of(count, item) is not None:
        return item, True
    line = StockCountLine(count=count, device=item if isinstance(item, Device) else None,
                          sim=item if isinstance(item, SimCard) else None,
                          scanned_by=by, scanned_at=utcnow())
    db.session.add(line)
    flush_or_refuse(gettext("%(title)s was just counted by someone else.", title=item.title))
    record_created(line, by=by, note=f"count #{count.id}: {item.title}")
    return item, False


def move_here(count: StockCount, item, *, by):
    """Record that an item found in this count's place is kept here now."""
    if not count.is_open or count.place_id is None:
        raise RuleError(gettext("Only an open count of a place can move items into it."))
    change = update_device if isinstance(item, Device) else update_sim
    change(item, {"place_id": count.place_id}, by=by)


def close_count(count: StockCount, *, by) -> dict[str, int]:
    """Close the count: each scanned item's outcome is kept, each item expected but not
    scanned is recorded missing, and every item scanned was last seen when it was scanned.
    Returns how many were found, missing and unexpected."""
    if not count.is_open:
        raise RuleError(gettext("This count is already closed."))
    for line in count.lines:
        line.outcome, line.note, _action = verdict(line.item, count)
    db.session.flush()
    for model, column in ((Device, StockCountLine.device_id), (SimCard, StockCountLine.sim_id)):
        missing = not_scanned(model, count).with_only_columns(
            literal(count.id), model.id, literal("missing"), literal(""))
        db.session.execute(insert(StockCountLine).from_select(
            ["count_id", column.key, "outcome", "note"], missing))
    for model, column in ((Device, StockCountLine.device_id), (SimCard, StockCountLine.sim_id)):
        db.session.execute(update(model).where(model.id == column, StockCountLine.count_id
                                               == count.id).values(
            last_seen_at=StockCountLine.scanned_at), execution_options={
            "synchronize_session": False})
    count.closed_at, count.closed_by = utcnow(), by
    db.session.flush()
    db.session.expire(count, ["lines"])
    totals = dict.fromkeys(("found", "missing", "unexpected"), 0)
    totals.update(db.session.execute(db.select(StockCountLine.outcome, func.count()).where(
        StockCountLine.count_id == count.id).group_by(StockCountLine.outcome)).all())
    record("close", count, by=by, changes={"closed_at": [None, count.closed_at.isoformat()]},
           note=f"found {totals['found']}, missing {totals['missing']}, unexpected "
                f"{totals['unexpected']}; every item scanned marked as last seen then")
    return totals
