"""What a stock count expects, and what each item scanned means: found, or why not. One
definition, read while the count runs and stored when it closes."""
from datetime import datetime

from dateutil.relativedelta import relativedelta
from flask_babel import gettext

from ..extensions import db
from ..models import Device, LoanItem, SimCard, StockCount, StockCountLine, vocab

# Where to go for each kind of unexpected item.
ON_LOAN, GONE, ELSEWHERE = "check_in", "status", "move"


def _placed(model, count: StockCount):
    """SQL for: the item is kept at the count's place (any place, counting everything)."""
    return model.place_id == count.place_id if count.place_id else True


def on_shelf(model):
    """SQL for: the item should be on a shelf, not out, away or gone (a device received,
    available or awaiting reset; a SIM card not cancelled and on no open loan)."""
    if model is Device:
        return Device.status.in_(vocab.SHELF_DEVICE_STATUSES)
    return (SimCard.status != "cancelled") & ~db.select(LoanItem.id).where(
        LoanItem.sim_id == SimCard.id, LoanItem.closed_at.is_(None)).exists()


LINE_OF = {Device: StockCountLine.device_id, SimCard: StockCountLine.sim_id}


def not_scanned(model, count: StockCount):
    """SQL for the devices or SIM cards the count expects and has not scanned (yet)."""
    scanned = db.select(StockCountLine.id).where(StockCountLine.count_id == count.id,
                                                 LINE_OF[model] == model.id).exists()
    return db.select(model).where(on_shelf(model), _placed(model, count), ~scanned)


def verdict(item, count: StockCount) -> tuple[str, str, str | None]:
    """(outcome, why, what to do) for an item scanned in a count."""
    column = LoanItem.device_id if isinstance(item, Device) else LoanItem.sim_id
    line = LoanItem.open_for(column, item.id)
    if line is not None:
        return ("unexpected", gettext("On loan #%(id)s to %(borrower)s: check it in.",
                                      id=line.loan_id, borrower=line.loan.borrower_text), ON_LOAN)
    if isinstance(item, Device) and item.status not in vocab.SHELF_DEVICE_STATUSES:
        status = vocab.label(vocab.DEVICE_STATUSES, item.status).lower()
        return "unexpected", gettext("Recorded as %(status)s: correct its status.",
                                     status=status), GONE
    if isinstance(item, SimCard) and item.status == "cancelled":
        return "unexpected", gettext("Its line is cancelled: retire the card or correct it."), GONE
    if count.place_id and item.place_id != count.place_id:
        why = gettext("Kept at %(place)s: move it here if it belongs here.",
                      place=item.place.name) if item.place else \
            gettext("No place recorded: move it here if it belongs here.")
        return "unexpected", why, ELSEWHERE
    return "found", "", None


def unseen(today_moment: datetime, months: int, limit: int = 50) -> list:
    """Items on a shelf that no stock count has seen for `months` (or ever, if added before
    then), the longest unseen first: those never seen, then the rest, each read in the order
    of an index (id; ix_*_seen) so that the first found end the read."""
    cutoff = today_moment - relativedelta(months=months)
    items = []
    for model in (Device, SimCard):
        shelf = db.select(model).where(on_shelf(model), model.created_at < cutoff)
        found = db.session.execute(shelf.where(model.last_seen_at.is_(None))
                                   .order_by(model.id).limit(limit)).scalars().all()
        if len(found) < limit:
            found += db.session.execute(shelf.where(model.last_seen_at < cutoff).order_by(
                model.last_seen_at, model.id).limit(limit - len(found))).scalars().all()
        items += found
    return items
