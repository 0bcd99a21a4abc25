"""Which items a label run prints, and what each label says."""
from flask import current_app, has_request_context, request
from flask_babel import gettext

from ..extensions import db
from ..inventory.listings import device_listing, sim_listing
from ..models import Device, SimCard
from ..models.vocab import N_
from .layouts import LAYOUTS
from .pdf import Label, labels_pdf

KINDS = {"devices": (Device, "inventory.device", "device_id", device_listing),
         "sims": (SimCard, "inventory.sim", "sim_id", sim_listing)}
NOUNS = {"devices": N_("devices"), "sims": N_("SIM cards")}


def base_url() -> str:
    """The app's address as people reach it: this request's, or the BASE_URL setting (for the
    command line)."""
    if has_request_context():
        return request.url_root.rstrip("/")
    return current_app.config["BASE_URL"].rstrip("/")


def address(item) -> str:
    """The item's page: what its QR code holds."""
    _model, endpoint, argument, _listing = KINDS["devices" if isinstance(item, Device)
                                                 else "sims"]
    path = current_app.url_map.bind("localhost").build(endpoint, {argument: item.id})
    return base_url() + path


def label_for(item, *, show_place=False) -> Label:
    """The label of a device (its asset tag, else its serial) or a SIM card (its ICCID)."""
    code = (item.asset_tag or item.serial) if isinstance(item, Device) else item.iccid
    return Label(address(item), code, item.place.name if show_place and item.place else "")


def chosen_items(kind: str, ids: list[int] | None, limit: int | None) -> list:
    """The items ticked (by id), or else every item of the list as the request's search and
    filters choose it, in the list's order; at most `limit`."""
    model, _endpoint, _argument, listing = KINDS[kind]
    query = db.select(model).where(model.id.in_(ids)).order_by(model.id) if ids \
        else listing().query
    return list(db.session.execute(query.limit(limit)).scalars())


def labels_file(kind: str, items: list, layout_key: str, *, start=1, show_place=False) -> bytes:
    """The PDF of the items' labels on a label stock (`start`: the first free label of a
    partly used sheet)."""
    layout = LAYOUTS[layout_key]
    return labels_pdf([label_for(item, show_place=show_place) for item in items], layout,
                      organization=current_app.config["ORG_NAME"],
                      start=start if layout.per_page > 1 else 1,
                      title=gettext("Labels for %(count)s %(things)s", count=len(items),
                                    things=gettext(NOUNS[kind])))


def every_item(kind: str) -> list:
    """Every device or SIM card, in the order they were added."""
    model = KINDS[kind][0]
    return list(db.session.execute(db.select(model).order_by(model.id)).scalars())
