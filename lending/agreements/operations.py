"""Loan agreement versions: saved text never changes; a new version is numbered after the
current one and new loans accept it from then on."""
from flask_babel import gettext

from ..audit.log import record_created
from ..extensions import db
from ..models import AgreementVersion
from ..refusals import RuleError, flush_or_refuse


def write_agreement(title: str, body: str, *, by, title_fr: str | None = None,
                    body_fr: str | None = None) -> AgreementVersion:
    """Save a new version of the loan agreement: its title and text, and the same in French
    for peers who read French (both or neither; neither: the English is printed for all)."""
    if not title or not body:
        raise RuleError(gettext("An agreement needs a title and its text."))
    title_fr, body_fr = title_fr or None, body_fr or None
    if (title_fr is None) != (body_fr is None):
        raise RuleError(gettext("Give the French title and the French text, or neither."))
    current = AgreementVersion.current()
    if current and (current.title, current.body, current.title_fr, current.body_fr) == \
            (title, body, title_fr, body_fr):
        raise RuleError(gettext("This is the text of version %(number)s already; change it before "
                                "saving a new version.", number=current.number))
    version = AgreementVersion(number=(current.number if current else 0) + 1, title=title,
                               body=body, title_fr=title_fr, body_fr=body_fr, created_by=by)
    db.session.add(version)
    flush_or_refuse(gettext("Someone saved a new version a moment ago; read it, then save yours "
                            "again if it is still needed."))
    record_created(version, by=by)
    return version
