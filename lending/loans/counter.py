"""Lending at the counter: the lending form's boxes turned into its choices. The peer box takes a
code or a name; the device and SIM card boxes take what a scanner types (or part of a tag,
serial or model). Each is resolved on its own, keeping what was chosen elsewhere, and the
cursor moves on to the next box; nothing is lent in a round that resolved a box."""
import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext
from sqlalchemy import or_

from ..database import contains
from ..extensions import db
from ..models import Device, LoanItem, Peer, SimCard
from ..models.lendable import lendable, why_not_lendable
from ..models.peers import is_valid_peer_code
from ..search.anything import find_peers, items_named
from .queries import FINDABLE

CODE_SHAPED = re.compile(r"\s*P-?\w{7}\s*", re.IGNORECASE)
BOXES = {"device": Device, "sim": SimCard}
# Where the cursor goes once a box is resolved: the next thing to give.
NEXT = {"peer_code": "device_code", "device_code": "sim_code", "sim_code": "acceptance"}


@dataclass
class Round:
    """What a round of resolving the boxes found: peers to choose from, menus narrowed to
    what a box found in part, and the field the cursor goes to."""

    peers: list = field(default_factory=list)
    narrowed: dict[str, str] = field(default_factory=dict)
    focus: str = "peer_code"


def pending(form, pick: str, entered: bool) -> bool:
    """Whether the form holds something to resolve rather than a kit to lend: a peer picked
    from suggestions, a name in the peer box, or a code in an item box; or, when Enter sent
    it (`entered`), a kit not yet whole (Enter then moves on to what it still needs)."""
    peer = (form.peer_code.data or "").strip()
    return bool(pick or form.device_code.data or form.sim_code.data
                or (peer and not CODE_SHAPED.fullmatch(peer))
                or (entered and _still_needed(form) != "lend"))


def _still_needed(form) -> str:
    """The first thing a whole kit still needs: a peer, an item, how the agreement was
    accepted; or "lend"."""
    if not is_valid_peer_code(form.peer_code.data or ""):
        return "peer_code"
    if not (form.device_id.data or form.sim_id.data or form.plan_id.data):
        return "device_code"
    return "acceptance" if not form.acceptance.data else "lend"


def resolve(form, today: date, *, pick: str, user) -> Round:
    """Turn each filled box into a choice (or say why it cannot be), in place on the form; the
    cursor goes to the box after the last one resolved, else to what the kit still needs."""
    this = Round(focus=_still_needed(form))
    if pick:
        form.peer_code.data = pick
        this.focus = "device_code"
    elif (form.peer_code.data or "").strip() and not is_valid_peer_code(form.peer_code.data):
        this.focus = _resolve_peer(form, this, user)
    for name, model in BOXES.items():
        box = form[f"{name}_code"]
        if box.data:
            this.focus = _resolve_item(form, name, model, box, this, today)
    if this.focus == "lend":
        this.focus = "acceptance"
    return this


def _resolve_peer(form, this, user) -> str:
    """A name (or part of a code) in the peer box: the one peer it names, or suggestions."""
    words = form.peer_code.data.strip()
    this.peers = find_peers(words, user=user)
    if len(this.peers) == 1:
        form.peer_code.data = this.peers[0].code
        this.peers = []
        return "device_code"
    if not this.peers:
        _say(form.peer_code,
             gettext("No peer matches “%(words)s”. Check the code, or register the peer first.",
                     words=words))
    return "peer_code"


def _resolve_item(form, name, model, box, this, today) -> str:
    """A device's or SIM card's code: chosen when it names one item that can be lent today;
    otherwise why not, or the menu narrowed to the items it is part of."""
    typed = box.data.strip()
    box.data = ""
    named = [item for item in items_named(typed) if isinstance(item, model)]
    if len(named) == 1 and (why := why_not_lendable(named[0], today)):
        _say(box, _on_loan_to(named[0]) or why)
        return box.id
    candidates = [item for item in named if why_not_lendable(item, today) is None] or \
        db.session.execute(db.select(model).where(lendable(model, today), or_(*(
            contains(column, typed) for column in FINDABLE[name]))).limit(2)).scalars().all()
    if len(candidates) == 1:
        _choose(form, name, candidates[0], today)
        return NEXT[box.id]
    if not candidates:
        _say(box, gettext("No device that can be lent today matches “%(typed)s”.", typed=typed)
             if name == "device" else
             gettext("No SIM card that can be lent today matches “%(typed)s”.", typed=typed))
        return box.id
    this.narrowed[name] = typed
    _say(form[f"{name}_id"], gettext("Several match “%(typed)s”; choose one here.", typed=typed))
    return f"{name}_id"


def _on_loan_to(item) -> str | None:
    """For an item out on a loan: which loan, and to whom."""
    column = LoanItem.device_id if isinstance(item, Device) else LoanItem.sim_id
    line = LoanItem.open_for(column, item.id)
    if line is None:
        return None
    return (gettext("%(title)s is on loan #%(loan_id)s to %(borrower_text)s; check it in before "
                    "lending it again.", title=item.title, loan_id=line.loan_id,
                    borrower_text=line.loan.borrower_text))


def _choose(form, name, item, today):
    """Put the item in its menu; a device brings its accessories, a SIM card its plan."""
    form[f"{name}_id"].data = item.id
    if isinstance(item, Device):
        form.accessories.data = [a for a in item.accessory_list if a not in item.missing_list]
    elif not form.plan_id.data:
        plans = [plan for plan in item.plans if why_not_lendable(plan, today) is None]
        if len(plans) == 1:
            form.plan_id.data = plans[0].id


def _say(field, message: str):
    """Show a message on a field (its errors are a tuple until the form is validated)."""
    field.errors = [*field.errors, message]


def peer_named(form) -> Peer | None:
    """The peer whose code is in the peer box, if any."""
    code = (form.peer_code.data or "").strip().upper()
    return db.session.execute(db.select(Peer).filter_by(code=code)).scalar_one_or_none() \
        if code else None

