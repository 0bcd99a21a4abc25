"""The one search box: whatever was typed or scanned (a peer code, a name, a phone number, an
asset tag, a serial, an IMEI, an ICCID, a loan number, a contract reference) found among
peers, devices, SIM cards, loans and contracts. Numbers are matched without their spaces and
dashes; text without case or accents (database.py)."""
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import phonenumbers
from flask import current_app
from sqlalchemy import or_

from ..database import contains, equals_folded
from ..extensions import db
from ..models import Contract, Device, Loan, Peer, PeerContact, SimCard
from ..permissions import can_see_peer_details, is_manager

SHOWN = 10  # records shown per kind; the lists hold the rest
PARTIAL_FROM = 3  # characters before a search reads parts of codes and names
LOAN_NUMBER = re.compile(r"(?:loan\s*)?#\s*(\d{1,9})|loan\s*(\d{1,9})", re.IGNORECASE)
PEER_CODE = re.compile(r"P-?([2-9A-HJKMNP-Z]{7})")
ADDRESS = re.compile(r"/(devices|sims)/(\d{1,9})/?")  # what a label's QR code holds


@dataclass
class Found:
    """What a search found: records by kind (each list at most SHOWN long), whether a kind
    had more, and the records matched whole (a code, a number) rather than in part."""

    words: str
    kinds: dict[str, list] = field(default_factory=dict)
    more: set[str] = field(default_factory=set)
    exact: list = field(default_factory=list)

    @property
    def only_exact(self):
        """The one record matched whole, if exactly one was: where the search leads."""
        return self.exact[0] if len(self.exact) == 1 else None

    @property
    def empty(self) -> bool:
        """Whether nothing at all was found."""
        return not any(self.kinds.values())


def compact(words: str) -> str:
    """The words without the spaces, dashes, dots and brackets people put inside numbers."""
    return re.sub(r"[\s\-.()/]", "", words)


def named_by_address(words: str):
    """The device or SIM card whose page a scanned label's QR code gives (any host: the
    path is what names it), or None."""
    match = ADDRESS.fullmatch(urlsplit(words.strip()).path) if "/" in words else None
    if match is None:
        return None
    return db.session.get(Device if match[1] == "devices" else SimCard, int(match[2]))


def find_anything(words: str, *, user) -> Found:
    """Everything the words name that this user may see, by kind."""
    words = words.strip()
    found = Found(words)
    labelled = named_by_address(words)
    if labelled is not None:
        found.exact.append(labelled)
        found.kinds["Devices" if isinstance(labelled, Device) else "SIM cards"] = [labelled]
        return found
    number = compact(words)
    contacts = can_see_peer_details(user)
    searches = {
        "Peers": (_peers_whole(words, number, contacts), _peers_in_part(words, number,
                                                                           contacts)),
        "Devices": (_devices_whole(words, number), _devices_in_part(words, number)),
        "SIM cards": (_sims_whole(words, number), _sims_in_part(number)),
        "Loans": (_loans_whole(words), _loans_in_part(number)),
    }
    if is_manager(user):
        searches["Contracts"] = (_contracts_whole(words), _contracts_in_part(words))
    partial = len(words) >= PARTIAL_FROM
    for kind, (whole, in_part) in searches.items():
        records = list(db.session.execute(whole.limit(SHOWN + 1)).scalars()) \
            if whole is not None else []
        found.exact += records
        if (partial or kind == "Loans") and in_part is not None:
            seen = {record.id for record in records}
            records += [record for record in db.session.execute(
                in_part.limit(SHOWN + 1)).scalars() if record.id not in seen]
        found.kinds[kind] = records[:SHOWN]
        if len(records) > SHOWN:
            found.more.add(kind)
    return found


def find_peers(words: str, *, user, limit=SHOWN) -> list:
    """Peers a code or a name (for those who may see names) names whole or in part."""
    words = words.strip()
    number = compact(words)
    contacts = can_see_peer_details(user)
    whole = _peers_whole(words, number, contacts)
    found = list(db.session.execute(whole.limit(limit)).scalars()) if whole is not None else []
    if not found and len(words) >= PARTIAL_FROM:
        found = list(db.session.execute(_peers_in_part(words, number, contacts)
                                        .limit(limit)).scalars())
    return found


