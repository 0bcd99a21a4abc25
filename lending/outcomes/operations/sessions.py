"""Group sessions: training or support given to several people at once."""
from datetime import date

from flask_babel import gettext

from ...audit.log import record_created
from ...models import GroupAttendance, GroupSession
from ...peers.operations import session_problem
from ...refusals import RuleError


def log_group_session(*, held_on: date, minutes: int, topic: str, facilitator, peers=(),
                      staff=(), by, form_token=None) -> GroupSession:
    """Record a group session after it happened: when, how long, about what, who led it and
    who attended (peers by code, staff members)."""
    problem = session_problem(held_on, minutes, topic)
    if problem:
        raise RuleError(problem)
    if facilitator is None or not facilitator.active or \
            facilitator.role not in ("staff", "manager"):
        raise RuleError(gettext("The facilitator is an active staff member or manager."))
    peers, staff = list(dict.fromkeys(peers)), list(dict.fromkeys(staff))
    if not peers and not staff:
        raise RuleError(gettext("Name who attended: peers by code, or staff members."))
    session = GroupSession(
        held_on=held_on, minutes=minutes, topic=topic, facilitator=facilitator, recorded_by=by,
        form_token=form_token,
        attendance=[*(GroupAttendance(peer=peer) for peer in peers),
                    *(GroupAttendance(user=user) for user in staff)])
    record_created(session, by=by, note=f"{len(peers)} peer(s) and {len(staff)} staff "
                                        "attended")
    return session
