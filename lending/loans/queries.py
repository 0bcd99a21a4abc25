"""Reads the lending pages share: what can go into a kit today, and how much of it there is."""
from datetime import date

from sqlalchemy import func, or_

from ..database import contains, count_rows
from ..extensions import db
from ..models import DataPlan, Device, SimCard, vocab
from ..models.lendable import lendable


def lendable_queries(today: date) -> dict:
    """Queries for the devices, SIM cards and plans that can go into a kit today (the SQL form
    of models/lendable.py's rule), in the order the lending form's menus list them."""
    return {
        "device": db.select(Device).where(lendable(Device, today))
                    .order_by(Device.kind, Device.make, Device.model, Device.id),
        "sim": db.select(SimCard).where(lendable(SimCard, today))
                 .order_by(SimCard.carrier, SimCard.phone_number, SimCard.id),
        "plan": db.select(DataPlan).where(lendable(DataPlan, today))
                  .order_by(DataPlan.carrier, DataPlan.name, DataPlan.id),
    }


def available_stock(today: date) -> dict[str, int]:
    """How many kits of each kind could be lent today (data only: lendable SIM cards)."""
    stock = dict.fromkeys(vocab.LOAN_KINDS, 0)
    stock.update(db.session.execute(
        db.select(Device.kind, func.count()).where(lendable(Device, today))
        .group_by(Device.kind)).all())
    stock["data_only"] = count_rows(db.session, db.select(SimCard.id)
                                    .where(lendable(SimCard, today)))
    return stock


# What the lending form's search looks in, for each kind of item.
FINDABLE = {"device": (Device.asset_tag, Device.serial, Device.imei, Device.make, Device.model),
            "sim": (SimCard.iccid, SimCard.phone_number, SimCard.carrier),
            "plan": (DataPlan.carrier, DataPlan.name)}


def lendable_items(today: date, find: str = "", limit: int | None = None) -> dict[str, list]:
    """The devices, SIM cards and plans that can go into a kit today: with `find`, only
    those with it in a tag, serial, IMEI, model, ICCID, number, carrier or plan name; at most
    `limit` of each."""
    queries = lendable_queries(today)
    if find:
        queries = {name: query.where(or_(*(contains(column, find)
                                           for column in FINDABLE[name])))
                   for name, query in queries.items()}
    return {name: db.session.execute(query.limit(limit)).scalars().all()
            for name, query in queries.items()}
