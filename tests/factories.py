"""Test data: valid objects with sensible defaults, each overridable."""
import itertools
from datetime import date, timedelta
from decimal import Decimal

from stdnum import luhn

from lending.audit.log import record_created
from lending.clock import local_today
from lending.extensions import db
from lending.loans.operations import lend_kit
from lending.models import (
    AgreementVersion,
    Contract,
    DataPlan,
    Deliverable,
    Device,
    Partner,
    ReportDue,
    SimCard,
    User,
)
from lending.peers.operations import register_peer

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def with_check_digit(body: str) -> str:
    """Append the Luhn check digit that IMEIs and ICCIDs end with."""
    return body + luhn.calc_check_digit(body)


def imei() -> str:
    """A fresh, valid 15-digit IMEI."""
    return with_check_digit(f"35{next(_numbers):012d}")


def iccid() -> str:
    """A fresh, valid 19-digit ICCID."""
    return with_check_digit(f"8901{next(_numbers):014d}")


def user(role="staff", email=None, name=None, password=PASSWORD, active=True,
         partner=None, language=None) -> User:
    """An account; a funder gets a partner of its own unless one is given. `language`: the
    person's own choice (None: as their browser asks)."""
    n = next(_numbers)
    if role == "funder" and partner is None:
        partner = globals()["partner"]()
    account = User(email=email or f"{role}{n}@example.org", name=name or f"{role.title()} {n}",
                   role=role, active=active, partner=partner, language=language)
    account.set_password(password)
    db.session.add(account)
    db.session.flush()
    return account


def device(kind="phone", status="available", **fields) -> Device:
    """A device, available unless told otherwise."""
    n = next(_numbers)
    values = {"kind": kind, "make": "Samsung", "model": "Galaxy A15", "serial": f"SN{n:06d}",
              "imei": imei() if kind in ("phone", "hotspot") else None,
              "asset_tag": f"LB-{n:04d}", "accessories": "case,charger", "condition": "good",
              "replacement_value": Decimal("249.00"), "status": status, **fields}
    item = Device(**values)
    record_created(item, by=None)
    return item


def sim(status="active", **fields) -> SimCard:
    """A SIM card, active unless told otherwise."""
    n = next(_numbers)
    item = SimCard(**{"iccid": iccid(), "phone_number": f"+14165550{100 + n % 100}"
                      if fields.pop("with_number", False) else None,
                      "carrier": "Maple Mobile", "status": status, **fields})
    record_created(item, by=None)
    return item


def plan(start: date | None = None, end: date | None = None, **fields) -> DataPlan:
    """A data plan in service today unless told otherwise."""
    today = local_today()
    item = DataPlan(**{"carrier": "Maple Mobile", "name": "Connect 5",
                       "monthly_allowance_gb": Decimal("5"), "monthly_cost": Decimal("25.00"),
                       "start_date": start or today - timedelta(days=30), "end_date": end,
                       **fields})
    record_created(item, by=None)
    return item


def peer(preferred_name="", phone="", **consent):
    """A registered peer, who gave consent on paper today."""
    return register_peer({"consent_scope": "Borrowing devices", "consent_method": "paper",
                          "consent_date": local_today(), **consent},
                         {"preferred_name": preferred_name, "phone": phone, "email": "",
                          "other_contact": ""}, by=None, someone_new=True)


def agreement(title="Device loan agreement", body="I will look after the kit and return it."):
    """The current loan agreement, written once per test if there is none."""
    current = AgreementVersion.current()
    if current is None:
        current = AgreementVersion(number=1, title=title, body=body)
        record_created(current, by=None)
    return current


def lend(peer, *, by, acceptance="paper", **kit):
    """Lend a kit as staff do, with the agreement signed on paper unless told otherwise. A
    plan and a SIM card lent together are put on each other first, as they would be."""
    agreement()
    if kit.get("plan") is not None and kit.get("sim") is not None and kit["plan"].sim is None:
        kit["plan"].sim = kit["sim"]
    return lend_kit(peer, by=by, acceptance=acceptance, **kit)


def partner(kind="funder", reference=None, name=None) -> Partner:
    """A partner."""
    n = next(_numbers)
    item = Partner(reference=reference or f"P{n}", name=name or f"Partner {n}", kind=kind)
    record_created(item, by=None)
    return item


def contract(partner=None, reference=None, start=None, end=None, deliverables=(("tablet", 10),),
             **fields) -> Contract:
    """A contract running from 90 days ago to 90 days ahead unless told otherwise."""
    today = local_today()
    n = next(_numbers)
    item = Contract(partner=partner or globals()["partner"](), reference=reference or f"C-{n}",
                    title=f"Contract {n}", kind="grant",
                    start_date=start or today - timedelta(days=90),
                    end_date=end or today + timedelta(days=90), value=Decimal("1000"),
                    **fields)
    record_created(item, by=None)
    for kind, quantity in deliverables:
        item.deliverables.append(Deliverable(kind=kind, quantity=quantity))
    db.session.flush()
    return item


def report_due(due_date) -> ReportDue:
    """A report due date covering the month before it."""
    return ReportDue(due_date=due_date, period_start=due_date - timedelta(days=60),
                     period_end=due_date - timedelta(days=30))
