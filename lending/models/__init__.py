"""All models, importable from one place."""
from .audit import AuditEntry
from .inventory import DataPlan, Device, DeviceReset, SimCard
from .loans import Loan, LoanItem, LoanPolicy, Renewal
from .peers import Peer, PeerContact
from .users import User

__all__ = ["AuditEntry", "DataPlan", "Device", "DeviceReset", "Loan", "LoanItem", "LoanPolicy",
           "Peer", "PeerContact", "Renewal", "SimCard", "User"]
