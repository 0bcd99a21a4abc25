"""The synthetic program's outcomes (synth.py): check-ins beside its loans, the usual priority
groups with a third of the peers in one, and a weekly group session; written in bulk."""
import json
from datetime import datetime, time, timedelta

from ..extensions import db
from ..models import CheckIn, CheckInVersion, GroupAttendance, GroupSession, PeerGroup
from ..outcomes.operations import add_usual_groups
from ..outcomes.questions import DEFAULT_WORDING, LONELINESS_ITEMS


def _at(day):
    """A UTC moment on a day, during opening hours (as synth.py's rows have)."""
    return datetime.combine(day, time(15))


def check_ins(writer, rng, loan_id, peer_id, lent_on, returned_on, today, staff_id):
    """A check-in at lending for most loans, a follow-up six weeks on for some still out then,
    one at return for about half of those returned; answers at random, some declined."""
    follow_up = lent_on + timedelta(weeks=6)
    for stage, day, chance in (("baseline", lent_on, 0.6),
                               ("follow_up", follow_up, 0.3 if follow_up <= min(
                                   returned_on or today, today) else 0),
                               ("return", returned_on, 0.5 if returned_on else 0)):
        if rng.random() < chance:
            later = stage != "baseline"
            writer.add(CheckIn, {
                "peer_id": peer_id, "loan_id": loan_id, "stage": stage, "held_on": day,
                "version_id": 1, "recorded_by_id": staff_id, "created_at": _at(day),
                "groups_joined": rng.choice((None, "", "support_group", "phone_line,social"))
                if later else "", "times_last_week": rng.choice((None, "0", "1", "2-3")),
                "confidence": rng.choice((None, 1, 2, 3, 4, 5)),
                "other_uses": rng.choice((None, "", "health,family")),
                **{item: rng.choice((None, 1, 2, 3)) for item in LONELINESS_ITEMS}})


def outcome_setup(writer, rng, counts, origin, today, staff_id):
    """The check-in's questions (the loneliness scale asked), the usual priority groups with a
    third of the peers in one, and a weekly group session of five peers."""
    writer.add(CheckInVersion, {"id": 1, "number": 1, "wording": json.dumps(DEFAULT_WORDING),
                                "loneliness": True, "created_at": _at(origin)})
    writer.flush()
    groups = [group.id for group in add_usual_groups(by=None)]  # a migration may have them
    db.session.flush()
    for peer_id in range(1, counts.peers + 1, 3):
        writer.add(PeerGroup, {"peer_id": peer_id, "recorded_on": origin,
                               "group_id": rng.choice(groups)})
    for week in range((today - origin).days // 7):
        day = origin + timedelta(weeks=week)
        writer.add(GroupSession, {"id": week + 1, "held_on": day, "minutes": 90,
                                  "topic": "video_calls", "facilitator_id": staff_id,
                                  "recorded_by_id": staff_id, "created_at": _at(day)})
        for peer_id in rng.sample(range(1, counts.peers + 1), min(5, counts.peers)):
            writer.add(GroupAttendance, {"session_id": week + 1, "peer_id": peer_id})
