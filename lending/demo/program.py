"""A year of lending at a small peer-support organization, built through the real operations."""
import random
from contextlib import suppress
from datetime import datetime, time, timedelta
from decimal import Decimal

from stdnum import luhn

from ..clock import local_to_utc, local_today, travel_to
from ..extensions import db
from ..inventory.operations import (
    add_device,
    add_place,
    add_plan,
    add_sim,
    change_device_status,
    record_reset,
)
from ..loans.operations import lend_kit, record_return, renew_loan, run_escalation
from ..loans.queries import lendable_items
from ..messages.operations import record_text_consent
from ..models import Device, Loan, SimCard, User, WaitlistEntry, vocab
from ..peers.operations import register_peer
from ..refusals import RuleError
from ..users.operations import create_account
from ..waitlist.operations import next_in_line, waiting
from . import day_to_day, outcomes
from .data import (
    CARRIERS,
    DAYS,
    DEMO_ACCOUNTS,
    DEMO_PLACES,
    DEVICE_COUNTS,
    DEVICE_MODELS,
    FIRST_NAMES,
    KIND_WEIGHTS,
    KIT_ACCESSORIES,
    PEER_COUNT,
    PLAN_COUNT,
    PLANS,
    SIM_COUNT,
)
from .partners import create_partners


def _with_check_digit(rng, prefix, length):
    """A random number of `length` digits starting with `prefix`, Luhn check digit last."""
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def is_empty() -> bool:
    """Whether the database holds no users, devices or SIM cards yet."""
    return all(db.session.execute(db.select(model.id).limit(1)).first() is None
               for model in (User, Device, SimCard))


