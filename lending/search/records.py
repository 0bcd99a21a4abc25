"""Where each kind of record is shown: the page a search or a scan leads to."""
from flask import url_for

from ..models import Contract, Device, Loan, Peer, SimCard

PAGES = {Peer: ("peers.detail", "peer_id"), Device: ("inventory.device", "device_id"),
         SimCard: ("inventory.sim", "sim_id"), Loan: ("loans.detail", "loan_id"),
         Contract: ("partners.contract", "contract_id")}


def record_url(record) -> str:
    """The address of a record's page."""
    endpoint, argument = PAGES[type(record)]
    return url_for(endpoint, **{argument: record.id})
