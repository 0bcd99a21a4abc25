"""A large synthetic program for benchmarks: written in bulk, not through the operations.

The rules that figures and screens rely on hold in what it writes: each device's loans follow
one another without overlapping, so an item is on at most one open loan; a device whose last
loan came back is available, a lost one is lost, one still out is on loan. It does not write
the wipe-and-reset records, renewals or agreements that real loans have. Written around the
session, its figures are then kept in one rebuild (reporting/kept.py). It needs an empty
database (like the demo seed), numbers its own rows, and records one audit entry for the run.
"""
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, text
from stdnum import luhn

from ..clock import local_today
from ..extensions import db
from ..models import (
    CheckIn,
    CheckInVersion,
    Contract,
    DataPlan,
    Deliverable,
    Device,
    GroupSession,
    Issue,
    Loan,
    LoanItem,
    Partner,
    Peer,
    PeerContact,
    SimCard,
    SupportSession,
    User,
    WaitlistEntry,
)
from ..models.peers import PEER_CODE_ALPHABET
from ..reporting import kept
from .data import DEVICE_MODELS, FIRST_NAMES
from .operations import note_synthetic_program
from .synth_outcomes import check_ins, outcome_setup

BATCH = 20_000  # rows per INSERT round trip
HISTORY_DAYS = 3 * 365
KINDS = ("phone", "phone", "tablet", "tablet", "laptop", "hotspot")


@dataclass
class SynthCounts:
    """How much to generate."""

    devices: int = 50_000
    peers: int = 100_000
    loans: int = 1_000_000


def peer_code(number: int) -> str:
    """A unique, valid peer code for a row number (base 31 with its check character)."""
    digits, base = [], len(PEER_CODE_ALPHABET)
    for _ in range(6):
        number, rest = divmod(number, base)
        digits.append(PEER_CODE_ALPHABET[rest])
    body = "".join(reversed(digits))
    return f"P-{body}{luhn.calc_check_digit(body, alphabet=PEER_CODE_ALPHABET)}"


def _luhn_number(prefix: str, number: int, length: int) -> str:
    """A number of `length` digits with a Luhn check digit (IMEIs, ICCIDs)."""
    body = f"{prefix}{number:0{length - len(prefix) - 1}d}"
    return body + luhn.calc_check_digit(body)


class _Writer:
    """Collects rows per table and inserts them in batches."""

    def __init__(self):
        self.pending = {}

    def add(self, model, row):
        """Queue one row; write every queue when one is full."""
        rows = self.pending.setdefault(model, [])
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self):
        """Write every queued row, tables in the order first seen (parents before children)."""
        for model, rows in self.pending.items():
            if rows:
                db.session.connection().execute(insert(model.__table__), rows)
                rows.clear()


def generate(counts: SynthCounts, seed=1) -> dict:
    """Write a synthetic program into an empty database; return how many rows of each."""
    rng = random.Random(seed)
    today = local_today()
    origin = today - timedelta(days=HISTORY_DAYS)
    manager = User(email="synth.manager@example.org", name="Synth Manager", role="manager")
    staff = User(email="synth.staff@example.org", name="Synth Staff", role="staff")
    for user in (manager, staff):
        user.set_password(f"synthetic-{rng.random()}")  # nobody signs in as these
        db.session.add(user)
    contracts = _contracts(origin, today)
    db.session.flush()
    writer = _Writer()
    for number in range(1, counts.peers + 1):
        writer.add(Peer, {"id": number, "code": peer_code(number), "consent_method": "paper",
                          "consent_scope": "Borrowing devices", "created_at": _at(origin)})
    writer.flush()
    for number in range(1, counts.peers + 1, 2):  # half give a name and a phone number
        writer.add(PeerContact, {"peer_id": number, "email": "", "other_contact": "",
                                 "preferred_name": f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
                                                   f"{number}",
                                 "phone": f"+1647{number % 10_000_000:07d}"})
    writer.flush()
    outcome_setup(writer, rng, counts, origin, today, staff.id)
    made = _devices_and_loans(writer, rng, counts, contracts, origin, today, staff.id)
    _support_waitlist_plans(writer, rng, counts, contracts, origin, today, staff.id)
    writer.flush()
    _reset_sequences()
    if db.engine.dialect.name == "postgresql":  # statistics for the rebuild's joins: without
        db.session.execute(text("ANALYZE"))     # them it took 31 min instead of 5
    kept.rebuild(db.session.connection())  # the rows above skipped the session's bookkeeping
    totals = {model.__tablename__: db.session.execute(
        db.select(func.count()).select_from(model)).scalar_one()
        for model in (Peer, Device, Loan, LoanItem, Issue, SupportSession, WaitlistEntry,
                      SimCard, DataPlan, CheckIn, GroupSession)}
    note_synthetic_program(totals, by=manager)
    return {**totals, **made}


