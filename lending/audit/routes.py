"""Browsing the audit log (managers only)."""
from flask import render_template

from ..extensions import db
from ..listing import Filter, Listing
from ..models import AuditEntry
from ..permissions import allow
from . import bp

ACTIONS = ["create", "update", "lend", "renew", "return", "reset", "status", "activate",
           "login", "login_failed", "logout"]
OBJECT_TYPES = ["device", "sim_card", "data_plan", "peer", "peer_contact", "loan", "user"]
# Where an entry's object can be looked at.
OBJECT_PAGES = {"device": ("inventory.device", "device_id"),
                "sim_card": ("inventory.sim", "sim_id"),
                "data_plan": ("inventory.plan", "plan_id"),
                "peer": ("peers.detail", "peer_id"),
                "loan": ("loans.detail", "loan_id")}


@bp.route("")
@allow("manager")
def index():
    """Every entry, newest first, filterable by action and object, searchable by actor."""
    listing = Listing(
        db.select(AuditEntry),
        sorts={"at": AuditEntry.at, "actor": AuditEntry.actor, "action": AuditEntry.action},
        default_sort="at", default_dir="desc", tiebreak=(AuditEntry.id.desc(),),
        search=(AuditEntry.actor, AuditEntry.note),
        filters={"action": Filter("Action", {a: a.replace("_", " ") for a in ACTIONS},
                                  lambda v: AuditEntry.action == v),
                 "object_type": Filter("Object", {o: o.replace("_", " ") for o in OBJECT_TYPES},
                                       lambda v: AuditEntry.object_type == v)})
    return render_template("audit/index.html", listing=listing, object_pages=OBJECT_PAGES)
