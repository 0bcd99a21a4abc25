"""All models, importable from one place."""
from .agreements import AgreementVersion
from .audit import AuditEntry
from .figures import FigureDay, ServedSpell, SupportReach
from .imports import ImportBatch
from .inventory import DataPlan, Device, DeviceReset, SimCard, SimEvent
from .issues import Issue
from .jobs import Job
from .loans import ContactAttempt, Loan, LoanItem, Renewal
from .messages import Message, MessageWording, TextConsent
from .outcomes import (
    CheckIn,
    CheckInVersion,
    GroupAttendance,
    GroupSession,
    OutcomeTarget,
    PeerGroup,
    PriorityGroup,
)
from .partners import Contract, Deliverable, Partner, PartnerContact, ReportDue
from .peers import Peer, PeerContact
from .places import Place
from .policies import LoanPolicy
from .reports import Report
from .stock import StockCount, StockCountLine
from .support import SupportSession, WaitlistEntry
from .users import User

__all__ = ["AgreementVersion", "AuditEntry", "CheckIn", "CheckInVersion", "ContactAttempt",
           "Contract", "DataPlan", "GroupAttendance", "GroupSession", "OutcomeTarget",
           "PeerGroup", "PriorityGroup",
           "Deliverable", "Device", "DeviceReset", "FigureDay", "ImportBatch", "Issue", "Job",
           "Loan", "LoanItem", "LoanPolicy", "Message", "MessageWording", "Partner",
           "PartnerContact", "Peer", "PeerContact", "Place", "Renewal", "Report", "ReportDue",
           "ServedSpell", "SimCard", "SimEvent", "StockCount", "StockCountLine", "SupportReach",
           "SupportSession", "TextConsent", "User", "WaitlistEntry"]
