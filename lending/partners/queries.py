"""Reads the contract page needs: the items a contract provided and where each one is."""
from sqlalchemy.orm import joinedload

from ..database import count_rows
from ..extensions import db
from ..models import DataPlan, Device, LoanItem, SimCard

ITEMS_SHOWN = 25  # of each kind on the contract page; the inventory lists have the rest


def contract_items(contract, shown=None):
    """({kind: the first items}, {kind: how many}, {item: the open loan holding it}) for the
    devices, SIM cards and plans a contract provided."""
    shown = ITEMS_SHOWN if shown is None else shown
    items, counts = {}, {}
    for kind, model in (("devices", Device), ("sims", SimCard), ("plans", DataPlan)):
        mine = db.select(model).filter_by(contract_id=contract.id)
        counts[kind] = count_rows(db.session, mine)
        items[kind] = db.session.execute(mine.order_by(model.id).limit(shown)).scalars().all()
    open_lines = db.session.execute(db.select(LoanItem).options(joinedload(LoanItem.loan)).where(
        LoanItem.closed_at.is_(None),
        LoanItem.device_id.in_([d.id for d in items["devices"]])
        | LoanItem.sim_id.in_([s.id for s in items["sims"]])
        | LoanItem.plan_id.in_([p.id for p in items["plans"]]))).scalars()
    return items, counts, {line.item: line.loan for line in open_lines}
