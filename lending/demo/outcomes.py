"""The demo's outcomes: the groups peers name, check-ins at lending, follow-up and return
(confidence rising and loneliness easing for most), a weekly group, kits lent to staff, and
the grant's outcome targets."""
from contextlib import suppress
from decimal import Decimal

from ..loans.operations import lend_kit
from ..loans.queries import lendable_items
from ..outcomes.operations import (
    add_usual_groups,
    log_group_session,
    record_check_in,
    record_priority_groups,
    save_check_in_version,
    save_priority_group,
    set_outcome_targets,
)
from ..outcomes.queries import follow_ups_due
from ..outcomes.questions import DEFAULT_WORDING, LONELINESS_ITEMS
from ..refusals import RuleError

GROUPS = ["support_group", "phone_line", "social", "training"]
USES = ["health", "groceries", "benefits", "family"]


def setting_up(program):
    """The check-in asks the loneliness scale; housing insecurity raises a peer's waitlist
    place; the grant aims for 70% joining a group and 60 hours of training."""
    manager = program.users[0]
    save_check_in_version(DEFAULT_WORDING, loneliness=True, by=manager)
    program.groups = add_usual_groups(by=manager)
    housing = next(group for group in program.groups if group.name == "Housing insecure")
    save_priority_group(housing, name=housing.name, active=True, raises_waitlist=True,
                        by=manager)
    set_outcome_targets(program.contracts["grant"], {
        "joined_groups_share": Decimal(70), "confidence_change": Decimal("0.5"),
        "training_hours": Decimal(60)}, by=manager)
    program.start_scores = {}


def name_groups(program, peer, staff):
    """Most peers agree to say which groups they belong to; some name none."""
    if program.rng.random() < 0.65:
        chosen = program.rng.sample(program.groups, program.rng.choice([0, 1, 1, 2]))
        record_priority_groups(peer, chosen, by=staff, consent_method="paper")


def _answers(program, peer, later: bool) -> dict:
    """Answers that start low and, for most peers, get better; a few questions declined."""
    rng = program.rng
    confidence, lonely = program.start_scores.setdefault(
        peer.id, (rng.choice([1, 2, 2, 3]), [rng.choice([2, 3, 3]) for _ in LONELINESS_ITEMS]))
    if later:
        confidence = min(5, confidence + rng.choice([0, 1, 1, 2]))
        lonely = [max(1, item - rng.choice([0, 0, 1])) for item in lonely]
    answers = {"groups_joined": rng.sample(GROUPS, rng.choice([0, 1, 1, 2])) or ["none"]
               if later or rng.random() < 0.3 else ["none"],
               "times_last_week": rng.choice(["0", "1", "2-3", "4+"]) if later else "0",
               "confidence": str(confidence), "other_uses": rng.sample(USES, 2),
               **dict(zip(LONELINESS_ITEMS, (str(item) for item in lonely), strict=True))}
    if rng.random() < 0.1:
        answers[rng.choice(list(answers))] = "declined"
    return answers


def at_lending(program, loan, staff):
    """Three loans in four begin with a check-in."""
    if program.rng.random() < 0.75:
        record_check_in(loan.peer, stage="baseline", loan=loan, by=staff,
                        answers=_answers(program, loan.peer, later=False))


def follow_ups(program, day, staff):
    """Staff reach most peers whose follow-up has come due; the last week's wait for them."""
    if (program.today - day).days < 7:
        return
    for loan in follow_ups_due(day)[1]:
        if program.rng.random() < 0.3:
            record_check_in(loan.peer, stage="follow_up", loan=loan, by=staff,
                            answers=_answers(program, loan.peer, later=True))


def at_return(program, loan, staff):
    """Half of the kits coming back end with a check-in."""
    if program.rng.random() < 0.5:
        record_check_in(loan.peer, stage="return", loan=loan, by=staff,
                        answers=_answers(program, loan.peer, later=True))


def weekly_group(program, day, staff):
    """The Tuesday video group: a few peers with kits, and a peer support worker."""
    if day.weekday() != 1:
        return
    with_kits = sorted({loan.peer for loan in program.planned}, key=lambda peer: peer.id)
    if len(with_kits) >= 3:
        log_group_session(held_on=day, minutes=90, topic="video_calls", facilitator=staff,
                          peers=program.rng.sample(with_kits, min(len(with_kits),
                                                                  program.rng.randint(3, 8))),
                          staff=[program.users[2]], by=staff)


def staff_kits(program, day):
    """A peer support worker hosts the group from home with a laptop (40 days ago; a tablet
    when every laptop is out); a colleague took a hotspot to run the phone line on the road
    (10 days ago; a phone when every hotspot is out)."""
    borrower = {40: (("laptop", "tablet"), program.users[2]),
                10: (("hotspot", "phone"), program.users[1])}.get((program.today - day).days)
    if borrower is None:
        return
    kinds, person = borrower
    lendable = lendable_items(day)["device"]
    device = next((d for kind in kinds for d in lendable if d.kind == kind), None)
    if device is not None:
        with suppress(RuleError):  # nothing lendable of that kind today
            lend_kit(person, by=program.users[0], acceptance="paper", device=device,
                     today=day, waitlist_reason="Hosts the Tuesday video group for peers")
