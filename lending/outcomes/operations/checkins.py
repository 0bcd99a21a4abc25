"""Check-ins: a peer's closed answers at lending, at a follow-up and at return, and the
versions of the questions asked."""
import json
from datetime import date

from flask_babel import gettext

from ...audit.log import record_created
from ...clock import local_today
from ...models import CheckIn, CheckInVersion, vocab
from ...refusals import RuleError
from ..questions import DECLINED, NONE, NUMBERED, QUESTIONS, SEVERAL, asked

MAX_WORDS = 300


def _answer(key: str, given):
    """One answer as stored, or a RuleError: None when declined, keys joined by commas for
    questions of several answers ("" for none of them), a number for the scales."""
    words, choices, _ = QUESTIONS[key]
    if given in (None, "", DECLINED, [DECLINED], []):
        return None
    if key in SEVERAL:
        given = [given] if isinstance(given, str) else list(given)
        if given == [NONE]:
            return ""
        if {NONE, DECLINED} & set(given):
            raise RuleError(gettext("“%(words)s”: “None of these” and “Prefers not to say” go "
                                    "alone.", words=words))
        if not set(given) <= set(choices):
            raise RuleError(gettext("“%(words)s”: choose among the answers offered.", words=words))
        return ",".join(choice for choice in choices if choice in given)
    if given not in choices:
        raise RuleError(gettext("“%(words)s”: choose one of the answers offered.", words=words))
    return int(given) if key in NUMBERED else given


def record_check_in(peer, *, stage: str, answers: dict, by, loan=None,
                    held_on: date | None = None, form_token=None) -> CheckIn:
    """Record a check-in with the current version's questions. Each answer is one of the
    offered choices, or declined; questions the version does not ask stay empty."""
    today = local_today()
    held_on = held_on or today
    if stage not in vocab.CHECK_IN_STAGES:
        raise RuleError(gettext("Say when this check-in is: at lending, a follow-up or at return."))
    if held_on > today:
        raise RuleError(gettext("The date cannot be in the future."))
    if loan is not None and loan.peer_id != peer.id:
        raise RuleError(gettext("Loan #%(id)s is not %(code)s's.", id=loan.id, code=peer.code))
    version = CheckInVersion.current()
    if version.id is None:  # the built-in questions, stored with the first check-in
        record_created(version, by=by)
    questions = asked(version.loneliness)
    unasked = [key for key, value in answers.items()
               if key not in questions and _answer(key, value) is not None]
    if unasked:
        raise RuleError(gettext("This version of the check-in does not ask that."))
    check_in = CheckIn(peer=peer, loan=loan, stage=stage, held_on=held_on, version=version,
                       recorded_by=by, form_token=form_token,
                       **{key: _answer(key, answers.get(key)) for key in questions})
    record_created(check_in, by=by)
    return check_in


def _words(wording: dict[str, str]) -> dict[str, str]:
    """Every question's words, spaces tidied; a RuleError if one is missing or too long."""
    wording = {key: " ".join((wording.get(key) or "").split()) for key in QUESTIONS}
    if not all(wording.values()):
        raise RuleError(gettext("Every question needs its words."))
    if any(len(words) > MAX_WORDS for words in wording.values()):
        raise RuleError(gettext("A question is at most %(max_words)s characters.",
                                max_words=MAX_WORDS))
    return wording


def save_check_in_version(wording: dict[str, str], *, loneliness: bool, by,
                          wording_fr: dict[str, str] | None = None) -> CheckInVersion:
    """A new version of the questions: their words in English and, for peers who read
    French, in French (None: the current version's French; all blank: none, so French readers
    hear the English), and whether the loneliness scale is asked. The answers offered stay the
    same (the figures read them)."""
    wording = _words(wording)
    current = CheckInVersion.current()
    if wording_fr is None:
        wording_fr = current.french_words
    elif not any((words or "").strip() for words in wording_fr.values()):
        wording_fr = None
    elif not all((wording_fr.get(key) or "").strip() for key in QUESTIONS):
        raise RuleError(gettext("Give every question its French words, or none of them (then "
                                "peers who read French hear the English)."))
    else:
        wording_fr = _words(wording_fr)
    if (current.words, current.french_words, current.loneliness) == \
            (wording, wording_fr, loneliness):
        raise RuleError(gettext("Nothing changed, so no new version was saved."))
    version = CheckInVersion(number=current.number + (current.id is not None),
                             wording=json.dumps(wording),
                             wording_fr=json.dumps(wording_fr) if wording_fr else None,
                             loneliness=loneliness, created_by=by)
    record_created(version, by=by)
    return version
