"""The check-in's questions: each one's key, default words and closed answers. The words are
versioned (models/outcomes.py CheckInVersion); the keys and answers are fixed, since the
funders' figures read them (reporting/outcomes.py)."""
from ..models import vocab

# key: (default words, answers {stored value: label}, several answers allowed)
QUESTIONS = {
    "groups_joined": ("Since the last check-in (at lending: in the last month), which virtual "
                      "groups or programs did you join?", vocab.VIRTUAL_GROUPS, True),
    "times_last_week": ("How often did you join one last week?", vocab.TIMES_LAST_WEEK, False),
    "confidence": ("How confident do you feel using the device, from 1 to 5?",
                   vocab.CONFIDENCE, False),
    "other_uses": ("Did you use it for other needs?", vocab.OTHER_USES, True),
    "lonely_companionship": ("How often do you feel that you lack companionship?",
                             vocab.LONELINESS_ANSWERS, False),
    "lonely_left_out": ("How often do you feel left out?", vocab.LONELINESS_ANSWERS, False),
    "lonely_isolated": ("How often do you feel isolated from others?",
                        vocab.LONELINESS_ANSWERS, False),
}
LONELINESS_ITEMS = ("lonely_companionship", "lonely_left_out", "lonely_isolated")
NUMBERED = {"confidence", *LONELINESS_ITEMS}  # stored as numbers
SEVERAL = {key for key, (_, _, several) in QUESTIONS.items() if several}
NONE = "none"  # the answer "none of these" to a question of several answers
DECLINED = "declined"  # the answer "prefers not to say" to any question

DEFAULT_WORDING = {key: words for key, (words, _, _) in QUESTIONS.items()}
# Each question's short name, where answers are listed.
NAMES = {"groups_joined": "Virtual groups joined", "times_last_week": "Times last week",
         "confidence": "Confidence (1-5)", "other_uses": "Other uses",
         "lonely_companionship": "Lacks companionship", "lonely_left_out": "Feels left out",
         "lonely_isolated": "Feels isolated"}


def shown(key: str, value) -> str:
    """A stored answer as people read it."""
    if value is None:
        return "Prefers not to say"
    _, choices, _ = QUESTIONS[key]
    if key in SEVERAL:
        return ", ".join(choices[part] for part in value.split(",") if part) or "None of these"
    return choices.get(str(value), str(value))


def asked(loneliness: bool) -> list[str]:
    """The questions a version asks, in order."""
    return [key for key in QUESTIONS if loneliness or key not in LONELINESS_ITEMS]


def answers(check_in) -> list[tuple[str, str]]:
    """A check-in's answers as people read them: (question's short name, answer), for the
    questions its version asked."""
    return [(NAMES[key], shown(key, getattr(check_in, key)))
            for key in asked(check_in.version.loneliness)]
