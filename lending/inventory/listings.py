"""The devices, SIM cards and data plans lists: what they search, filter, sort and show. The
list pages, their downloads (done by jobs when long) and the labels printed from them read the
same rows."""
from flask_babel import gettext
from sqlalchemy import func

from ..clock import local_today
from ..extensions import db
from ..listing import Column, Filter, Listing
from ..models import DataPlan, Device, SimCard, vocab
from ..models.vocab import N_
from .queries import contract_filter, place_filter

DEVICE_COLUMNS = [
    Column(N_("Asset tag"), lambda d: d.asset_tag or "", "asset_tag"),
    Column(N_("Kind"), lambda d: vocab.DEVICE_KINDS[d.kind], "kind"),
    Column(N_("Make and model"), lambda d: f"{d.make} {d.model}", "make"),
    Column(N_("Serial"), lambda d: d.serial, "serial"),
    Column(N_("Status"), lambda d: vocab.DEVICE_STATUSES[d.status], "status"),
]

SIM_COLUMNS = [
    Column(N_("Phone number"), lambda s: s.phone_number or gettext("No number"), "number"),
    Column(N_("ICCID"), lambda s: s.iccid, "iccid"),
    Column(N_("Carrier"), lambda s: s.carrier, "carrier"),
    Column(N_("Status"), lambda s: vocab.SIM_STATUSES[s.status], "status"),
]


def _service_condition(status):
    """SQL for plans that are upcoming, active or ended today."""
    today = local_today()
    if status == "upcoming":
        return DataPlan.start_date > today
    if status == "active":
        return DataPlan.in_service(today)
    return DataPlan.end_date < today

PLAN_COLUMNS = [
    Column(N_("Plan"), lambda p: f"{p.name} {p.monthly_allowance_gb:.1f} GB", "name"),
    Column(N_("Carrier"), lambda p: p.carrier, "carrier"),
    Column(N_("Monthly cost"), lambda p: p.monthly_cost, "cost"),
    Column(N_("Start"), lambda p: p.start_date, "start"),
    Column(N_("Last day"), lambda p: p.end_date, "end"),
    Column(N_("Service"), lambda p: vocab.PLAN_SERVICE_STATUSES[p.service_status(local_today())]),
]



def device_listing(words: str | None = None) -> Listing:
    """All devices as the request's search, filters and sort choose them."""
    return Listing(
        db.select(Device),
        sorts={"kind": Device.kind, "make": func.lower(Device.make), "serial": Device.serial,
               "asset_tag": Device.asset_tag, "status": Device.status,
               "added": Device.created_at},
        default_sort="added", default_dir="desc", tiebreak=(Device.id.desc(),),
        search=(Device.make, Device.model, Device.serial, Device.imei, Device.asset_tag),
        filters={"kind": Filter(N_("Kind"), vocab.choices(vocab.DEVICE_KINDS),
                                lambda v: Device.kind == v),
                 "status": Filter(N_("Status"), vocab.choices(vocab.DEVICE_STATUSES),
                                  lambda v: Device.status == v),
                 "contract": contract_filter(Device), "place": place_filter(Device)},
        columns=DEVICE_COLUMNS, export_name="devices", export_title=N_("Devices"), words=words)


def sim_listing(words: str | None = None) -> Listing:
    """All SIM cards as the request's search, filters and sort choose them."""
    return Listing(
        db.select(SimCard),
        sorts={"iccid": SimCard.iccid, "number": SimCard.phone_number,
               "carrier": SimCard.carrier, "status": SimCard.status,
               "added": SimCard.created_at},
        default_sort="added", default_dir="desc", tiebreak=(SimCard.id.desc(),),
        search=(SimCard.iccid, SimCard.phone_number, SimCard.carrier),
        filters={"status": Filter(N_("Status"), vocab.choices(vocab.SIM_STATUSES),
                                  lambda v: SimCard.status == v),
                 "contract": contract_filter(SimCard), "place": place_filter(SimCard)},
        columns=SIM_COLUMNS, export_name="sim-cards", export_title=N_("SIM cards"), words=words)


def plan_listing(words: str | None = None) -> Listing:
    """All data plans as the request's search, filters and sort choose them."""
    return Listing(
        db.select(DataPlan),
        sorts={"carrier": DataPlan.carrier, "name": DataPlan.name,
               "cost": DataPlan.monthly_cost, "start": DataPlan.start_date,
               "end": DataPlan.end_date},
        default_sort="start", default_dir="desc", tiebreak=(DataPlan.id.desc(),),
        search=(DataPlan.carrier, DataPlan.name),
        filters={"service": Filter(N_("Service"), vocab.PLAN_SERVICE_STATUSES, _service_condition),
                 "contract": contract_filter(DataPlan)},
        columns=PLAN_COLUMNS, export_name="data-plans", export_title=N_("Data plans"), words=words)
