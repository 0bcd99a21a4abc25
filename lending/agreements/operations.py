"""Loan agreement versions: saved text never changes; a new version is numbered after the
current one and new loans accept it from then on."""
from flask_babel import gettext

from ..audit.log import record_created
from ..extensions import db
from ..models import AgreementVersion
from ..refusals import RuleError, flush_or_refuse


def write_agreement(title: str, body: str, *, by) -> AgreementVersion:
    """Save a new version of the loan agreement."""
    if not title or not body:
        raise RuleError(gettext("An agreement needs a title and its text."))
    current = AgreementVersion.current()
    if current and (current.title, current.body) == (title, body):
        raise RuleError(gettext("This is the text of version %(number)s already; change it before "
                                "saving a new version.", number=current.number))
    version = AgreementVersion(number=(current.number if current else 0) + 1, title=title,
                               body=body, created_by=by)
    db.session.add(version)
    flush_or_refuse("Someone saved a new version a moment ago; read it, then save yours again "
                    "if it is still needed.")
    record_created(version, by=by)
    return version
