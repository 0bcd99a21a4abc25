"""What makes a password acceptable: 8 to 128 characters, and not one people guess first."""
from flask_babel import get_locale, gettext
from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 128  # long enough for pass phrases; scrypt hashes any length in the same time
MIN_SCORE = 2  # zxcvbn's 0-4 scale: 0 and 1 are common passwords and simple patterns


def password_problem(password: str, *, user_inputs=()) -> str | None:
    """Why a new password is refused, or None. `user_inputs` (an email, a name) count as
    guessable words too."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return gettext("Use %(min_length)s to %(max_length)s characters.", min_length=MIN_LENGTH,
                       max_length=MAX_LENGTH)
    # zxcvbn ranks against lists of the most common passwords, names and words, and against
    # patterns (sequences, repeats, dates, keyboard runs). It takes at most 72 characters;
    # a longer pass phrase is judged by its start, which is plenty.
    result = zxcvbn(password[:72], user_inputs=[value for value in user_inputs if value])
    if result["score"] < MIN_SCORE:
        # zxcvbn's own warning ("This is a top-10 common password") is English only.
        locale = get_locale()
        english = locale is None or locale.language == "en"
        warning = result["feedback"].get("warning") if english else None
        return gettext("%(warning)s. Choose something longer and less common, such as a few "
                       "unrelated words.", warning=(warning or gettext("It is too easy to guess"))
                       .rstrip("."))
    return None
