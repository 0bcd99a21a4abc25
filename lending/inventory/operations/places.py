"""Places where items are kept, and moving items between them."""
from flask_babel import gettext

from ...audit.log import apply_changes, record_created
from ...database import equals_folded
from ...extensions import db
from ...models import Place
from ...models.vocab import N_
from ...refusals import RuleError, flush_or_refuse

TAKEN = N_("Another place already has this name.")


def _check_name(name: str, place: Place | None = None):
    """Refuse a blank name, or one another place has (ignoring case and accents)."""
    if not name:
        raise RuleError(gettext("Give the place a name."))
    query = db.select(Place.id).where(equals_folded(Place.name, name))
    if place is not None:
        query = query.where(Place.id != place.id)
    if db.session.execute(query).first() is not None:
        raise RuleError(gettext(TAKEN))


def place_problem(place_id: int | None, current: int | None = None) -> str | None:
    """Why an item cannot be put at this place, or None: it must exist and be in use (an
    item may stay where it was after its place went out of use)."""
    if place_id is None or place_id == current:
        return None
    place = db.session.get(Place, place_id)
    if place is None or not place.active:
        return gettext("That place is not in use; choose another or ask a manager to add it.")
    return None


def add_place(name: str, *, by, note="") -> Place:
    """A new place to keep items."""
    _check_name(name)
    place = Place(name=name, note=note)
    db.session.add(place)
    flush_or_refuse(gettext(TAKEN))
    record_created(place, by=by)
    return place


def update_place(place: Place, data: dict, *, by) -> dict:
    """Rename a place, change its note, or put it out of use (its items keep it); the
    changes."""
    if "name" in data:
        _check_name(data["name"], place)
    changes = apply_changes(place, data, by=by)
    flush_or_refuse(gettext(TAKEN))
    return changes
