"""Rules with a Python form and a SQL form agree: "lendable" for devices, SIM cards and plans,
and a plan "in service" on a day or over a period."""
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.loans.queries import available_stock, lendable_queries
from lending.models import DataPlan, Device, SimCard, vocab
from lending.models.lendable import lendable, why_not_lendable

from . import factories


@pytest.fixture
def every_state(app):
    """Items in every state that matters, and one of each kind held by an open loan."""
    today = local_today()
    staff = factories.user("staff")
    devices = [factories.device("tablet", imei=None, status=status)
               for status in vocab.DEVICE_STATUSES]
    sims = [factories.sim(status=status) for status in vocab.SIM_STATUSES]  # spare first
    plans = [factories.plan(start=today - timedelta(days=10), end=None),
             factories.plan(start=today - timedelta(days=10), end=today),  # its last day
             factories.plan(start=today + timedelta(days=1)),
             factories.plan(start=today - timedelta(days=40), end=today - timedelta(days=1)),
             factories.plan(sim=sims[0]), factories.plan(sim=sims[1])]  # on a spare, an active SIM
    held = factories.lend(factories.peer(), by=staff,
                          device=factories.device("tablet", imei=None),
                          sim=factories.sim(), plan=factories.plan())
    db.session.commit()
    return {Device: [*devices, held.device], SimCard: [*sims, held.sim],
            DataPlan: [*plans, held.plan]}


@pytest.mark.parametrize("model", [Device, SimCard, DataPlan], ids=lambda m: m.__name__)
def test_the_python_and_sql_forms_of_lendable_agree(every_state, model):
    today = local_today()
    by_python = {item.id for item in every_state[model] if why_not_lendable(item, today) is None}
    by_sql = set(db.session.execute(db.select(model.id).where(lendable(model, today))).scalars())
    assert by_python == by_sql
    assert by_python, "some item of each kind is lendable"
    assert len(by_python) < len(every_state[model]), "and some is not"


def test_the_menus_and_the_stock_count_use_the_same_rule(every_state):
    today = local_today()
    menus = {name: set(db.session.execute(query).scalars().all())
             for name, query in lendable_queries(today).items()}
    for name, model in (("device", Device), ("sim", SimCard), ("plan", DataPlan)):
        assert menus[name] == {item for item in every_state[model]
                               if why_not_lendable(item, today) is None}
    stock = available_stock(today)
    assert stock["tablet"] == len(menus["device"]) and stock["data_only"] == len(menus["sim"])


def test_items_out_on_a_loan_are_not_lendable(every_state):
    today = local_today()
    device, sim, plan = (every_state[model][-1] for model in (Device, SimCard, DataPlan))
    assert why_not_lendable(device, today) == f"{device.title} is on loan, not available."
    assert why_not_lendable(sim, today) == f"{sim.title} is already on loan."
    assert why_not_lendable(plan, today) == f"{plan.title} is already on loan."


def test_in_service_reads_the_same_in_python_and_sql(app):
    today = local_today()
    plans = [factories.plan(start=today - timedelta(days=20), end=today + timedelta(days=5)),
             factories.plan(start=today - timedelta(days=20), end=None),
             factories.plan(start=today + timedelta(days=2), end=today + timedelta(days=9))]
    db.session.commit()
    for offset in range(-25, 15, 3):
        for length in (0, 4, 30):
            first = today + timedelta(days=offset)
            last = first + timedelta(days=length)
            by_python = {p.id for p in plans if p.in_service_between(first, last)}
            by_sql = set(db.session.execute(db.select(DataPlan.id).where(
                DataPlan.in_service_between(first, last))).scalars())
            assert by_python == by_sql, (first, last)
            assert {p.id for p in plans if p.in_service(first)} == set(db.session.execute(
                db.select(DataPlan.id).where(DataPlan.in_service(first))).scalars())
