"""The outcome figures of docs/domain.md: what changed for the peers served, and for whom.

Computed for a period and a scope like the report figures (metrics.py), from the check-ins,
the priority groups peers named, group sessions and kits lent to staff. Each is computed once
here; its label and definition are figures.py's OUTCOMES (and docs/domain.md);
tests/oracle_outcomes.py works each out again row by row.
The people among them are peers served in the period (metrics.py), read from their spells.
"""
from sqlalchemy import and_, case, exists, func, select

from ..extensions import db
from ..models import (
    CheckIn,
    GroupAttendance,
    GroupSession,
    Loan,
    PeerGroup,
    PriorityGroup,
)
from ..models.figures import FigureDay, ServedSpell, outcome_scope
from .kept import loan_scopes
from .metrics import (
    Period,
    Scope,
    last_lending_day,
    open_during,
    served_condition,
    support,
    to_the_end,
)

LATER = ("follow_up", "return")


# --- the Python form, per peer, kept so that periods to date add up days -----------------

KEPT = ("asked", "joined", "confidence_n", "confidence_sum", "loneliness_n", "loneliness_sum")


def _score(answers, measure):
    """A check-in's confidence, or its loneliness score (all three items answered)."""
    if measure == "confidence":
        return answers["confidence"]
    items = [answers[key] for key in ("lonely_companionship", "lonely_left_out",
                                      "lonely_isolated")]
    return None if None in items else sum(items)


def peer_outcome(check_ins: list[dict], first_loan, groups=()) -> dict:
    """What one peer's check-ins (every one so far, as dicts of their columns) say, as the
    figures below count a peer served in a period that ends after all of them: asked about
    groups at a later check-in on or after their first loan, joined one, and the change
    from their first answer at lending to their latest later one (None: not measured twice);
    and the priority groups they named (ids). The Python form of `_groups`, `_change` and
    `reach`, kept per peer by reporting/spells.py."""
    ordered = sorted(check_ins, key=lambda c: (c["held_on"], c["id"]))
    answered = [c["groups_joined"] for c in ordered if c["stage"] in LATER
                and c["groups_joined"] is not None and c["held_on"] >= first_loan]
    result = {"asked": bool(answered), "joined": any(answered),
              "groups": ",".join(str(group) for group in sorted(groups))}
    for measure in ("confidence", "loneliness"):
        scored = [(c, _score(c, measure)) for c in ordered if _score(c, measure) is not None]
        baselines = [pair for pair in scored if pair[0]["stage"] == "baseline"]
        laters = [pair for pair in scored if pair[0]["stage"] in LATER]
        change = None
        if baselines and laters and laters[-1][0]["held_on"] >= baselines[0][0]["held_on"]:
            change = laters[-1][1] - baselines[0][1]
        result[f"{measure}_change"] = change
    return result


def kept_amounts(outcome) -> dict:
    """What a peer's outcome adds to each kept measure (KEPT, and "group_<id>" for each
    priority group they named) of a scope they were served in."""
    amounts = {"asked": int(outcome["asked"]), "joined": int(outcome["joined"]),
               **{f"group_{group}": 1 for group in outcome["groups"].split(",") if group}}
    for measure in ("confidence", "loneliness"):
        change = outcome[f"{measure}_change"]
        amounts[f"{measure}_n"] = int(change is not None)
        amounts[f"{measure}_sum"] = change or 0
    return amounts


def _served_peers(period: Period, scope: Scope):
    """Subquery: each peer served in the period in the scope, once, with their first loan."""
    return select(ServedSpell.peer_id, ServedSpell.first_loan_on) \
        .where(served_condition(period, scope.kept_id)).subquery()


def _groups(period, served):
    """Peers asked about groups after their first loan, and those who named one."""
    answers = (select(CheckIn.peer_id, func.max(case((CheckIn.groups_joined != "", 1),
                                                     else_=0)).label("joined"))
               .join(served, served.c.peer_id == CheckIn.peer_id)
               .where(CheckIn.stage.in_(LATER), CheckIn.groups_joined.is_not(None),
                      CheckIn.held_on >= served.c.first_loan_on,
                      CheckIn.held_on <= period.end)
               .group_by(CheckIn.peer_id).subquery())
    asked, joined = db.session.execute(
        select(func.count(), func.coalesce(func.sum(answers.c.joined), 0))).one()
    return {"groups_answered": asked, "joined_groups": int(joined),
            "joined_groups_share": round(joined / asked, 3) if asked else None}


