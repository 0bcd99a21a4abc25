"""Contracts' outcome targets, e.g. 70% of the peers served join a virtual group."""
from decimal import Decimal

from flask_babel import gettext

from ...audit.log import apply_changes, record, record_created
from ...extensions import db
from ...models import OutcomeTarget, vocab
from ...refusals import RuleError


def set_outcome_targets(contract, targets: dict[str, Decimal | None], *, by) -> None:
    """Set, change or clear (None) the contract's targets, one per outcome figure."""
    unknown = set(targets) - set(vocab.OUTCOME_TARGETS)
    if unknown:
        raise RuleError(gettext("That is not an outcome a contract can aim for."))
    share = targets.get("joined_groups_share")
    if share is not None and not 0 <= share <= 100:
        raise RuleError(gettext("A share is between 0 and 100%."))
    for key in ("training_hours", "staff_equipped"):
        if targets.get(key) is not None and targets[key] < 0:
            raise RuleError(gettext("Hours and people cannot be below zero."))
    existing = {target.measure: target for target in contract.outcome_targets}
    for measure, value in targets.items():
        target = existing.get(measure)
        if value is None and target is not None:
            record("delete", target, by=by, changes={"target": [str(target.target), None]},
                   note=f"{contract.reference}: {measure}")
            db.session.delete(target)
        elif value is not None and target is None:
            record_created(OutcomeTarget(contract=contract, measure=measure, target=value),
                           by=by)
        elif value is not None:
            apply_changes(target, {"target": value}, by=by)
