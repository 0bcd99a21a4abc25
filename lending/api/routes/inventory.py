"""Devices, SIM cards, data plans and places: the inventory lists and records (read)."""
from marshmallow import fields

from ...extensions import db
from ...inventory.listings import device_listing, plan_listing, sim_listing
from ...lookup import get_or_404
from ...models import DataPlan, Device, Place, SimCard, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ..paging import PageArgs, list_args, listed, page_of, page_schema
from ..schemas import DataPlanSchema, DeviceSchema, PlaceSchema, SimCardSchema, one_of
from . import api_blueprint

devices = api_blueprint("devices", "/devices", "Phones, tablets, laptops and hotspots.")
sims = api_blueprint("sim_cards", "/sim-cards", "SIM cards (their PIN and PUK are never "
                                                 "sent).")
plans = api_blueprint("plans", "/plans", "Data plans.")
places = api_blueprint("places", "/places", "Where items are kept.")

ITEM_FILTERS = {"contract": fields.Integer(metadata={"description": "A contract's id."}),
                "place": fields.Integer(metadata={"description": "A place's id."})}


@devices.route("")
@devices.arguments(list_args("DeviceQuery", kind=fields.String(**one_of(vocab.DEVICE_KINDS)),
                             status=fields.String(**one_of(vocab.DEVICE_STATUSES)),
                             **ITEM_FILTERS), location="query")
@devices.response(200, page_schema(DeviceSchema, "DevicePage"))
@allow(*STAFF_AND_MANAGERS)
def device_list(args):
    """Devices, oldest first; `q` searches make, model, serial, IMEI and asset tag."""
    return listed(device_listing(words=args.get("q", "")), args, Device.id)


@devices.route("/<int:device_id>")
@devices.etag
@devices.response(200, DeviceSchema)
@allow(*STAFF_AND_MANAGERS)
def device(device_id):
    """A device."""
    return get_or_404(Device, device_id)


@sims.route("")
@sims.arguments(list_args("SimCardQuery", status=fields.String(**one_of(vocab.SIM_STATUSES)),
                          **ITEM_FILTERS), location="query")
@sims.response(200, page_schema(SimCardSchema, "SimCardPage"))
@allow(*STAFF_AND_MANAGERS)
def sim_list(args):
    """SIM cards, oldest first; `q` searches ICCID, phone number and carrier."""
    return listed(sim_listing(words=args.get("q", "")), args, SimCard.id)


@sims.route("/<int:sim_id>")
@sims.etag
@sims.response(200, SimCardSchema)
@allow(*STAFF_AND_MANAGERS)
def sim(sim_id):
    """A SIM card."""
    return get_or_404(SimCard, sim_id)


@plans.route("")
@plans.arguments(list_args("PlanQuery", service=fields.String(
    **one_of(vocab.PLAN_SERVICE_STATUSES)), contract=ITEM_FILTERS["contract"]),
    location="query")
@plans.response(200, page_schema(DataPlanSchema, "PlanPage"))
@allow(*STAFF_AND_MANAGERS)
def plan_list(args):
    """Data plans, oldest first; `q` searches carrier and plan name."""
    return listed(plan_listing(words=args.get("q", "")), args, DataPlan.id)


@plans.route("/<int:plan_id>")
@plans.etag
@plans.response(200, DataPlanSchema)
@allow(*STAFF_AND_MANAGERS)
def plan(plan_id):
    """A data plan."""
    return get_or_404(DataPlan, plan_id)


@places.route("")
@places.arguments(PageArgs, location="query")
@places.response(200, page_schema(PlaceSchema, "PlacePage"))
@allow(*STAFF_AND_MANAGERS)
def place_list(args):
    """Places, in use or not."""
    return page_of(db.select(Place), Place.id, args)
