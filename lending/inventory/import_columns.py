"""What each kind of inventory sheet holds: the columns of its template, the form field each
fills, the other headings people give it, how a cell becomes form input, and an example.
importing.py checks and imports sheets against these."""
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from stdnum import luhn

from ..database import fold
from ..models import DataPlan, Device, SimCard, vocab
from ..spreadsheets import values
from .forms import DeviceForm, PlanForm, SimForm

EXAMPLE_ICCID = "890126012345678901" + luhn.calc_check_digit("890126012345678901")


@dataclass(frozen=True)
class Column:
    """A column of the template: the form field it fills, its heading, the other headings
    people give it, how a cell becomes form input, and an example value."""

    name: str
    header: str
    synonyms: tuple[str, ...]
    convert: Callable
    example: object
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Kind:
    """What an import creates, with the form that checks each row."""

    key: str
    noun: str  # plural, lower case
    model: type
    form: type
    columns: tuple[Column, ...]
    unique: tuple[str, ...]  # fields no two rows, or a row and a stored item, may share


def _reference(value):
    """A contract's reference as typed, in capitals (looked up in `_menus`)."""
    return values.text(value).upper()


CONTRACT = Column("contract_id", "Contract", ("contract reference", "from contract", "source",
                                              "grant", "funder reference"),
                  _reference, "CWF-2026-01",
                  help=vocab.N_("The reference of the contract it came under."))

def _place(value):
    """A place's name as typed, without case or accents (looked up in `_menus`)."""
    return fold(values.text(value))


PLACE = Column("place_id", "Place", ("location", "kept at", "stored at", "site", "shelf",
                                      "office"),
               _place, "Main office", help=vocab.N_("The name of a place under Manage, Places."))

KINDS = {kind.key: kind for kind in (
    Kind("devices", vocab.N_("devices"), Device, DeviceForm, (
        Column("kind", "Kind", ("type", "device type", "device kind", "category"),
               partial(values.choice, vocabulary=vocab.DEVICE_KINDS), "Phone", True,
               vocab.N_("Phone, tablet, laptop or hotspot.")),
        Column("make", "Make", ("brand", "manufacturer"), values.text, "Samsung", True),
        Column("model", "Model", ("model name",), values.text, "Galaxy A15", True),
        Column("serial", "Serial number", ("serial", "serial no", "serial #", "sn", "s n"),
               values.text, "R58T12345", True),
        Column("imei", "IMEI", ("imei number", "imei no", "imei 1", "imei1"),
               partial(values.long_number, digits=15), "356938035643809",
               help=vocab.N_("Needed for phones and hotspots.")),
        Column("asset_tag", "Asset tag", ("asset", "asset number", "asset no", "tag"),
               values.text, "LB-0001"),
        Column("accessories", "Accessories", ("included", "comes with"),
               partial(values.choices, vocabulary=vocab.ACCESSORIES), "Case, Charger",
               help=vocab.N_("Any of: Case, Charger, Cable, Earphones, Stylus.")),
        Column("condition", "Condition", ("state",),
               partial(values.choice, vocabulary=vocab.CONDITIONS), "Good"),
        Column("replacement_value", "Replacement value", ("value", "cost", "price",
                                                          "replacement cost"),
               values.amount, 249),
        CONTRACT,
        PLACE,
        Column("status", "Status", ("ready",),
               partial(values.choice, vocabulary={"received": "Received",
                                                  "available": "Available"}), "Received",
               help=vocab.N_("Received (needs a wipe and set-up, the default) or Available.")),
    ), ("serial", "imei", "asset_tag")),
    Kind("sims", vocab.N_("SIM cards"), SimCard, SimForm, (
        Column("iccid", "ICCID", ("iccid number", "sim number", "sim serial", "sim card number",
                                  "icc id"),
               partial(values.long_number, digits=19), EXAMPLE_ICCID, True),
        Column("phone_number", "Phone number", ("phone", "number", "msisdn", "mobile number",
                                                "line"), values.text, "+1 416 555 0123"),
        Column("carrier", "Carrier", ("provider", "network", "operator"), values.text,
               "Maple Mobile", True),
        Column("pin", "PIN", ("sim pin",), partial(values.long_number, digits=4), "1234"),
        Column("puk", "PUK", ("sim puk", "puk code"), partial(values.long_number, digits=8),
               "12345678"),
        CONTRACT,
        PLACE,
        Column("status", "Status", ("state",),
               partial(values.choice, vocabulary={"spare": "Spare", "active": "Active"}),
               "Spare", help=vocab.N_("Spare (the default) or Active.")),
    ), ("iccid", "phone_number")),
    Kind("plans", vocab.N_("data plans"), DataPlan, PlanForm, (
        Column("carrier", "Carrier", ("provider", "network", "operator"), values.text,
               "Maple Mobile", True),
        Column("name", "Plan name", ("plan", "name", "product"), values.text, "Connect 5",
               True),
        Column("monthly_allowance_gb", "Monthly data (GB)", ("data", "gb", "data gb",
                                                             "allowance", "monthly data"),
               values.amount, 5, True),
        Column("monthly_cost", "Monthly cost", ("cost", "price", "monthly price",
                                                "cost per month"), values.amount, 25, True),
        Column("start_date", "Start date", ("start", "starts", "from", "activation date"),
               values.day, "2026-01-15", True),
        Column("end_date", "Last date of service", ("end date", "end", "ends", "until",
                                                    "last day"),
               values.day, "", help=vocab.N_("Leave blank if it renews until cancelled.")),
        Column("sim_id", "SIM ICCID", ("iccid", "sim", "on sim", "sim card"),
               partial(values.long_number, digits=19), "",
               help=vocab.N_("The ICCID of the program's SIM card it is on, if any.")),
        CONTRACT,
    ), ()),
)}
