"""The demo's day-to-day beyond lending: agreements, issues, lines, support, the waitlist."""
from datetime import timedelta

from ..agreements.operations import write_agreement
from ..clock import travel_to
from ..extensions import db
from ..inventory.operations import reactivate_sim, record_line_use, suspend_sim
from ..issues.operations import log_issue, resolve_issue
from ..models import DataPlan, vocab
from ..peers.operations import log_support_session
from ..refusals import RuleError
from ..waitlist.operations import add_to_waitlist, withdraw

AGREEMENT = """I am borrowing the items listed above from the program so that I can take \
part in peer-support groups, the phone line and social programs.

I will keep the items safe, use them lawfully, and not sell, lend or give them away.

I will bring everything back, with its accessories, by the due date, or ask staff to renew \
the loan. If something is lost, stolen or broken, I will tell staff as soon as I can. \
I will not be charged for ordinary wear{extra}.

Staff will wipe every device before it is lent again. The program does not look at what I \
do on the device."""
SUPPORT_NOTES = ["Joined first video group", "Set up email", "Data saver on", "", "", ""]


def agreement_version(program, number):
    """Version 1 at the start of the year; version 2 adds a sentence halfway through."""
    extra = "" if number == 1 else ", and losing a kit never stops me getting support"
    write_agreement("Device and data loan agreement", AGREEMENT.format(extra=extra),
                    by=program.users[0])


def act_on_overdue_loans(program, day, staff):
    """Staff follow the daily run's proposals, sometimes: suspend lines, declare kits lost."""
    overdue = [loan for loan in program.planned if loan.escalation_stage in ("suspend", "lost")]
    for loan in overdue:
        if loan.escalation_stage == "suspend" and loan.sim and loan.sim.status == "active" \
                and program.rng.random() < 0.2:
            suspend_sim(loan.sim, by=staff, reason=f"Loan #{loan.id} overdue",
                        effective_on=day)
        elif loan.escalation_stage == "lost" and program.rng.random() < 0.03:
            kind = "stolen" if program.rng.random() < 0.2 else "lost"
            log_issue(kind, by=staff, loan=loan, incident_date=day, suspend_line=True,
                      description="Peer could not be reached" if kind == "lost"
                      else "Peer reported it stolen")
            del program.planned[loan]


def log_damage(program, loan, day, staff):
    """A damaged kit gets an issue, usually repaired at a cost."""
    issue = log_issue("damaged", by=staff, loan=loan, incident_date=day,
                      description="Screen cracked")
    if program.rng.random() < 0.8:
        resolve_issue(issue, by=staff, resolution="repaired", note="Screen replaced",
                      cost=program.rng.choice([60, 85, 120]))


def reactivate_line(loan, staff):
    """A suspended line comes back on when its kit is returned, ready for the next peer."""
    if loan.sim is not None and loan.sim.status == "suspended":
        reactivate_sim(loan.sim, by=staff, reason=f"Kit returned (loan #{loan.id})")


def join_waitlist(program, peer, kind, staff, priority=None):
    """A peer asks for a kind of kit that is out of stock; a few later withdraw."""
    try:
        entry = add_to_waitlist(peer, kind, by=staff,
                                priority=priority or program.rng.choice([1, 2, 2, 3]),
                                reason=program.rng.choice(["Joins the Tuesday video group",
                                                           "Phone line calls", ""]))
    except RuleError:
        return
    if priority is None and program.rng.random() < 0.1:
        withdraw(entry, by=staff, reason="Found a device elsewhere")


def support_and_problems(program, day, staff):
    """Some support sessions, and now and then a connectivity problem."""
    for _ in range(program.rng.choices([0, 1, 2], [3, 4, 2])[0]):
        peer = program.rng.choice(program.peers)
        log_support_session(peer, by=staff, held_on=day,
                            minutes=program.rng.choice([15, 20, 30, 45, 60]),
                            topic=program.rng.choice(list(vocab.SUPPORT_TOPICS)),
                            note=program.rng.choice(SUPPORT_NOTES))
    if program.rng.random() < 0.03:
        with_line = [loan for loan in program.planned if loan.sim is not None]
        if with_line:
            loan = program.rng.choice(with_line)
            issue = log_issue("connectivity", by=staff, loan=loan, sim=loan.sim,
                              incident_date=day, description="No data after the plan renewed")
            if program.rng.random() < 0.7:
                resolve_issue(issue, by=staff, resolution="no_action",
                              note="Carrier reset the line")


def note_line_use(program):
    """Lines on loan were used in the last days; some free plans sit idle."""
    today, manager = program.today, program.users[0]
    open_plan_ids = {line.plan_id for loan in program.planned for line in loan.items
                     if line.plan_id}
    for plan in db.session.execute(db.select(DataPlan)).scalars():
        if plan.id in open_plan_ids:
            used = today - timedelta(days=program.rng.randrange(0, 6))
        elif plan.in_service(today) and program.rng.random() < 0.5:
            used = today - timedelta(days=program.rng.randrange(31, 90))
        else:
            continue
        if used >= plan.start_date:
            record_line_use(plan, used, by=manager)


def waiting_today(program):
    """A few peers are waiting today, one of them for a kind that is in stock."""
    busy = {loan.peer_id for loan in program.planned}
    free_peers = [peer for peer in program.peers if peer.id not in busy]
    for peer, kind, priority, days_ago in zip(free_peers[-4:],
                                              ["laptop", "laptop", "tablet", "hotspot"],
                                              [2, 1, 2, 3], [26, 9, 4, 15], strict=False):
        with travel_to(program.at(program.today - timedelta(days=days_ago), 10)):
            join_waitlist(program, peer, kind, program.users[1], priority=priority)
