"""All models, importable from one place."""
from .agreements import AgreementVersion
from .audit import AuditEntry
from .figures import FigureDay, PeerOutcome, ServedSpell, SupportReach
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
from .tokens import ApiToken, IdempotencyKey
from .users import User
from .webhooks import WebhookDelivery, WebhookEndpoint

__all__ = ["AgreementVersion", "ApiToken", "AuditEntry", "CheckIn", "CheckInVersion",
           "ContactAttempt", "Contract", "DataPlan", "Deliverable", "Device", "DeviceReset",
           "FigureDay", "GroupAttendance", "GroupSession", "IdempotencyKey", "ImportBatch",
           "Issue", "Job", "Loan",
           "LoanItem", "LoanPolicy", "Message", "MessageWording", "OutcomeTarget", "Partner",
           "PartnerContact", "Peer", "PeerContact", "PeerGroup", "PeerOutcome", "Place",
           "PriorityGroup", "Renewal", "Report", "ReportDue", "ServedSpell", "SimCard",
           "SimEvent", "StockCount", "StockCountLine", "SupportReach", "SupportSession",
           "TextConsent", "User", "WaitlistEntry", "WebhookDelivery", "WebhookEndpoint"]
