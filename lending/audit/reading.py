"""How audit entries read to a manager: field labels instead of column names, times in the
organization's zone, people by name, stored values by their labels."""
import re
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import literal, union_all

from ..extensions import db
from ..filters import accessories, localtime
from ..models import Contract, Partner, Peer, Place, User, vocab
from .labels import FIELDS, HIDDEN

ACCESSORY_FIELDS = {"accessories", "accessories_out", "accessories_back", "missing_accessories"}
# Fields that name another record, shown by what people call it (a user by name, a peer by code).
NAMED = {"peer_id": (Peer, Peer.code), "contract_id": (Contract, Contract.reference),
         "partner_id": (Partner, Partner.reference), "place_id": (Place, Place.name)}
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
NONE = "—"


def label(field: str) -> str:
    """A column's name as words: received_by_id -> "Received by" (labels.py; a column added
    since reads as its name until it is given words there)."""
    for name in (field, f"{field}_id"):  # a relationship's changes are named without "_id"
        if name in FIELDS:
            return FIELDS[name]
    words = field.removesuffix("_id").replace("_", " ")
    return words[:1].upper() + words[1:]


def _columns():
    """{(table, column): the vocabulary its values come from}, read off the models."""
    found = {}
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table
        for column in table.columns:
            vocabulary = vocab.VOCABULARIES.get(getattr(column.type, "name", None))
            if vocabulary is not None:
                found[(table.name, column.key)] = vocabulary
    return found


def _value(object_type, field, value, names, vocabularies) -> str:
    """One stored value as people read it."""
    if value is None or value == "":
        return NONE
    if value == HIDDEN:
        return gettext(HIDDEN)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if field.endswith("_by_id") or field == "user_id":
        return names["user"].get(value, gettext("account #%(id)s", id=value))
    if field in NAMED:
        return names[field].get(value, f"#{value}")
    if (object_type, field) in vocabularies:
        return vocab.label(vocabularies[(object_type, field)], value)
    if field in ACCESSORY_FIELDS:
        return accessories(value)
    if isinstance(value, str) and MOMENT.match(value):
        return localtime(datetime.fromisoformat(value))
    return str(value)


def _names(entries) -> dict[str, dict]:
    """What the records named on a page of entries are called, in one query."""
    wanted = {"user": (User, User.name), **NAMED}
    ids = {kind: set() for kind in wanted}
    for entry in entries:
        for field, change in entry.changes.items():
            kind = "user" if field.endswith("_by_id") else field
            if kind in ids:
                ids[kind].update(value for value in change if isinstance(value, int))
    names = {kind: {} for kind in wanted}
    parts = [db.select(literal(kind).label("kind"), model.id, name.label("name"))
             .where(model.id.in_(ids[kind])) for kind, (model, name) in wanted.items()
             if ids[kind]]
    if parts:
        for kind, record_id, name in db.session.execute(union_all(*parts)):
            names[kind][record_id] = name
    return names


def readable_changes(entries) -> dict[int, list[tuple[str, str, str]]]:
    """{entry id: [(label, before, after)]} for a page of entries, leaving out changes that
    read the same on both sides (nothing to an empty value)."""
    names, vocabularies = _names(entries), _columns()
    readable = {}
    for entry in entries:
        rows = [(label(field), *(_value(entry.object_type, field, value, names, vocabularies)
                                 for value in change))
                for field, change in entry.changes.items()]
        readable[entry.id] = [row for row in rows if row[1] != row[2]]
    return readable
