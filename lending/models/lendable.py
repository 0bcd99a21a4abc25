"""Whether an item can go into a kit today: one rule, kept here in its two forms side by side.
The Python form says why not, for the refusal staff read; the SQL form lists and counts, for
the lending form's menus and the stock on the dashboard and waitlist. Change both or neither:
tests/test_lendable.py holds them to each other.

A device must be available (so wiped and reset since its last loan); a SIM card's line must be
active and a plan in service today, and no open loan may hold either. A device's status is its
own record of being out (lending sets it on loan; a return or a loss moves it on), so its open
loan is not looked up again; SIM cards and plans have no such status. A plan goes out with the
SIM card it is on, so a plan on a SIM card that cannot be lent cannot be lent either. (Should a
status ever be wrong, the open-loan unique index still refuses a second loan.)
"""
from datetime import date

from flask_babel import gettext

from ..extensions import db
from .inventory import DataPlan, Device, SimCard
from .loans import LoanItem
from .vocab import DEVICE_STATUSES, SIM_STATUSES, label

# The loan line that holds a SIM card or a plan.
ITEM_COLUMNS = {SimCard: LoanItem.sim_id, DataPlan: LoanItem.plan_id}


def why_not_lendable(item, today: date, *, sim_judged=False) -> str | None:
    """Why this item cannot go into a kit today, or None when it can (`sim_judged`: a plan's
    SIM card is judged on its own, being in the same kit)."""
    if isinstance(item, Device):
        if item.status == "awaiting_reset":
            return gettext("%(title)s has not been wiped and reset since its last loan.",
                           title=item.title)
        if item.status != "available":
            return gettext("%(title)s is %(label)s, not available.", title=item.title,
                           label=label(DEVICE_STATUSES, item.status).lower())
        return None
    if isinstance(item, SimCard):
        if item.status != "active":
            status = label(SIM_STATUSES, item.status).lower()
            return gettext("%(title)s is %(status)s; only an active SIM card can be lent.",
                           title=item.title, status=status)
    elif not item.in_service(today):
        return gettext("%(title)s is not in service on %(today)s.", title=item.title,
                       today=f"{today:%Y-%m-%d}")
    if LoanItem.open_for(ITEM_COLUMNS[type(item)], item.id) is not None:
        return gettext("%(title)s is already on loan.", title=item.title)
    if isinstance(item, DataPlan) and item.sim is not None and not sim_judged:
        why = why_not_lendable(item.sim, today)
        if why:
            return gettext("%(title)s goes out with its SIM card, and %(why)s", title=item.title,
                           why=why[0].lower() + why[1:])
    return None


def lendable(model, today: date):
    """SQL for the same rule, on Device, SimCard or DataPlan."""
    if model is Device:
        return Device.status == "available"
    if model is SimCard:
        ready = SimCard.status == "active"
    else:
        ready = DataPlan.in_service(today) & (DataPlan.sim_id.is_(None) | DataPlan.sim_id.in_(
            db.select(SimCard.id).where(lendable(SimCard, today))))
    on_loan = db.select(LoanItem.id).where(ITEM_COLUMNS[model] == model.id,
                                           LoanItem.closed_at.is_(None)).exists()
    return ready & ~on_loan
