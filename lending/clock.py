"""Time: stored in UTC, shown and reasoned about in the organization's time zone."""
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

# Set only by `travel_to`, which the demo seeder uses to write a year of history as it happened.
_now_override: ContextVar[datetime | None] = ContextVar("now_override", default=None)


def utcnow() -> datetime:
    """The current time in UTC, naive, as every timestamp column stores it."""
    return _now_override.get() or datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def travel_to(moment: datetime):
    """Run a block as if the current UTC time were `moment` (naive UTC)."""
    token = _now_override.set(moment)
    try:
        yield
    finally:
        _now_override.reset(token)


def org_zone() -> ZoneInfo:
    """The organization's configured time zone."""
    return ZoneInfo(current_app.config["ORG_TIMEZONE"])


def local_today() -> date:
    """Today's date where the organization is; due dates are dates in this zone."""
    return to_local(utcnow()).date()


def to_local(moment: datetime | None) -> datetime | None:
    """A stored UTC timestamp as an aware time in the organization's zone."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(org_zone())


def local_to_utc(moment: datetime) -> datetime:
    """A naive local wall-clock time as the naive UTC time that columns store."""
    return moment.replace(tzinfo=org_zone()).astimezone(UTC).replace(tzinfo=None)


def utc_end_of_local_day(day: date) -> datetime:
    """The UTC moment a local day ends, to compare a date with stored UTC timestamps."""
    return local_to_utc(datetime.combine(day + timedelta(days=1), time.min))