def items_named(words: str) -> list:
    """The devices and SIM cards that a typed or scanned code names whole: an asset tag,
    serial or IMEI; an ICCID or the line's number."""
    words = words.strip()
    labelled = named_by_address(words)
    if labelled is not None:
        return [labelled]
    number = compact(words)
    found = list(db.session.execute(_devices_whole(words, number)).scalars())
    sims = _sims_whole(words, number)
    return found + (list(db.session.execute(sims).scalars()) if sims is not None else [])


def _phone(words: str) -> str | None:
    """The words as an E.164 phone number, if they read as one."""
    try:
        parsed = phonenumbers.parse(words, current_app.config["PHONE_REGION"])
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) \
        if phonenumbers.is_valid_number(parsed) else None


def _peers_whole(words, number, contacts):
    """A peer by code (the dash optional), or by a phone number or email given whole."""
    code = PEER_CODE.fullmatch(number.upper())
    conditions = [Peer.code == f"P-{code[1]}"] if code else []
    if contacts:
        phone = _phone(words)
        if phone:
            conditions.append(equals_folded(PeerContact.phone, phone))
        if "@" in words:
            conditions.append(equals_folded(PeerContact.email, words))
    return db.select(Peer).outerjoin(PeerContact).where(or_(*conditions)) \
        if conditions else None


def _peers_in_part(words, number, contacts):
    """Peers by part of their code, or (for those who may see names) of their name."""
    by_code = db.select(Peer.id).where(contains(Peer.code, number))
    matching = by_code.union(db.select(PeerContact.peer_id).where(
        contains(PeerContact.preferred_name, words))) if contacts else by_code
    return db.select(Peer).where(Peer.id.in_(matching)).order_by(Peer.code)


def _devices_whole(words, number):
    """A device by its asset tag, serial or IMEI."""
    conditions = [equals_folded(Device.asset_tag, words), equals_folded(Device.serial, words)]
    if number != words:
        conditions += [equals_folded(Device.asset_tag, number),
                       equals_folded(Device.serial, number)]
    if number.isdigit() and len(number) == 15:
        conditions.append(Device.imei == number)
    return db.select(Device).where(or_(*conditions))


def _devices_in_part(words, number):
    """Devices by part of a tag, serial, IMEI, make or model."""
    return db.select(Device).where(or_(
        contains(Device.asset_tag, words), contains(Device.serial, number),
        contains(Device.imei, number), contains(Device.make, words),
        contains(Device.model, words))).order_by(Device.asset_tag, Device.id)


def _sims_whole(words, number):
    """A SIM card by its ICCID or its line's number."""
    conditions = [SimCard.iccid == number] if number.isdigit() else []
    phone = _phone(words)
    if phone:
        conditions.append(SimCard.phone_number == phone)
    return db.select(SimCard).where(or_(*conditions)) if conditions else None


def _sims_in_part(number):
    """SIM cards by part of an ICCID or phone number."""
    if not number.lstrip("+").isdigit():
        return None
    return db.select(SimCard).where(or_(contains(SimCard.iccid, number),
                                        contains(SimCard.phone_number, number.lstrip("+"))))


def _loans_whole(words):
    """A loan by its number: "#27", "loan 27"."""
    match = LOAN_NUMBER.fullmatch(words)
    if match is None:
        return None
    return db.select(Loan).where(Loan.id == int(match[1] or match[2]))


def _loans_in_part(number):
    """A loan whose number is the digits typed (a short number may also be part of a serial,
    so it is listed rather than gone to)."""
    return db.select(Loan).where(Loan.id == int(number)) \
        if number.isdigit() and len(number) <= 9 else None


def _contracts_whole(words):
    """A contract by its reference."""
    return db.select(Contract).where(equals_folded(Contract.reference, words))


def _contracts_in_part(words):
    """Contracts by part of their reference or title."""
    return db.select(Contract).where(or_(contains(Contract.reference, words),
                                         contains(Contract.title, words))
                                     ).order_by(Contract.reference)