def _at(day: date, hour=15) -> datetime:
    """A UTC moment on a day, during opening hours (synth_outcomes.py's rows too)."""
    return datetime.combine(day, time(hour))


def _contracts(origin, today):
    """Three partners with five contracts that provide most of the inventory."""
    made = []
    for number, (kind, title, ctype) in enumerate((
            ("funder", "National Connectivity Fund", "grant"),
            ("telecom", "Coast Mobile", "service"),
            ("device_donor", "Second Life Devices", "in_kind")), start=1):
        partner = Partner(reference=f"SYN-{number}", name=title, kind=kind)
        db.session.add(partner)
        for term in (1, 2) if ctype != "service" else (1,):
            contract = Contract(partner=partner, reference=f"SYN-{number}-{term}",
                                title=f"{title} {term}", kind=ctype,
                                start_date=origin + timedelta(days=365 * (term - 1)),
                                end_date=today + timedelta(days=180 * term),
                                value=Decimal("250000"), reporting_schedule="quarterly")
            contract.deliverables.append(Deliverable(kind="peer_served", quantity=20_000))
            db.session.add(contract)
            made.append(contract)
    return made


def _devices_and_loans(writer, rng, counts, contracts, origin, today, staff_id):
    """Devices, each with loans one after another across the history."""
    loan_id = 0
    per_device, extra = divmod(counts.loans, max(counts.devices, 1))
    open_loans = 0
    for number in range(1, counts.devices + 1):
        kind = rng.choice(KINDS)
        make, model, value = rng.choice(DEVICE_MODELS[kind])
        contract = rng.choice((*contracts, None, None))
        loans = _device_history(rng, per_device + (1 if number <= extra else 0), origin, today)
        status = "available"
        if loans and loans[-1][3] in ("active", "overdue"):
            status, open_loans = "on_loan", open_loans + 1
        elif loans and loans[-1][3] == "lost":
            status = "lost"
        writer.add(Device, {
            "id": number, "kind": kind, "make": make, "model": model,
            "serial": f"SYN{number:08d}",
            "imei": _luhn_number("35", number, 15) if kind in ("phone", "hotspot") else None,
            "asset_tag": f"SYN-{number:06d}", "accessories": "case,charger",
            "condition": "good", "replacement_value": Decimal(value),
            "status": status, "contract_id": contract.id if contract else None,
            "created_at": _at(origin)})
        for lent_on, due, returned_on, outcome in loans:
            loan_id += 1
            peer_id = rng.randrange(1, counts.peers + 1)
            writer.add(Loan, {
                "id": loan_id, "peer_id": peer_id, "kind": kind,
                "status": outcome, "lent_by_id": staff_id, "lent_at": _at(lent_on),
                "lent_on": lent_on, "due_date": due, "returned_on": returned_on,
                "returned_at": _at(returned_on) if returned_on else None,
                "received_by_id": staff_id if outcome == "returned" else None,
                "return_condition": "good" if outcome == "returned" else None,
                "renewals": 0, "accessories_out": "charger", "return_notes": ""})
            writer.add(LoanItem, {"id": loan_id, "loan_id": loan_id, "device_id": number,
                                  "closed_at": _at(returned_on) if returned_on else None})
            check_ins(writer, rng, loan_id, peer_id, lent_on, returned_on, today, staff_id)
            if outcome == "lost" or rng.random() < 0.01:
                writer.add(Issue, {"kind": "lost" if outcome == "lost" else "damaged",
                                   "loan_id": loan_id, "device_id": number,
                                   "incident_date": returned_on or lent_on,
                                   "description": "", "logged_by_id": staff_id,
                                   "logged_at": _at(returned_on or lent_on),
                                   "resolution_note": ""})
    return {"open_loans": open_loans}


