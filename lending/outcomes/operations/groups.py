"""Priority groups: the list managers keep, and the groups a peer says they belong to."""
from datetime import date

from flask_babel import gettext

from ...audit.log import apply_changes, record, record_created
from ...clock import local_today
from ...extensions import db
from ...models import PeerGroup, PriorityGroup, WaitlistEntry, vocab
from ...refusals import RuleError, flush_or_refuse
from ..queries import groups_of, waits_first

# The groups funders ask about (the first migration of outcomes stores them too).
USUAL_GROUPS = ("Housing insecure", "Living with a disability", "Newcomer or refugee",
                "60 or older", "Rural", "Speaks neither English nor French at home",
                "Indigenous", "Low income")


def add_usual_groups(*, by) -> list[PriorityGroup]:
    """Add those of the usual groups the list does not have yet; return the whole list."""
    have = set(db.session.execute(db.select(PriorityGroup.name)).scalars())
    for name in USUAL_GROUPS:
        if name not in have:
            save_priority_group(None, name=name, active=True, raises_waitlist=False, by=by)
    return db.session.execute(db.select(PriorityGroup).order_by(PriorityGroup.name)) \
        .scalars().all()


def save_priority_group(group: PriorityGroup | None, *, name: str, active: bool,
                        raises_waitlist: bool, by) -> PriorityGroup:
    """Add a priority group, or rename, retire or change one (a retired group is offered no
    more; what peers said stays, and counts in reports of the time)."""
    name = " ".join(name.split())
    if not name:
        raise RuleError(gettext("Name the group."))
    data = {"name": name, "active": active, "raises_waitlist": raises_waitlist}
    taken = gettext("There is already a group named “%(name)s”.", name=name)
    other = db.session.execute(db.select(PriorityGroup.id).where(
        PriorityGroup.name == name)).scalar_one_or_none()
    if other is not None and (group is None or other != group.id):
        raise RuleError(taken)
    if group is None:
        group = PriorityGroup(**data)
        db.session.add(group)
        flush_or_refuse(taken)
        record_created(group, by=by)
        return group
    apply_changes(group, data, by=by)
    flush_or_refuse(taken)
    return group


def record_priority_groups(peer, groups: list[PriorityGroup], *, consent_method: str, by,
                           today: date | None = None) -> bool:
    """Record the groups a peer says they belong to, with how they agreed that we keep them
    (for waitlist priority and anonymous reach figures). No consent: nothing is kept, and
    withdrawing it removes every group. A group raising waitlist priority moves their
    waiting entries to high. The audit log says that the groups changed, never which.
    Whether anything changed."""
    today = today or local_today()
    if consent_method and consent_method not in vocab.CONSENT_METHODS:
        raise RuleError(gettext("Say how the peer agreed."))
    if groups and not consent_method:
        raise RuleError(gettext("Groups are kept only with the peer's consent for that purpose: "
                                "say "
                        "how they agreed, or leave every group unticked."))
    before = {group.id for group in groups_of(peer)}
    chosen = {group.id for group in groups}
    if any(not group.active and group.id not in before for group in groups):
        raise RuleError(gettext("A retired group cannot be chosen."))
    consent = (consent_method or None, (peer.groups_consent_on or today)
               if consent_method else None)
    if before == chosen and consent[0] == peer.groups_consent_method:
        return False
    for group_id in before - chosen:
        db.session.delete(db.session.get(PeerGroup, (peer.id, group_id)))
    db.session.add_all(PeerGroup(peer_id=peer.id, group_id=group_id, recorded_on=today)
                       for group_id in chosen - before)
    peer.groups_consent_method, peer.groups_consent_on = consent
    db.session.flush()
    record("priority_groups", peer, by=by,
           note="priority groups changed (which, never logged)" if consent_method
           else "consent to keep priority groups withdrawn; none kept")
    if waits_first(peer):
        for entry in db.session.execute(db.select(WaitlistEntry).where(
                WaitlistEntry.peer_id == peer.id, WaitlistEntry.status == "waiting",
                WaitlistEntry.priority > 1)).scalars():
            apply_changes(entry, {"priority": 1}, by=by, action="update",
                          note="a priority group raises it")
    return True
