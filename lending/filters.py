"""Template filters and globals: times in the organization's zone, money, labels."""
from decimal import Decimal

from flask_babel import format_currency, format_date, format_decimal, gettext
from flask_login import current_user

from . import clock, permissions
from .models import vocab
from .outcomes.questions import answers as check_in_answers
from .reporting.charts import bar_label
from .reporting.disclosure import suppression_rule
from .search.records import record_url


def localtime(moment, fmt="%Y-%m-%d %H:%M"):
    """A stored UTC time shown in the organization's zone."""
    local = clock.to_local(moment)
    return local.strftime(fmt) if local else ""


def localdate(moment):
    """A stored UTC time's date in the organization's zone."""
    local = clock.to_local(moment)
    return local.date() if local else None


def number(value):
    """A count as the person's language writes it: 10,000 in English, 10 000 in French."""
    return format_decimal(value)


def longdate(day):
    """A day written out in the person's language: Saturday, December 5, 2026 / samedi 5
    décembre 2026."""
    return format_date(day, format="full")


def translated(text):
    """A label kept as data in English (a figure's, a definition), in the person's language
    (marked for the catalogue where it is defined, with N_)."""
    return gettext(text) if text else text


def money(value):
    """An amount in Canadian dollars as the reader writes it ("$1,234.00", « 1 234,00 $ »),
    blank when unknown."""
    if value is None or value == "":
        return ""
    return format_currency(Decimal(value), "CAD")


def accessories(keys):
    """A comma-separated list of accessory keys as words, e.g. "Case, Charger"."""
    return ", ".join(vocab.label(vocab.ACCESSORIES, k) for k in (keys or "").split(",") if k) \
        or gettext("None")


def register(app):
    """Make filters and helpers available to every template."""
    app.add_template_filter(localtime)
    app.add_template_filter(money)
    app.add_template_filter(number)
    app.add_template_filter(translated)
    app.add_template_filter(longdate)
    app.add_template_filter(localdate)
    app.add_template_filter(accessories)
    app.add_template_global(vocab, "vocab")
    app.add_template_global(vocab.label, "label")
    app.add_template_global(clock.local_today, "local_today")
    app.add_template_global(suppression_rule)
    app.add_template_global(record_url)
    app.add_template_global(check_in_answers, "check_in_answers")
    app.add_template_global(bar_label)

    @app.context_processor
    def roles():
        """Role predicates for showing or hiding buttons (routes enforce them)."""
        return {"is_manager": permissions.is_manager(current_user),
                "sees_peer_details": permissions.can_see_peer_details(current_user)}
