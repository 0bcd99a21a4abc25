"""Browsing the audit log (managers only)."""
from flask import render_template

from ..extensions import db
from ..listing import Filter, Listing
from ..models import AuditEntry, vocab
from ..permissions import allow
from . import bp
from .labels import ACTIONS, OBJECTS
from .reading import readable_changes

# Where an entry's object can be looked at.
OBJECT_PAGES = {"device": ("inventory.device", "device_id"),
                "issue": ("issues.detail", "issue_id"),
                "partner": ("partners.partner", "partner_id"),
                "contract": ("partners.contract", "contract_id"),
                "user": ("users.edit", "user_id"),
                "sim_card": ("inventory.sim", "sim_id"),
                "data_plan": ("inventory.plan", "plan_id"),
                "peer": ("peers.detail", "peer_id"),
                "loan": ("loans.detail", "loan_id")}


@bp.route("")
@allow("manager")
def index():
    """Every entry, newest first, filterable by action and object, searchable by actor."""
    # The menus offer what the log holds, so new kinds of entry need no change here.
    actions, object_types = ({value: words.get(value, value.replace("_", " "))
                              for value in db.session.execute(
                                  db.select(column).distinct().order_by(column)).scalars()}
                             for column, words in ((AuditEntry.action, ACTIONS),
                                                   (AuditEntry.object_type, OBJECTS)))
    listing = Listing(
        db.select(AuditEntry),
        sorts={"at": AuditEntry.at, "actor": AuditEntry.actor, "action": AuditEntry.action},
        default_sort="at", default_dir="desc", tiebreak=(AuditEntry.id.desc(),),
        search=(AuditEntry.actor, AuditEntry.note, AuditEntry.via),
        filters={"action": Filter(vocab.N_("Action"), actions, lambda v: AuditEntry.action == v),
                 "object_type": Filter(vocab.N_("Object"), object_types,
                                       lambda v: AuditEntry.object_type == v)})
    return render_template("audit/index.html", listing=listing, object_pages=OBJECT_PAGES,
                           actions=ACTIONS, objects=OBJECTS,
                           changes=readable_changes(listing.items))
