"""What each text says, in English and French: the built-in wording, a manager's own
(MessageWording), and the words put into it. Texts never carry a name, a diagnosis or anything
about mental health; the organization signs only those of peers who chose that."""
from datetime import date
from string import Template

from babel.dates import format_skeleton
from flask import current_app
from flask_babel import gettext

from ..extensions import db
from ..models import MessageWording

# $item: what was lent; $due_date: when it is due; $sign: " — the organization" for peers
# who chose to see its name, else nothing; $phone: the line peers call.
PLACEHOLDERS = ("item", "due_date", "sign", "phone")
MAX_LENGTH = 320  # two text segments
BUILT_IN = {
    ("due_soon", "en"): "Reminder: the $item you borrowed is due back on $due_date. Reply HELP "
                        "for help or STOP to stop these texts.$sign",
    ("due_soon", "fr"): "Rappel : votre prêt ($item) est à rapporter le $due_date. Répondez AIDE "
                        "pour de l'aide ou ARRET pour ne plus recevoir ces textos.$sign",
    ("overdue", "en"): "The $item you borrowed was due back on $due_date. Please bring it back "
                       "or call us to keep it longer. Reply STOP to stop these texts.$sign",
    ("overdue", "fr"): "Votre prêt ($item) était à rapporter le $due_date. Merci de le rapporter "
                       "ou de nous appeler pour le garder plus longtemps. Répondez ARRET pour ne "
                       "plus recevoir ces textos.$sign",
    ("kit_ready", "en"): "Good news: the $item you asked for is ready for you. Come by when you "
                         "can.$sign",
    ("kit_ready", "fr"): "Bonne nouvelle : le prêt demandé ($item) vous attend. Passez quand vous "
                         "pourrez.$sign",
    ("help", "en"): "Questions about what you borrowed? Call $phone. Reply STOP to stop these "
                    "texts.",
    ("help", "fr"): "Des questions sur votre prêt? Appelez-nous au $phone. Répondez ARRET pour ne "
                    "plus recevoir ces textos.",
}
ITEMS = {"en": {"phone": "phone", "tablet": "tablet", "laptop": "laptop",
                "hotspot": "hotspot", "data_only": "SIM card and data plan"},
         "fr": {"phone": "téléphone", "tablet": "tablette", "laptop": "ordinateur portable",
                "hotspot": "point d'accès", "data_only": "carte SIM et forfait"}}
LOCALES = {"en": "en_CA", "fr": "fr_CA"}


def wording(template: str, language: str) -> str:
    """The words of a kind of text in a language: a manager's, or the built-in ones."""
    chosen = db.session.get(MessageWording, (template, language))
    return chosen.body if chosen is not None else BUILT_IN[template, language]


def wording_problem(body: str) -> str | None:
    """Why a manager's wording cannot be used, or None."""
    if not body.strip():
        return gettext("Write the message.")
    if len(body) > MAX_LENGTH:
        return gettext("Keep it to %(max_length)s characters (two texts); this is %(count)s.",
                       max_length=MAX_LENGTH, count=len(body))
    names, invalid = set(), False
    for match in Template.pattern.finditer(body):  # "$$" is a dollar sign: no name
        invalid = invalid or match.group("invalid") is not None
        names.add(match.group("named") or match.group("braced"))
    if invalid or names - {None, *PLACEHOLDERS}:
        return gettext("Only these words can be filled in: %(words)s.",
                       words=", ".join(f"${name}" for name in PLACEHOLDERS))
    return None


def fill(body: str, language: str, *, kind: str | None = None, due: date | None = None,
         signed: bool = False) -> str:
    """The text as sent: the placeholders filled in for this peer and loan."""
    return Template(body).safe_substitute(
        item=ITEMS[language].get(kind, "") if kind else "",
        due_date=format_skeleton("MMMMd", due, locale=LOCALES[language]) if due else "",
        sign=f" — {current_app.config['ORG_NAME']}" if signed else "",
        phone=current_app.config["ORG_PHONE"])