def _device_history(rng, count, origin, today):
    """(lent on, due, returned on, status) for a device's loans, one slot of the history
    each, so that they never overlap; only the last may still be out, or lost."""
    loans, slot = [], HISTORY_DAYS / max(count, 1)
    for index in range(count):
        lent_on = origin + timedelta(days=int(index * slot + rng.random() * slot * 0.2))
        due = lent_on + timedelta(days=rng.choice((30, 60, 90)))
        last = index == count - 1
        if last and rng.random() < 0.08:  # still out today
            loans.append((lent_on, due, None, "overdue" if due < today else "active"))
            continue
        slot_end = origin + timedelta(days=int((index + 1) * slot) - 1)
        returned_on = min(lent_on + timedelta(days=rng.randrange(1, max(2, int(slot * 0.8)))),
                          slot_end, today)
        loans.append((lent_on, due, max(returned_on, lent_on),
                      "lost" if last and rng.random() < 0.03 else "returned"))
    return loans


def _support_waitlist_plans(writer, rng, counts, contracts, origin, today, staff_id):
    """Support sessions (one per peer on average), a waitlist, and SIM cards with plans."""
    for _ in range(counts.peers):
        held = origin + timedelta(days=rng.randrange(HISTORY_DAYS))
        writer.add(SupportSession, {"peer_id": rng.randrange(1, counts.peers + 1),
                                    "held_on": held, "minutes": rng.choice((15, 30, 45, 60)),
                                    "topic": "getting_online", "note": "",
                                    "given_by_id": staff_id, "created_at": _at(held)})
    for number in range(1, counts.peers // 50 + 1):
        added = origin + timedelta(days=rng.randrange(HISTORY_DAYS))
        waited = rng.randrange(1, 60)
        served = added + timedelta(days=waited) < today and rng.random() < 0.7
        writer.add(WaitlistEntry, {
            "peer_id": number, "kind": rng.choice(KINDS), "priority": 2, "reason": "",
            "status": "served" if served else "waiting", "added_by_id": staff_id,
            "added_at": _at(added), "withdraw_reason": "",
            "closed_at": _at(added + timedelta(days=waited)) if served else None,
            "days_waited": waited if served else None})
    for number in range(1, counts.devices // 5 + 1):
        contract = rng.choice((*contracts, None))
        start = origin + timedelta(days=rng.randrange(HISTORY_DAYS))
        writer.add(SimCard, {"id": number, "iccid": _luhn_number("8901", number, 19),
                             "carrier": "Coast Mobile", "status": "active",
                             "contract_id": contract.id if contract else None,
                             "created_at": _at(origin)})
        writer.add(DataPlan, {
            "id": number, "carrier": "Coast Mobile", "name": "Connect 5",
            "monthly_allowance_gb": Decimal("5"), "monthly_cost": Decimal("25.00"),
            "start_date": start, "sim_id": number,
            "end_date": start + timedelta(days=365) if rng.random() < 0.6 else None,
            "contract_id": contract.id if contract else None, "created_at": _at(start)})


def _reset_sequences():
    """On PostgreSQL, move each id sequence past the ids written here."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in (Peer, Device, Loan, LoanItem, SimCard, DataPlan, CheckInVersion, GroupSession):
        table = model.__tablename__
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"))
