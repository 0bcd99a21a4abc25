"""Group sessions: training or support given to several people at once."""
from datetime import date

from ...audit.log import record_created
from ...clock import local_today
from ...models import GroupAttendance, GroupSession, vocab
from ...peers.operations import SUPPORT_MINUTES
from ...refusals import RuleError


def log_group_session(*, held_on: date, minutes: int, topic: str, facilitator, peers=(),
                      staff=(), by, form_token=None) -> GroupSession:
    """Record a group session after it happened: when, how long, about what, who led it and
    who attended (peers by code, staff members)."""
    low, high = SUPPORT_MINUTES
    if not isinstance(minutes, int) or not low <= minutes <= high:
        raise RuleError(f"Enter between {low} and {high} minutes.")
    if held_on > local_today():
        raise RuleError("The date cannot be in the future.")
    if topic not in vocab.SUPPORT_TOPICS:
        raise RuleError("Choose what the session was about.")
    if facilitator is None or not facilitator.active or \
            facilitator.role not in ("staff", "manager"):
        raise RuleError("The facilitator is an active staff member or manager.")
    peers, staff = list(dict.fromkeys(peers)), list(dict.fromkeys(staff))
    if not peers and not staff:
        raise RuleError("Name who attended: peers by code, or staff members.")
    session = GroupSession(
        held_on=held_on, minutes=minutes, topic=topic, facilitator=facilitator, recorded_by=by,
        form_token=form_token,
        attendance=[*(GroupAttendance(peer=peer) for peer in peers),
                    *(GroupAttendance(user=user) for user in staff)])
    record_created(session, by=by, note=f"{len(peers)} peer(s) and {len(staff)} staff "
                                        "attended")
    return session
