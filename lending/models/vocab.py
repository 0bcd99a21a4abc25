"""The program's words: kinds, statuses and conditions, each with the label people see."""
from sqlalchemy import Enum

DEVICE_KINDS = {"phone": "Phone", "tablet": "Tablet", "laptop": "Laptop", "hotspot": "Hotspot"}
# Kinds that always carry a cellular modem and so an IMEI.
KINDS_WITH_IMEI = {"phone", "hotspot"}

DEVICE_STATUSES = {
    "received": "Received (not set up)",
    "available": "Available",
    "on_loan": "On loan",
    "awaiting_reset": "Awaiting reset",
    "in_repair": "In repair",
    "lost": "Lost",
    "stolen": "Stolen",
    "retired": "Retired",
}
# Status changes a manager may make by hand; lending, returns and resets have their own actions.
MANUAL_DEVICE_TRANSITIONS = {
    "received": ("in_repair", "retired"),
    "available": ("in_repair", "retired"),
    "awaiting_reset": ("in_repair", "retired"),
    "in_repair": ("awaiting_reset", "retired"),
    "lost": ("awaiting_reset", "retired"),
    "stolen": ("awaiting_reset", "retired"),
}
# A reset (wipe and set-up) makes a device from these statuses available.
RESETTABLE_STATUSES = ("received", "awaiting_reset")

CONDITIONS = {"new": "New", "good": "Good", "fair": "Fair", "poor": "Poor", "damaged": "Damaged"}

ACCESSORIES = {"case": "Case", "charger": "Charger", "cable": "Cable", "earphones": "Earphones",
               "stylus": "Stylus"}

SIM_STATUSES = {"spare": "Spare", "active": "Active", "suspended": "Suspended",
                "cancelled": "Cancelled"}
# Devices a place should hold (not out, not away, not gone): a stock count expects them.
SHELF_DEVICE_STATUSES = ("received", "available", "awaiting_reset")
JOB_KINDS = {"report": "Report", "download": "Download", "labels": "Labels",
             "import_check": "Import check", "import_run": "Import", "daily": "Daily run"}
JOB_STATES = {"queued": "Waiting for a worker", "running": "Running", "done": "Done",
              "failed": "Failed"}
STOCK_OUTCOMES = {"found": "Found", "missing": "Missing", "unexpected": "Unexpected"}

# A data plan's service on a day, from its dates (DataPlan.service_status).
PLAN_SERVICE_STATUSES = {"upcoming": "Upcoming", "active": "In service", "ended": "Ended"}

# A loan's kind decides its policy: the device's kind, or "data only" for a SIM and/or plan.
LOAN_KINDS = {**DEVICE_KINDS, "data_only": "Data only"}

LOAN_STATUSES = {"active": "Active", "overdue": "Overdue", "returned": "Returned", "lost": "Lost"}
OPEN_LOAN_STATUSES = ("active", "overdue")

# Stages an overdue loan moves through (days after the due date are set per kind).
ESCALATION_STAGES = {"reminder": "Reminder due", "suspend": "Suspend line proposed",
                     "lost": "Declare lost proposed"}

# How a reminder about an overdue kit reached the peer (or was tried).
CONTACT_METHODS = {"call": "Phone call", "text": "Text message", "in_person": "In person",
                   "other": "Another way"}

AGREEMENT_ACCEPTANCE = {"paper": "Signed on paper",
                        "verbal": "Read aloud and witnessed by a staff member"}

ISSUE_TYPES = {"damaged": "Damaged", "lost": "Lost", "stolen": "Stolen", "faulty": "Faulty",
               "connectivity": "Connectivity problem"}
ISSUE_RESOLUTIONS = {"repaired": "Repaired", "replaced": "Replaced",
                     "line_suspended": "Line suspended", "written_off": "Written off",
                     "no_action": "No action needed"}

SIM_ACTIONS = {"suspend": "Suspended", "reactivate": "Reactivated", "cancel": "Cancelled"}

# Outcomes (models/outcomes.py): check-ins, priority groups, group sessions.
CHECK_IN_STAGES = {"baseline": "At lending", "follow_up": "Follow-up", "return": "At return"}
VIRTUAL_GROUPS = {"support_group": "Peer support group", "phone_line": "Phone line",
                  "social": "Social or recreation program", "training": "Training"}
TIMES_LAST_WEEK = {"0": "Not at all", "1": "Once", "2-3": "2 or 3 times", "4+": "4 times or more"}
CONFIDENCE = {"1": "1 Not at all confident", "2": "2", "3": "3", "4": "4",
              "5": "5 Very confident"}
OTHER_USES = {"health": "Health appointments", "groceries": "Groceries",
              "benefits": "Benefits and services", "family": "Family and friends"}