def _ranked(measure, stages, period, served, latest: bool):
    """Subquery: each served peer's answers on a measure at these stages by the period's end,
    ranked 1 for the first (or, `latest`, the last); read through ix_check_in_peer for the
    peers served only, however many check-ins others have."""
    order = (CheckIn.held_on.desc(), CheckIn.id.desc()) if latest else \
        (CheckIn.held_on, CheckIn.id)
    return (select(CheckIn.peer_id, CheckIn.held_on, measure.label("value"),
                   func.row_number().over(partition_by=CheckIn.peer_id, order_by=order)
                   .label("rank"))
            .join(served, served.c.peer_id == CheckIn.peer_id)
            .where(CheckIn.stage.in_(stages), measure.is_not(None),
                   CheckIn.held_on <= period.end).subquery())


def _change(measure, period, served, name):
    """How many peers served have the measure at lending and later, and the mean change."""
    first = _ranked(measure, ("baseline",), period, served, latest=False)
    last = _ranked(measure, LATER, period, served, latest=True)
    count, mean = db.session.execute(
        select(func.count(), func.avg(last.c.value - first.c.value)).select_from(first)
        .join(last, and_(last.c.peer_id == first.c.peer_id, last.c.rank == 1,
                         last.c.held_on >= first.c.held_on))
        .where(first.c.rank == 1)).one()
    return {f"{name}_n": count,
            f"{name}_change": round(float(mean), 2) if count else None}


def _group_sessions(period, scope, served):
    """Group sessions in the period (in a scope: with a peer it served attending)."""
    query = select(func.count(GroupSession.id),
                   func.coalesce(func.sum(GroupSession.minutes), 0)) \
        .where(GroupSession.held_on.between(period.start, period.end))
    if scope.contract_ids is not None:
        query = query.where(exists().where(GroupAttendance.session_id == GroupSession.id,
                                           GroupAttendance.peer_id == served.c.peer_id))
    sessions, minutes = db.session.execute(query).one()
    return {"group_sessions": sessions, "training_hours_groups": round(minutes / 60, 1)}


def _staff(period, scope):
    """Staff with a kit open in the period, and kits lent to staff in it. Kits lent to staff
    are few: read through ix_loan_staff, then kept to the scope by their kits' contracts."""
    loans = db.session.execute(select(Loan.id, Loan.staff_id, Loan.lent_on).where(
        Loan.staff_id.is_not(None), open_during(period))).all()
    if scope.contract_ids is not None:
        scopes = loan_scopes(db.session.connection(), {loan.id for loan in loans})
        loans = [loan for loan in loans if scope.kept_id in scopes.get(loan.id, ())]
    return {"staff_equipped": len({loan.staff_id for loan in loans}),
            "staff_loans": sum(period.start <= loan.lent_on for loan in loans)}


def _after_everything(period: Period) -> bool:
    """Whether nothing was lent or asked after the period (so its peers' outcomes are those
    kept: true of any period that runs to today)."""
    last_asked = db.session.execute(select(func.max(CheckIn.held_on))).scalar_one()
    return to_the_end(period, last_lending_day()) and (last_asked is None
                                                        or period.end >= last_asked)


def _kept_outcomes(period: Period, scope: Scope) -> dict:
    """The check-in figures of a period that runs past every lending and check-in day: the
    kept measures of the scope's peers whose latest spell ends in it or later, added up."""
    sums = dict(db.session.execute(
        select(FigureDay.measure, func.sum(FigureDay.amount)).where(
            FigureDay.scope_id == outcome_scope(scope.kept_id), FigureDay.day >= period.start,
            FigureDay.measure.in_(KEPT)).group_by(FigureDay.measure)).all())
    count = {measure: int(sums.get(measure) or 0) for measure in KEPT}
    result = {"groups_answered": count["asked"], "joined_groups": count["joined"],
              "joined_groups_share": round(count["joined"] / count["asked"], 3)
              if count["asked"] else None}
    for measure in ("confidence", "loneliness"):
        n = count[f"{measure}_n"]
        result[f"{measure}_n"] = n
        result[f"{measure}_change"] = round(count[f"{measure}_sum"] / n, 2) if n else None
    return result


