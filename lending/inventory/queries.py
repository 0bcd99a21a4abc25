"""Reads the inventory pages share: menus of contracts, places and SIM cards, their list
filters, idle lines."""
from datetime import timedelta

from flask_babel import gettext
from sqlalchemy import func

from ..extensions import db
from ..listing import Filter
from ..models import Contract, DataPlan, Place, SimCard
from ..models.vocab import N_

IDLE_DAYS = 30


def contract_choices():
    """Contracts an item can come from, as form choices (0 means none)."""
    contracts = db.session.execute(db.select(Contract).order_by(Contract.reference)).scalars()
    return {0: gettext("None recorded"), **{c.id: f"{c.reference}: {c.title}" for c in contracts}}


def contract_filter(model):
    """The "Contract" menu of an inventory list: items a contract provided."""
    contracts = db.session.execute(db.select(Contract.id, Contract.reference)
                                   .order_by(Contract.reference)).all()
    return Filter(N_("Contract"), {str(id_): reference for id_, reference in contracts},
                  lambda value: model.contract_id == int(value))


def place_choices(current=None):
    """Places in use (and the item's own, if no longer in use), as form choices."""
    places = db.session.execute(db.select(Place).where(
        (Place.active) | (Place.id == (current or 0))).order_by(Place.name)).scalars()
    return {0: gettext("Not recorded"), **{p.id: p.name for p in places}}


def place_filter(model):
    """The "Place" menu of an inventory list."""
    places = db.session.execute(db.select(Place.id, Place.name).order_by(Place.name)).all()
    return Filter(N_("Place"), {str(id_): name for id_, name in places},
                  lambda value: model.place_id == int(value))


def sim_choices():
    """SIM cards a plan can be put on, as form choices (0 means none)."""
    sims = db.session.execute(db.select(SimCard).where(SimCard.status != "cancelled")
                              .order_by(SimCard.carrier, SimCard.phone_number)).scalars()
    return {0: gettext("No SIM card"), **{sim.id: sim.title for sim in sims}}


def idle_lines_query(today):
    """Plans in service with no recorded use (or none since they started) for 30 days."""
    cutoff = today - timedelta(days=IDLE_DAYS)
    return (db.select(DataPlan)
            .where(DataPlan.in_service(today),
                   func.coalesce(DataPlan.last_used_on, DataPlan.start_date) <= cutoff)
            .order_by(func.coalesce(DataPlan.last_used_on, DataPlan.start_date)))
