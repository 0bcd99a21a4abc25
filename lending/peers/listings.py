"""The peers list: what it searches, filters, sorts and shows (its page and its downloads)."""
from sqlalchemy import func
from sqlalchemy.orm import contains_eager, undefer

from ..database import contains
from ..extensions import db
from ..filters import localdate
from ..listing import Column, Filter, Listing
from ..models import Loan, Peer, PeerContact, vocab

LOAN_FILTERS = vocab.Words({"yes": vocab.N_("Has a kit out"), "no": vocab.N_("Has no kit out")})


def _has_a_kit_out(value):
    """Peers with (or without) an open loan, found from the open loans (few, and indexed)."""
    with_kits = Peer.id.in_(db.select(Loan.peer_id).where(
        Loan.open_condition()))
    return with_kits if value == "yes" else ~with_kits


CONTACT_COLUMNS = [
    Column(vocab.N_("Preferred name"), lambda p: p.contact.preferred_name if p.contact else ""),
    Column(vocab.N_("Phone"), lambda p: p.contact.phone if p.contact else ""),
    Column(vocab.N_("Email"), lambda p: p.contact.email if p.contact else ""),
    Column(vocab.N_("Other contact"), lambda p: p.contact.other_contact if p.contact else ""),
]


def _columns(screen: bool, with_contacts=False) -> list[Column]:
    """The peers list's columns. Staff see preferred names on screen, but names and contact
    details leave the app only when a manager asks for them, and that is logged."""
    names = CONTACT_COLUMNS[:1] if screen else CONTACT_COLUMNS if with_contacts else []
    return [Column(vocab.N_("Peer code"), lambda p: p.code, "code"),
            *(Column(c.header, c.value, "name" if screen else None) for c in names),
            Column(vocab.N_("Kits out"), lambda p: p.open_loan_count, "open"),
            Column(vocab.N_("Registered"), lambda p: localdate(p.created_at), "registered")]


def peer_listing(with_contacts=False, words: str | None = None) -> Listing:
    """The peers list, searchable by code or preferred name (by code only for the API's
    `words`, which are in its URL); `with_contacts`: its download holds names and contact
    details (managers, recorded)."""
    def by_code(words):
        return Peer.id.in_(db.select(Peer.id).where(contains(Peer.code, words)))

    def by_name(words):
        return Peer.id.in_(db.select(PeerContact.peer_id).where(
            contains(PeerContact.preferred_name, words)))

    query = (db.select(Peer).outerjoin(PeerContact)
             .options(contains_eager(Peer.contact), undefer(Peer.open_loan_count)))
    return Listing(
        query,
        sorts={"code": Peer.code, "name": func.lower(PeerContact.preferred_name),
               "registered": Peer.created_at, "open": Peer.open_loan_count},
        default_sort="registered", default_dir="desc", tiebreak=(Peer.id.desc(),),
        # Each table searched on its own, so that PostgreSQL's search indexes serve both.
        search=(by_code,) if words is not None else (by_code, by_name),
        filters={"loans": Filter(vocab.N_("Loans"), LOAN_FILTERS, _has_a_kit_out)},
        columns=_columns(screen=True), export_columns=_columns(False, with_contacts),
        export_name="peers-with-contacts" if with_contacts else "peers",
        export_title=vocab.N_("Peers with contacts") if with_contacts else vocab.N_("Peers"),
        words=words)