def compute_outcomes(period: Period, scope: Scope) -> dict:
    """Every outcome figure for one period and scope: the check-in figures added up from
    the kept days when the period runs past every lending and check-in day, else counted
    from the check-ins of the peers it served."""
    served = _served_peers(period, scope)
    if _after_everything(period):
        result = _kept_outcomes(period, scope)
    else:
        result = _groups(period, served)
        result.update(_change(CheckIn.confidence, period, served, "confidence"))
        result.update(_change(CheckIn.loneliness_sql(), period, served, "loneliness"))
    minutes = support(period, scope)["support_minutes"]
    result["training_hours_one_to_one"] = round(minutes / 60, 1)
    result.update(_group_sessions(period, scope, served))
    result.update(_staff(period, scope))
    return result


def reach(period: Period, scope: Scope) -> dict[str, int]:
    """{priority group: peers served in the period who named it}, every group named by
    anyone or still offered, by name; added up from the kept days for a period that runs to
    the last lending day (the groups a peer named are as they are now in either case)."""
    if to_the_end(period, last_lending_day()):  # the kept days of the peers served since
        counts = {int(measure.removeprefix("group_")): int(total) for measure, total in
                  db.session.execute(select(FigureDay.measure, func.sum(FigureDay.amount)).where(
                      FigureDay.scope_id == outcome_scope(scope.kept_id),
                      FigureDay.day >= period.start,
                      FigureDay.measure.startswith("group_", autoescape=True))
                      .group_by(FigureDay.measure))}
    else:
        served = _served_peers(period, scope)
        counts = dict(db.session.execute(
            select(PeerGroup.group_id, func.count()).join(served, served.c.peer_id ==
                                                          PeerGroup.peer_id)
            .group_by(PeerGroup.group_id)).all())
    groups = db.session.execute(select(PriorityGroup).order_by(PriorityGroup.name)).scalars()
    return {group.name: counts.get(group.id, 0) for group in groups
            if group.active or counts.get(group.id)}



# --- for outputs: how they relate (disclosure.py); contracts' targets: targets.py ---------

COUNTED = ("groups_answered", "joined_groups", "confidence_n", "loneliness_n",
           "group_sessions", "staff_equipped", "staff_loans")  # changes are differences
FROM = {"joined_groups_share": ("joined_groups", "groups_answered"),
        "confidence_change": ("confidence_n",), "loneliness_change": ("loneliness_n",),
        "training_hours_one_to_one": ("support_minutes",)}


def relate(cells, outcomes: list, reach_rows: list) -> None:
    """Add the outcome figures and the reach by group to an output's cells (beside the
    report figures, figures.relate), with what a reader knows of how they relate: the people
    asked or measured are among the peers served, those who joined among those asked; a
    share or mean is worked out from its counts (hidden with them)."""
    for f in outcomes:
        for column, value in (("now", f.value), ("before", f.previous)):
            cells.add((column, f.key), value, people=f.people)
        cells.add(("change", f.key), f.change, signed=True)
        if f.key in COUNTED:
            cells.difference(("change", f.key), ("now", f.key), ("before", f.key))
        else:
            cells.computed_from(("change", f.key), [("now", f.key), ("before", f.key)])
    for column in ("now", "before"):
        cells.at_most((column, "joined_groups"), [(column, "groups_answered")])
        for key in ("groups_answered", "confidence_n", "loneliness_n"):
            cells.at_most((column, key), [(column, "peers_served")])
        for key, sources in FROM.items():
            cells.computed_from((column, key), [(column, source) for source in sources])
        for name, *counts in reach_rows:
            cells.add(("reach", column, name), counts[column == "before"], people=True)
            cells.at_most(("reach", column, name), [(column, "peers_served")])