class DemoProgram:
    """Builds the demo data day by day through the same operations staff use."""

    def __init__(self, seed=2026):
        self.rng = random.Random(seed)
        self.today = local_today()
        self.start = self.today - timedelta(days=DAYS)
        self.peers = []
        self.planned = {}  # loan -> (day it comes back, renew at due date?)

    def at(self, day, hour):
        """A UTC moment on a local day, during opening hours."""
        return local_to_utc(datetime.combine(day, time(hour, self.rng.randrange(60))))

    def build(self):
        """Create accounts, inventory, peers and a year of loans."""
        with travel_to(self.at(self.start - timedelta(days=30), 9)):
            manager = self._account(DEMO_ACCOUNTS[0], by=None)  # the first account
            self.contracts = create_partners(self.start, self.today, manager)
            self.users = [manager, *(self._account(account, by=manager)
                                     for account in DEMO_ACCOUNTS[1:])]
            self._inventory()
            day_to_day.agreement_version(self, 1)
            outcomes.setting_up(self)
        for offset in range(DAYS + 1):
            day = self.start + timedelta(days=offset)
            staff = self.rng.choice(self.users[:3])
            with travel_to(self.at(day, 8)):
                run_escalation(today=day, by=None)
                if offset == DAYS // 2:
                    day_to_day.agreement_version(self, 2)
            with travel_to(self.at(day, 9)):
                self._register_peers(day)
            with travel_to(self.at(day, 11)):
                self._resets(day, staff)
                day_to_day.act_on_overdue_loans(self, day, staff)
            with travel_to(self.at(day, 13)):
                self._renewals_and_returns(day, staff)
            with travel_to(self.at(day, 15)):
                for _ in range(self.rng.choices([0, 1, 2], [4, 4, 1])[0]):
                    self._lend_one(day, staff)
            with travel_to(self.at(day, 16)):
                day_to_day.support_and_problems(self, day, staff)
                outcomes.weekly_group(self, day, staff)
                outcomes.follow_ups(self, day, staff)
                outcomes.staff_kits(self, day)
        with travel_to(self.at(self.today, 8)):
            self._side_paths()
            self._due_soon_by_text()
            day_to_day.note_line_use(self)
            day_to_day.waiting_today(self)
            run_escalation(today=self.today, by=None)
        db.session.flush()

    def _account(self, account, *, by):
        """One of the demo logins; the funder belongs to the foundation."""
        email, name, role, password = account
        partner = self.contracts["grant"].partner if role == "funder" else None
        return create_account(email, name, role, password, partner=partner, by=by,
                              note="demo account")

    def _inventory(self):
        """Devices, SIM cards and plans received before the year starts."""
        manager = self.users[0]
        places = [add_place(name, note=note, by=manager) for name, note in DEMO_PLACES]
        for kind, count in DEVICE_COUNTS.items():
            for n in range(count):
                make, model, value = self.rng.choice(DEVICE_MODELS[kind])
                imei = (_with_check_digit(self.rng, "35", 15)
                        if kind in vocab.KINDS_WITH_IMEI else None)
                source = self._source(kind, n)
                add_device({
                    "kind": kind, "make": make, "model": model, "imei": imei,
                    "serial": f"{kind[:2].upper()}{self.rng.randrange(10**8):08d}",
                    "asset_tag": f"LB-{kind[:3].upper()}-{n + 1:03d}",
                    "accessories": ",".join(KIT_ACCESSORIES[kind]), "status": "available",
                    "condition": self.rng.choice(["new", "new", "good"]),
                    "replacement_value": Decimal(value), "place_id": places[n % 3 == 2].id,
                    "contract_id": source.id if source else None}, by=manager)
        sims = []
        for n in range(SIM_COUNT):
            sims.append(add_sim({
                "iccid": _with_check_digit(self.rng, "8930", 20), "carrier": CARRIERS[n % 2],
                "phone_number": f"+14165550{100 + n}",  # 555-01xx is kept for fiction
                "status": "active" if n < SIM_COUNT - 6 else "spare", "place_id": places[0].id,
                "contract_id": self.contracts["telecom"].id if n % 2 == 0 else None},
                by=manager))
        for n in range(PLAN_COUNT):
            name, allowance, cost = PLANS[n % len(PLANS)]
            end = None if n % 4 else self.today + timedelta(days=self.rng.randrange(-40, 120))
            add_plan({"carrier": sims[n].carrier, "name": name,
                      "monthly_allowance_gb": allowance, "monthly_cost": cost, "end_date": end,
                      "sim_id": sims[n].id, "contract_id": sims[n].contract_id,
                      "start_date": self.start - timedelta(days=self.rng.randrange(0, 60))},
                     by=manager)

    def _source(self, kind, n):
        """The contract a device came under: donated phones, hotspots and laptops; grant tablets."""
        if kind == "tablet":
            return self.contracts["grant"] if n < 30 else None
        return self.contracts["phones" if kind == "phone" else "hotspots"]

    def _register_peers(self, day):
        """Peers arrive through the year, more of them early on."""
        expected = PEER_COUNT * (1 - (1 - (day - self.start).days / DAYS) ** 1.5) + 10
        while len(self.peers) < min(PEER_COUNT, round(expected)):
            n = len(self.peers)
            contact = {"preferred_name": self.rng.choice(FIRST_NAMES) if n % 10 < 7 else "",
                       "phone": f"+16475550{100 + n % 100}" if n % 3 == 0 else "",
                       "email": "",
                       "other_contact": "Through the drop-in centre" if n % 7 == 0 else ""}
            consent = {"consent_scope": "Borrowing devices; contact about returns",
                       "consent_method": "paper" if n % 4 else "verbal", "consent_date": day}
            # Staff know two peers called Alex apart; the program's check would ask.
            staff = self.rng.choice(self.users[1:3])
            peer = register_peer(consent, contact, someone_new=True, by=staff)
            self.peers.append(peer)
            outcomes.name_groups(self, peer, staff)
            if contact["phone"] and n % 2 == 0:  # half of those with a phone want texts
                record_text_consent(peer, given=True, method=consent["consent_method"],
                                    purpose="Reminders about what they borrowed", by=staff,
                                    language="fr" if n % 4 == 0 else "en", signed=n % 8 == 0)

    def _resets(self, day, staff):
        """Returned devices get wiped within a few days."""
        waiting = db.session.execute(
            db.select(Device).where(Device.status == "awaiting_reset")).scalars().all()
        for device in waiting:
            # The last few days' returns are still waiting, as on any real dashboard.
            if (self.today - day).days > 4 and self.rng.random() < 0.4:
                record_reset(device, by=staff, note="Factory reset and updated")

    def _renewals_and_returns(self, day, staff):
        """Loans come back on the day planned for them; some are renewed first."""
        for loan, (return_day, renew) in list(self.planned.items()):
            if renew and loan.due_date == day:
                with suppress(RuleError):  # refused when others wait for this kind
                    renew_loan(loan, by=staff, today=day)
                self.planned[loan] = (return_day, False)
            if return_day == day:
                condition = self.rng.choices(["good", "fair", "damaged"], [8, 3, 1])[0]
                if condition == "damaged":
                    day_to_day.log_damage(self, loan, day, staff)
                complete = self.rng.random() < 0.9
                record_return(loan, by=staff, condition=condition,
                              accessories_back=loan.accessories_out.split(",") if complete else [],
                              notes="Cracked screen" if condition == "damaged" else "")
                day_to_day.reactivate_line(loan, staff)
                outcomes.at_return(self, loan, staff)
                del self.planned[loan]

    def _lend_one(self, day, staff):
        """Lend a kit to a peer who has none, if stock allows."""
        busy = set(db.session.execute(db.select(Loan.peer_id).where(
            Loan.open_condition())).scalars())
        waiting = [peer for peer in self.peers if peer.id not in busy]
        kind = self.rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        free = lendable_items(day)
        devices = [d for d in free["device"] if d.kind == kind]
        if not waiting:
            return
        if kind != "data_only" and not devices:
            day_to_day.join_waitlist(self, self.rng.choice(waiting), kind, staff)
            return
        head = next_in_line(kind)
        if head is not None and head.peer_id not in busy:
            peer, reason = head.peer, ""
        else:  # kept only if the loan goes against the waitlist (lend_kit decides)
            peer = self._walk_in(waiting)
            reason = ("The next peer in line already has a kit out" if head is not None
                      else "Asked at the desk for a kit that was in stock")
        wants_line = kind != "laptop" and (kind != "tablet" or self.rng.random() < 0.5)
        free_sims = set(free["sim"])
        plan = next((p for p in free["plan"] if wants_line and p.sim in free_sims), None)
        sim = plan.sim if plan else None
        if not devices and sim is None:
            return
        verbal = self.rng.random() < 0.3
        loan = lend_kit(peer, by=staff, today=day, sim=sim, plan=plan, waitlist_reason=reason,
                        device=self.rng.choice(devices) if devices else None,
                        accessories=KIT_ACCESSORIES[kind],
                        acceptance="verbal" if verbal else "paper",
                        witness=self.rng.choice(self.users[:3]) if verbal else None)
        outcomes.at_lending(self, loan, staff)
        length = (loan.due_date - day).days
        lateness = self.rng.choices([-20, 0, 5, 25, 400], [3, 4, 2, 1, 1])[0]
        renew = self.rng.random() < 0.25
        self.planned[loan] = (day + timedelta(days=length * (1 + renew) + lateness), renew)

    def _walk_in(self, free_peers):
        """A peer with no kit out who asks at the desk, preferably one on no waitlist."""
        queued = set(db.session.execute(waiting().with_only_columns(WaitlistEntry.peer_id))
                     .scalars())
        return self.rng.choice([p for p in free_peers if p.id not in queued] or free_peers)

    def _side_paths(self):
        """A device in repair, one retired, a donation still to be set up, and this week's new
        lines with their plans, ready to lend."""
        manager = self.users[0]
        spare = db.session.execute(db.select(Device).where(Device.status == "available")
                                   .order_by(Device.id).limit(2)).scalars().all()
        change_device_status(spare[0], "in_repair", by=manager, note="Battery swelling")
        change_device_status(spare[1], "retired", by=manager, note="Obsolete", wiped=True)
        for n in range(4):
            add_device({"kind": "tablet", "make": "Samsung", "model": "Galaxy Tab A9",
                        "serial": f"DON{n:05d}", "asset_tag": f"LB-DON-{n + 1:03d}",
                        "accessories": "charger,cable", "condition": "new",
                        "replacement_value": Decimal(229)}, by=manager)
        for n in range(3):
            sim = add_sim({"iccid": _with_check_digit(self.rng, "8930", 20),
                           "carrier": CARRIERS[0], "phone_number": f"+14165550{190 + n}",
                           "status": "active", "contract_id": self.contracts["telecom"].id},
                          by=manager)
            name, allowance, cost = PLANS[0]
            add_plan({"carrier": sim.carrier, "name": name, "monthly_allowance_gb": allowance,
                      "monthly_cost": cost, "sim_id": sim.id, "contract_id": sim.contract_id,
                      "start_date": self.today - timedelta(days=n),
                      "end_date": self.today + timedelta(days=180 + 30 * n) if n else None},
                     by=manager)


    def _due_soon_by_text(self):
        """Two peers who agreed to texts borrow a hotspot today for two days: the daily run
        (`flask daily`) texts them a reminder, as the policy's days before the due date say."""
        busy = set(db.session.execute(db.select(Loan.peer_id).where(
            Loan.open_condition())).scalars())
        texting = [peer for peer in self.peers if peer.texts_allowed and peer.id not in busy]
        hotspots = [d for d in lendable_items(self.today)["device"] if d.kind == "hotspot"]
        for peer, hotspot in zip(texting[:2], hotspots, strict=False):
            lend_kit(peer, by=self.users[1], acceptance="paper", device=hotspot,
                     due_date=self.today + timedelta(days=2),
                     accessories=KIT_ACCESSORIES["hotspot"])


def seed_demo():
    """Fill an empty database with the demo program; return the demo accounts."""
    DemoProgram().build()
    return DEMO_ACCOUNTS
