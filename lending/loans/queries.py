"""Reads the lending pages share: what can go into a kit today, and how much of it there is."""
from datetime import date

from sqlalchemy import func, or_

from ..database import contains, count_rows
from ..extensions import db
from ..models import DataPlan, Device, LoanItem, SimCard, vocab


def _not_on_open_loan(column):
    """SQL: no open loan line holds the item."""
    return ~db.select(LoanItem.id).where(column, LoanItem.closed_at.is_(None)).exists()


def lendable_queries(today: date) -> dict:
    """Queries for the devices, SIM cards and plans that can go into a kit today."""
    return {
        "device": db.select(Device).where(Device.status == "available")
                    .order_by(Device.kind, Device.make, Device.model, Device.id),
        "sim": db.select(SimCard).where(SimCard.status == "active",
                                        _not_on_open_loan(LoanItem.sim_id == SimCard.id))
                 .order_by(SimCard.carrier, SimCard.phone_number),
        "plan": db.select(DataPlan).where(
            DataPlan.start_date <= today,
            (DataPlan.end_date.is_(None)) | (DataPlan.end_date >= today),
            _not_on_open_loan(LoanItem.plan_id == DataPlan.id))
            .order_by(DataPlan.carrier, DataPlan.name, DataPlan.id),
    }


def available_stock(today: date) -> dict[str, int]:
    """How many kits of each kind could be lent today (data only: free active SIM cards)."""
    queries = lendable_queries(today)
    stock = dict.fromkeys(vocab.LOAN_KINDS, 0)
    stock.update(db.session.execute(  # count(*): read from ix_device_status_kind alone
        db.select(Device.kind, func.count()).where(Device.status == "available")
        .group_by(Device.kind)).all())
    stock["data_only"] = count_rows(db.session, queries["sim"])
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
