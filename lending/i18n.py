"""Which language a request is answered in, and the catalogues behind it (Flask-Babel).

A person's own choice on their account; else, for a funder, their partner's language (the
language of its reports and portal); else what their browser asks for; else English. A peer's
language chooses their texts and printed agreement (messages/wording.py, agreements/). Dates,
numbers and money follow the Canadian form of the language (en_CA, fr_CA). The French is in
lending/translations/fr/LC_MESSAGES/messages.po: `make messages` extracts and updates it,
`make run` and `make test` compile it."""
import os

from flask import has_request_context, request
from flask_login import current_user

from .models import vocab

LOCALES = {"en": "en_CA", "fr": "fr_CA"}  # each language's Canadian form


def language_of(user) -> str | None:
    """The language a signed-in person chose, or their partner's for a funder; None: ask the
    browser."""
    if user is None or not user.is_authenticated:
        return None
    if user.language:
        return user.language
    if user.role == "funder" and user.partner is not None:
        return user.partner.language
    return None


def select_locale() -> str:
    """This request's locale: the person's language, else the browser's, else English (and
    English outside a request: a worker, the command line, unless told otherwise)."""
    if not has_request_context():
        return LOCALES["en"]
    language = language_of(current_user) or request.accept_languages.best_match(
        list(vocab.LANGUAGES)) or "en"
    return LOCALES[language]


def command_line_locale() -> str:
    """The locale a command speaks: the terminal's language (LC_ALL, LC_MESSAGES or LANG, as
    gettext reads them), French or else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return LOCALES["fr"] if os.environ[name].lower().startswith("fr") else LOCALES["en"]
    return LOCALES["en"]


def current_language() -> str:
    """"en" or "fr", for templates' <html lang> and for choosing wording."""
    from flask_babel import get_locale
    locale = get_locale()
    return locale.language if locale is not None and locale.language in vocab.LANGUAGES \
        else "en"
