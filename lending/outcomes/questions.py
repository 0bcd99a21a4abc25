"""The check-in's questions: each one's key, default words and closed answers. The words are
versioned (models/outcomes.py CheckInVersion); the keys and answers are fixed, since the
funders' figures read them (reporting/outcomes.py)."""
from flask_babel import force_locale, gettext

from ..i18n import LOCALES
from ..models import vocab
from ..models.vocab import N_

# key: (default words, answers {stored value: label}, several answers allowed). The default
# words are English, and French in the catalogue; a version keeps both (CheckInVersion).
QUESTIONS = {
    "groups_joined": (N_("Since the last check-in (at lending: in the last month), which "
                         "virtual groups or programs did you join?"), vocab.VIRTUAL_GROUPS, True),
    "times_last_week": (N_("How often did you join one last week?"), vocab.TIMES_LAST_WEEK,
                        False),
    "confidence": (N_("How confident do you feel using the device, from 1 to 5?"),
                   vocab.CONFIDENCE, False),
    "other_uses": (N_("Did you use it for other needs?"), vocab.OTHER_USES, True),
    "lonely_companionship": (N_("How often do you feel that you lack companionship?"),
                             vocab.LONELINESS_ANSWERS, False),
    "lonely_left_out": (N_("How often do you feel left out?"), vocab.LONELINESS_ANSWERS, False),
    "lonely_isolated": (N_("How often do you feel isolated from others?"),
                        vocab.LONELINESS_ANSWERS, False),
}
LONELINESS_ITEMS = ("lonely_companionship", "lonely_left_out", "lonely_isolated")
NUMBERED = {"confidence", *LONELINESS_ITEMS}  # stored as numbers
SEVERAL = {key for key, (_, _, several) in QUESTIONS.items() if several}
NONE = "none"  # the answer "none of these" to a question of several answers
DECLINED = "declined"  # the answer "prefers not to say" to any question

DEFAULT_WORDING = {key: words for key, (words, _, _) in QUESTIONS.items()}
# Each question's short name, where answers are listed.
NAMES = vocab.Words({
    "groups_joined": N_("Virtual groups joined"), "times_last_week": N_("Times last week"),
    "confidence": N_("Confidence (1-5)"), "other_uses": N_("Other uses"),
    "lonely_companionship": N_("Lacks companionship"), "lonely_left_out": N_("Feels left out"),
    "lonely_isolated": N_("Feels isolated")})
NONE_OF_THESE, DECLINED_LABEL = N_("None of these"), N_("Prefers not to say")


def default_wording(language: str) -> dict[str, str]:
    """The built-in words of every question in a language ("en" or "fr")."""
    with force_locale(LOCALES[language]):
        return {key: gettext(words) for key, words in DEFAULT_WORDING.items()}


def answers_offered(key: str, language: str) -> dict[str, str]:
    """A question's answers as a peer hears them, in their language: the closed choices, "none
    of these" where several may be chosen, and "prefers not to say"."""
    _, choices, several = QUESTIONS[key]
    with force_locale(LOCALES[language]):
        offered = dict(choices.items())
        if several:
            offered[NONE] = gettext(NONE_OF_THESE)
        offered[DECLINED] = gettext(DECLINED_LABEL)
    return offered


def shown(key: str, value) -> str:
    """A stored answer as people read it."""
    if value is None:
        return gettext(DECLINED_LABEL)
    _, choices, _ = QUESTIONS[key]
    if key in SEVERAL:
        return ", ".join(choices[part] for part in value.split(",") if part) \
            or gettext(NONE_OF_THESE)
    return choices.get(str(value), str(value))


def asked(loneliness: bool) -> list[str]:
    """The questions a version asks, in order."""
    return [key for key in QUESTIONS if loneliness or key not in LONELINESS_ITEMS]


def answers(check_in) -> list[tuple[str, str]]:
    """A check-in's answers as people read them: (question's short name, answer), for the
    questions its version asked."""
    return [(NAMES[key], shown(key, getattr(check_in, key)))
            for key in asked(check_in.version.loneliness)]
