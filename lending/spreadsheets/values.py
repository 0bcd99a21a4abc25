"""Turning what people type into spreadsheets into what the forms expect.

Spreadsheets store numbers as text, text as numbers, dates as text or as serial numbers, and
show long numbers in scientific notation. Each function returns the value as the matching
form field would receive it from a person, or raises ValueError with what went wrong.
"""
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from dateutil import parser as dateparser
from flask_babel import gettext
from openpyxl.utils.datetime import from_excel

from ..models.vocab import N_

SCIENTIFIC = re.compile(r"^[+-]?\d+(\.(\d+))?[eE][+]?\d+$")
DAY_FIRST_OR_MONTH_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
SERIAL_DAYS = range(20_000, 80_000)  # Excel serial dates from 1954 to 2119


def text(value) -> str:
    """Text as typed; a number stored as a number loses its spurious ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def long_number(value, digits: int) -> str:
    """An identifier of many digits (IMEI, ICCID), however the spreadsheet kept it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(gettext("expected digits"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A float holds 15 or 16 significant digits; more than that were lost already.
        if len(str(int(value))) > 15:
            raise ValueError(gettext("was stored as a number, so the spreadsheet dropped "
                                     "digits; format the column as Text and type the number "
                                     "again"))
        return str(int(value))
    typed = str(value).strip()
    if SCIENTIFIC.match(typed):
        mantissa_digits = len(re.sub(r"\D", "", typed.lower().split("e")[0]))
        if mantissa_digits < digits:
            raise ValueError(gettext(_LOST_DIGITS))
        return str(int(Decimal(typed)))
    return typed


_LOST_DIGITS = N_("is in scientific notation, so the spreadsheet dropped digits; format the "
                   "column as Text and type the number again")


def day(value) -> str:
    """A date as YYYY-MM-DD, from a date cell, an Excel serial number, or text that cannot be
    read two ways."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value)
    typed = str(value).strip()
    if typed.isdigit():
        return _serial(int(typed))
    match = DAY_FIRST_OR_MONTH_FIRST.match(typed)
    if match:
        first, second, year = (int(part) for part in match.groups())
        if first <= 12 and second <= 12 and first != second:
            raise ValueError(gettext("could be read two ways (%(first)s/%(second)s); write it as "
                                     "YYYY-MM-DD", first=first, second=second))
        month, day_ = (second, first) if first > 12 else (first, second)
        return _checked(year, month, day_)
    if not re.search(r"\d{4}", typed):  # without a year, a parser would guess this one
        raise ValueError(gettext("has no year; write it as YYYY-MM-DD"))
    try:
        return dateparser.parse(typed, dayfirst=False, yearfirst=True).date().isoformat()
    except (ValueError, OverflowError):
        raise ValueError(gettext("is not a date we can read; write it as YYYY-MM-DD")) from None


def _serial(number) -> str:
    """An Excel serial date."""
    if int(number) not in SERIAL_DAYS:
        raise ValueError(gettext("is not a date we can read; write it as YYYY-MM-DD"))
    return from_excel(number).date().isoformat()


def _checked(year, month, day_) -> str:
    """A real calendar date."""
    try:
        return date(year, month, day_).isoformat()
    except ValueError:
        raise ValueError(gettext("is not a real date")) from None


def amount(value) -> str:
    """A sum of money or a quantity: "$1,234.50" -> "1234.50"."""
    if value in (None, ""):
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    typed = str(value).strip().replace("$", "").replace(",", "").replace(" ", "")
    try:
        Decimal(typed)
    except InvalidOperation:
        raise ValueError(gettext("is not a number")) from None
    return typed


def choice(value, vocabulary: dict) -> str:
    """A vocabulary key from its key or label (English, or in the person's language), in any
    case, singular or plural."""
    typed = text(value).lower()
    if not typed:
        return ""
    for key, label in (*dict.items(vocabulary), *vocabulary.items()):
        if typed in (key.lower(), label.lower(), label.lower() + "s", key.lower() + "s"):
            return key
    raise ValueError(gettext("is not one of: %(labels)s", labels=", ".join(vocabulary.values())))


def choices(value, vocabulary: dict) -> list[str]:
    """Several vocabulary keys from a comma- or semicolon-separated cell."""
    return [choice(part, vocabulary) for part in re.split(r"[,;]", text(value)) if part.strip()]
