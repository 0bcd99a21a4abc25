"""Reads the lending pages share: what can go into a kit today, and how much of it there is."""
from datetime import date

from flask_babel import gettext
from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload

from ..database import contains, count_rows
from ..extensions import db
from ..lookup import find
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
                  .options(joinedload(DataPlan.sim))
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


def lendable_items(today: date, finds: dict | None = None,
                   limit: int | None = None) -> dict[str, list]:
    """The devices, SIM cards and plans that can go into a kit today: for a kind in `finds`,
    only those with its text in a tag, serial, IMEI, model, ICCID, number, carrier or plan
    name; at most `limit` of each."""
    finds = finds or {}
    queries = {name: query.where(or_(*(contains(column, finds[name])
                                       for column in FINDABLE[name])))
               if finds.get(name) else query
               for name, query in lendable_queries(today).items()}
    return {name: db.session.execute(query.limit(limit)).scalars().all()
            for name, query in queries.items()}


# Items per menu on the lending form; a box narrows its menu in a large program.
MENU_LIMIT = 100
MODELS = {"device": Device, "sim": SimCard, "plan": DataPlan}


def lending_menus(today: date, finds: dict | None = None, chosen: dict | None = None,
                  first_kind: str | None = None, limit: int | None = None):
    """The lending form's three menus as (id, label, attributes) choices, and which of them
    were cut short at `limit`. `finds` narrows a kind's menu to what its box found; an item
    chosen by a link, a box or the menu stays in its menu;
    the kind waited for comes first among devices, and the chosen SIM card's plans first
    among plans (each plan option names its SIM card, for the page's script)."""
    limit = MENU_LIMIT if limit is None else limit
    chosen = chosen or {}
    items = lendable_items(today, finds, limit + 1)
    cut = [name for name, found in items.items() if len(found) > limit]
    queries = lendable_queries(today)
    for name, model in MODELS.items():
        items[name] = items[name][:limit]
        item = find(model, chosen.get(name))  # None too for an id no row can have
        if item is not None and item not in items[name]:
            items[name][:0] = db.session.execute(
                queries[name].where(model.id == item.id)).scalars().all()
    if first_kind:
        items["device"].sort(key=lambda device: device.kind != first_kind)  # stable
    if chosen.get("sim"):
        items["plan"].sort(key=lambda plan: plan.sim_id != chosen["sim"])
    menus = {
        "device": [(0, gettext("No device"), {}),
                   *((d.id, f"{d.title} · {vocab.DEVICE_KINDS[d.kind]}", {})
                     for d in items["device"])],
        "sim": [(0, gettext("No SIM card"), {}), *((s.id, s.title, {}) for s in items["sim"])],
        "plan": [(0, gettext("No data plan"), {}),
                 *((p.id, p.menu_label, {"data-sim": p.sim_id or ""}) for p in items["plan"])],
    }
    return menus, cut
