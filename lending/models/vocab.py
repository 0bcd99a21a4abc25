"""The program's words: kinds, statuses and conditions, each with the label people see."""
from flask_babel import get_locale, gettext, pgettext
from sqlalchemy import Enum


def N_(text: str) -> str:  # noqa: N802  (gettext's name for "mark only")
    """Mark a label for the catalogue (`make messages`); it is translated where shown."""
    return text


class InContext(str):
    """A label whose French depends on what it describes: "Active" is « Actif » for a loan but
    « Active » for a SIM card (a Words translates it with pgettext)."""

    context: str

    def __new__(cls, context: str, text: str):
        label = super().__new__(cls, text)
        label.context = context
        return label


def NC_(context: str, text: str) -> InContext:  # noqa: N802  (as N_, with a context)
    """Mark a label for the catalogue in a context (`make messages` reads NC_:1c,2)."""
    return InContext(context, text)


class Words(dict):
    """A vocabulary: stored values to labels, each label read in the person's language (the
    English stays the key of the French catalogue). Labels are looked up once per language
    (a download reads one for every row)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._translated: dict[str, dict] = {}

    def __getitem__(self, key):
        label = super().__getitem__(key)
        locale = get_locale()
        if locale is None or locale.language == "en":
            return label
        known = self._translated.setdefault(str(locale), {})
        if key not in known:
            known[key] = pgettext(label.context, label) if isinstance(label, InContext) \
                else gettext(label)
        return known[key]

    def get(self, key, default=None):
        return self[key] if key in self else default

    def values(self):
        return [self[key] for key in self]

    def items(self):
        return [(key, self[key]) for key in self]

    def __call__(self) -> dict:
        """The vocabulary in the person's language now: a form's field given a Words as its
        choices calls it when the form is drawn (WTForms takes a callable for choices), so
        its menu is in the language of the request, not of the moment the form was defined."""
        return dict(self.items())

DEVICE_KINDS = Words({"phone": N_("Phone"), "tablet": N_("Tablet"), "laptop": N_("Laptop"),
                      "hotspot": N_("Hotspot")})
# Kinds that always carry a cellular modem and so an IMEI.
KINDS_WITH_IMEI = {"phone", "hotspot"}

DEVICE_STATUSES = Words({"received": N_("Received (not set up)"), "available": N_("Available"),
                         "on_loan": N_("On loan"), "awaiting_reset": N_("Awaiting reset"),
                         "in_repair": N_("In repair"), "lost": N_("Lost"),
                         "stolen": N_("Stolen"), "retired": N_("Retired")})
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

CONDITIONS = Words({"new": N_("New"), "good": N_("Good"), "fair": N_("Fair"), "poor": N_("Poor"),
                    "damaged": N_("Damaged")})

ACCESSORIES = Words({"case": N_("Case"), "charger": N_("Charger"), "cable": N_("Cable"),
                     "earphones": N_("Earphones"), "stylus": N_("Stylus")})

SIM_STATUSES = Words({"spare": NC_("SIM card", "Spare"), "active": NC_("SIM card", "Active"),
                      "suspended": NC_("SIM card", "Suspended"),
                      "cancelled": NC_("SIM card", "Cancelled")})
# Devices a place should hold (not out, not away, not gone): a stock count expects them.
SHELF_DEVICE_STATUSES = ("received", "available", "awaiting_reset")
JOB_KINDS = Words({"report": N_("Report"), "download": N_("Download"), "labels": N_("Labels"),
                   "import_check": N_("Import check"), "import_run": N_("Import"),
                   "daily": N_("Daily run")})
JOB_STATES = Words({"queued": N_("Waiting for a worker"), "running": N_("Running"),
                    "done": N_("Done"), "failed": N_("Failed")})
STOCK_OUTCOMES = Words({"found": N_("Found"), "missing": N_("Missing"),
                        "unexpected": N_("Unexpected")})

# A data plan's service on a day, from its dates (DataPlan.service_status).
PLAN_SERVICE_STATUSES = Words({"upcoming": N_("Upcoming"), "active": N_("In service"),
                               "ended": N_("Ended")})

# A loan's kind decides its policy: the device's kind, or "data only" for a SIM and/or plan.
LOAN_KINDS = Words({**DEVICE_KINDS, "data_only": N_("Data only")})

LOAN_STATUSES = Words({"active": N_("Active"), "overdue": N_("Overdue"),
                       "returned": N_("Returned"), "lost": N_("Lost")})
OPEN_LOAN_STATUSES = ("active", "overdue")

# Stages an overdue loan moves through (days after the due date are set per kind).
ESCALATION_STAGES = Words({"reminder": N_("Reminder due"),
                           "suspend": N_("Suspend line proposed"),
                           "lost": N_("Declare lost proposed")})

# How a reminder about an overdue kit reached the peer (or was tried).
CONTACT_METHODS = Words({"call": N_("Phone call"), "text": N_("Text message"),
                         "in_person": N_("In person"), "other": N_("Another way")})

AGREEMENT_ACCEPTANCE = Words({"paper": N_("Signed on paper"),
                              "verbal": N_("Read aloud and witnessed by a staff member")})

ISSUE_TYPES = Words({"damaged": N_("Damaged"), "lost": N_("Lost"), "stolen": N_("Stolen"),
                     "faulty": N_("Faulty"), "connectivity": N_("Connectivity problem")})
ISSUE_RESOLUTIONS = Words({"repaired": N_("Repaired"), "replaced": N_("Replaced"),
                           "line_suspended": N_("Line suspended"),
                           "written_off": N_("Written off"), "no_action": N_("No action needed")})

SIM_ACTIONS = Words({"suspend": NC_("SIM card", "Suspended"),
                     "reactivate": NC_("SIM card", "Reactivated"),
                     "cancel": NC_("SIM card", "Cancelled")})

# Outcomes (models/outcomes.py): check-ins, priority groups, group sessions.
CHECK_IN_STAGES = Words({"baseline": N_("At lending"), "follow_up": N_("Follow-up"),
                         "return": N_("At return")})
VIRTUAL_GROUPS = Words({"support_group": N_("Peer support group"),
                        "phone_line": N_("Phone line"),
                        "social": N_("Social or recreation program"), "training": N_("Training")})
TIMES_LAST_WEEK = Words({"0": N_("Not at all"), "1": N_("Once"), "2-3": N_("2 or 3 times"),
                         "4+": N_("4 times or more")})
CONFIDENCE = Words({"1": N_("1 Not at all confident"), "2": "2", "3": "3", "4": "4",
                    "5": N_("5 Very confident")})
OTHER_USES = Words({"health": N_("Health appointments"), "groceries": N_("Groceries"),
                    "benefits": N_("Benefits and services"), "family": N_("Family and friends")})
# The 3-item loneliness scale (Hughes et al., 2004): each item 1 to 3, a score of 3 to 9.
LONELINESS_ANSWERS = Words({"1": N_("Hardly ever"), "2": N_("Some of the time"), "3": N_("Often")})
# Outcome figures a contract may set a target for (reporting/outcomes.py has them all).
OUTCOME_TARGETS = Words({"joined_groups_share": N_("Share who joined virtual groups (%)"),
                         "confidence_change": N_("Change in confidence (points, 1 to 5 scale)"),
                         "loneliness_change": N_("Change in loneliness score (points; below "
                                                 "zero is less lonely)"),
                         "training_hours": N_("Training hours, one-to-one and in groups"),
                         "staff_equipped": N_("Staff equipped")})

SUPPORT_TOPICS = Words({"getting_online": N_("Getting online"), "video_calls": N_("Video calls"),
                        "device_setup": N_("Device setup"), "data_and_apps": N_("Data and apps"),
                        "other": N_("Other")})

WAITLIST_PRIORITIES = Words({1: N_("High"), 2: N_("Normal"), 3: N_("Low")})
WAITLIST_STATUSES = Words({"waiting": N_("Waiting"), "served": N_("Served"),
                           "withdrawn": N_("Withdrawn")})

PARTNER_KINDS = Words({"funder": N_("Funder"), "telecom": N_("Telecom provider"),
                       "device_donor": N_("Device donor"), "other": N_("Other")})
CONTRACT_TYPES = Words({"grant": N_("Grant"), "in_kind": N_("In-kind donation"),
                        "service": N_("Service agreement")})
REPORTING_SCHEDULES = Words({"monthly": N_("Monthly"), "quarterly": N_("Quarterly"),
                             "annual": N_("Annual"), "custom": N_("Custom dates")})
# What a contract can commit to; each has one definition of "delivered" in reporting/.
DELIVERABLE_KINDS = Words({"phone": N_("Phones"), "tablet": N_("Tablets"),
                           "laptop": N_("Laptops"), "hotspot": N_("Hotspots"),
                           "sim_card": N_("SIM cards"), "data_plan": N_("Data plans"),
                           "support_session": N_("Support sessions"),
                           "peer_served": N_("Peers served")})
# Deliverables that count people: what a funder sees of them is suppressed when small.
PEOPLE_DELIVERABLES = {"peer_served"}

ROLES = Words({"manager": N_("Manager"), "staff": N_("Staff"), "funder": N_("Funder")})
# What an API token may do (models/tokens.py): read, or read and write.
TOKEN_SCOPES = Words({"read": N_("Read only"), "write": N_("Read and write")})
# What a webhook endpoint can be told of (webhooks/events.py says what each carries).
WEBHOOK_EVENTS = Words({"loan.lent": N_("A kit was lent"),
                        "loan.returned": N_("A kit came back"),
                        "loan.overdue_stage": N_("An overdue loan reached a step"),
                        "issue.logged": N_("An issue was logged"),
                        "item.status_changed": N_("A device's or SIM card's status changed"),
                        "report.generated": N_("A report was generated")})
DELIVERY_STATES = Words({"queued": N_("Waiting"), "sending": N_("Sending"),
                         "delivered": N_("Delivered"), "failed": N_("Failed (no more tries)")})

CONSENT_METHODS = Words({"paper": N_("Signed on paper"),
                         "verbal": N_("Given verbally, witnessed"),
                         "electronic": N_("Given electronically")})

# Messages (models/messages.py).
LANGUAGES = Words({"en": N_("English"), "fr": N_("Français")})
MESSAGE_CHANNELS = Words({"sms": N_("Text message"), "email": N_("Email")})
MESSAGE_TEMPLATES = Words({"due_soon": N_("Due soon"), "overdue": N_("Overdue reminder"),
                           "kit_ready": N_("Kit ready"), "one_off": N_("One-off message"),
                           "help": N_("Answer to HELP"), "digest": N_("Daily digest"),
                           "password_reset": N_("Password reset")})
# The texts managers may word (the others are written by the app).
WORDED_TEMPLATES = ("due_soon", "overdue", "kit_ready", "help")
MESSAGE_STATUSES = Words({"queued": N_("Queued"), "sending": N_("Sending"), "sent": N_("Sent"),
                          "delivered": N_("Delivered"), "failed": N_("Failed"),
                          "withheld": N_("Withheld"), "not_sent": N_("Not sent")})
TEXT_CONSENT_METHODS = Words({**CONSENT_METHODS, "text_reply": N_("Texted back")})
TEXT_NUMBERS = Words({"own": N_("Their own number"), "line": N_("The line lent to them")})


def label(vocabulary: dict, value) -> str:
    """The label for a stored value, or the value itself when it is unknown."""
    return vocabulary[value] if value in vocabulary else (value or "")


def some(vocabulary: Words, *keys) -> Words:
    """Some of a vocabulary's words (a form's menu of a few statuses), still translated where
    read."""
    return Words({key: dict.__getitem__(vocabulary, key) for key in keys})


def choices(vocabulary: dict, *, blank: str | None = None) -> dict[str, str]:
    """Form or filter choices ({value: label}) for a vocabulary, optionally led by a blank."""
    return Words({"": blank, **vocabulary} if blank is not None else vocabulary)


# Every vocabulary a column stores, by the column type's name (the audit log reads labels here).
VOCABULARIES: dict[str, dict] = {}


def choice_type(vocabulary: dict, name: str) -> Enum:
    """A column type that stores one of a vocabulary's values, checked by the database."""
    VOCABULARIES.setdefault(name, vocabulary)
    return Enum(*vocabulary, name=name, native_enum=False, create_constraint=True, length=20)
