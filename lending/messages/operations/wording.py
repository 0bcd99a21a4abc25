"""The wording managers choose for each kind of text."""
from ...audit.log import apply_changes, record_created
from ...extensions import db
from ...models import MessageWording
from ...refusals import RuleError
from ..wording import wording_problem


def save_wording(template: str, language: str, body: str, *, by) -> MessageWording:
    """A manager's wording of a kind of text (checked: only the known words filled in)."""
    problem = wording_problem(body)
    if problem:
        raise RuleError(problem)
    chosen = db.session.get(MessageWording, (template, language))
    if chosen is None:
        chosen = MessageWording(template=template, language=language, body=body.strip())
        record_created(chosen, by=by, note=f"{template} ({language})")
    else:
        apply_changes(chosen, {"body": body.strip()}, by=by, note=f"{template} ({language})")
    return chosen