# The 3-item loneliness scale (Hughes et al., 2004): each item 1 to 3, a score of 3 to 9.
LONELINESS_ANSWERS = {"1": "Hardly ever", "2": "Some of the time", "3": "Often"}
# Outcome figures a contract may set a target for (reporting/outcomes.py has them all).
OUTCOME_TARGETS = {"joined_groups_share": "Share who joined virtual groups (%)",
                   "confidence_change": "Change in confidence (points, 1 to 5 scale)",
                   "loneliness_change": "Change in loneliness score (points; below zero is "
                                        "less lonely)",
                   "training_hours": "Training hours, one-to-one and in groups",
                   "staff_equipped": "Staff equipped"}

SUPPORT_TOPICS = {"getting_online": "Getting online", "video_calls": "Video calls",
                  "device_setup": "Device setup", "data_and_apps": "Data and apps",
                  "other": "Other"}

WAITLIST_PRIORITIES = {1: "High", 2: "Normal", 3: "Low"}
WAITLIST_STATUSES = {"waiting": "Waiting", "served": "Served", "withdrawn": "Withdrawn"}

PARTNER_KINDS = {"funder": "Funder", "telecom": "Telecom provider", "device_donor": "Device donor",
                 "other": "Other"}
CONTRACT_TYPES = {"grant": "Grant", "in_kind": "In-kind donation",
                  "service": "Service agreement"}
REPORTING_SCHEDULES = {"monthly": "Monthly", "quarterly": "Quarterly", "annual": "Annual",
                       "custom": "Custom dates"}
# What a contract can commit to; each has one definition of "delivered" in reporting/.
DELIVERABLE_KINDS = {"phone": "Phones", "tablet": "Tablets", "laptop": "Laptops",
                     "hotspot": "Hotspots", "sim_card": "SIM cards", "data_plan": "Data plans",
                     "support_session": "Support sessions", "peer_served": "Peers served"}
# Deliverables that count people: what a funder sees of them is suppressed when small.
PEOPLE_DELIVERABLES = {"peer_served"}

ROLES = {"manager": "Manager", "staff": "Staff", "funder": "Funder"}
# What an API token may do (models/tokens.py): read, or read and write.
TOKEN_SCOPES = {"read": "Read only", "write": "Read and write"}
# What a webhook endpoint can be told of (webhooks/events.py says what each carries).
WEBHOOK_EVENTS = {"loan.lent": "A kit was lent", "loan.returned": "A kit came back",
                  "loan.overdue_stage": "An overdue loan reached a step",
                  "issue.logged": "An issue was logged",
                  "item.status_changed": "A device's or SIM card's status changed",
                  "report.generated": "A report was generated"}
DELIVERY_STATES = {"queued": "Waiting", "sending": "Sending", "delivered": "Delivered",
                   "failed": "Failed (no more tries)"}

CONSENT_METHODS = {"paper": "Signed on paper", "verbal": "Given verbally, witnessed",
                   "electronic": "Given electronically"}

# Messages (models/messages.py).
LANGUAGES = {"en": "English", "fr": "Français"}
MESSAGE_CHANNELS = {"sms": "Text message", "email": "Email"}
MESSAGE_TEMPLATES = {"due_soon": "Due soon", "overdue": "Overdue reminder",
                     "kit_ready": "Kit ready", "one_off": "One-off message",
                     "help": "Answer to HELP", "digest": "Daily digest",
                     "password_reset": "Password reset"}
# The texts managers may word (the others are written by the app).
WORDED_TEMPLATES = ("due_soon", "overdue", "kit_ready", "help")
MESSAGE_STATUSES = {"queued": "Queued", "sending": "Sending", "sent": "Sent",
                    "delivered": "Delivered", "failed": "Failed", "withheld": "Withheld",
                    "not_sent": "Not sent"}
TEXT_CONSENT_METHODS = {**CONSENT_METHODS, "text_reply": "Texted back"}
TEXT_NUMBERS = {"own": "Their own number", "line": "The line lent to them"}


def label(vocabulary: dict, value) -> str:
    """The label for a stored value, or the value itself when it is unknown."""
    return vocabulary.get(value, value or "")


def choices(vocabulary: dict, *, blank: str | None = None) -> dict[str, str]:
    """Form or filter choices ({value: label}) for a vocabulary, optionally led by a blank."""
    return {"": blank, **vocabulary} if blank is not None else dict(vocabulary)


# Every vocabulary a column stores, by the column type's name (the audit log reads labels here).
VOCABULARIES: dict[str, dict] = {}


def choice_type(vocabulary: dict, name: str) -> Enum:
    """A column type that stores one of a vocabulary's values, checked by the database."""
    VOCABULARIES.setdefault(name, vocabulary)
    return Enum(*vocabulary, name=name, native_enum=False, create_constraint=True, length=20)
