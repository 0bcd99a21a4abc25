"""The report figures kept current: what each day added to a scope, and when each peer was
served in it. reporting/kept.py writes them in the same transaction as every change to the
rows they summarize; reporting/metrics.py reads them, so that no page scans the loans.

A scope is the whole program (scope 0) or one contract (its id): a loan counts in the scope
of every contract that gave an item of its kit, as in the report figures' definitions.
"""
from datetime import date
from decimal import Decimal

from sqlalchemy import Index, Numeric, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

PROGRAM = 0  # the scope of the whole program
# The outcome measures of a scope (reporting/outcomes.py) are kept under its id plus this, so
# that reading a scope's loan figures over a period (its rows in (scope, day) order) never
# reads past them: at a million loans they made those reads 50 ms each on PostgreSQL.
OUTCOME_SCOPES = 1_000_000_000


def outcome_scope(kept_id: int) -> int:
    """Where a scope's outcome measures are kept (FigureDay.scope_id)."""
    return OUTCOME_SCOPES + kept_id
OPEN = date(9999, 12, 31)  # the end of a spell that is still going on


class FigureDay(db.Model):
    """How much a day added to one measure in one scope: loans started, ended, returned and
    returned on time, the days those loans lasted, losses by kind and their value, items
    reaching a peer for the first time. A period's figure is the sum over its days."""

    __tablename__ = "figure_day"

    scope_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(primary_key=True)
    measure: Mapped[str] = mapped_column(db.String(24), primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=0)


class ServedSpell(db.Model):
    """A spell during which a peer had at least one loan of the scope open, from the day the
    first was lent to the day the last came back (OPEN while one is out); spells a day apart
    or overlapping are one. With the end of the peer's previous spell and the day of their
    first loan ever (in any scope), distinct peers are counted without reading loans: a
    peer served in a period has exactly one spell that meets it and whose previous spell
    ended before it began."""

    __tablename__ = "served_spell"
    __table_args__ = (
        # Peers served: read from the index alone (peer_id too, for the sessions they had).
        Index("ix_served_spell_ending", "scope_id", "end_on", "start_on", "previous_end_on",
              "peer_id"),
        # New peers: first spells only.
        Index("ix_served_spell_first", "scope_id", "first_loan_on", "start_on",
              sqlite_where=text("previous_end_on IS NULL"),
              postgresql_where=text("previous_end_on IS NULL")),
    )

    scope_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    peer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, index=True)
    start_on: Mapped[date] = mapped_column(primary_key=True)
    end_on: Mapped[date]
    previous_end_on: Mapped[date | None]
    first_loan_on: Mapped[date]  # the peer's first loan ever, in any scope


class SupportReach(db.Model):
    """A support session seen from a contract's or partner's scope in which its peer has been
    served: the end of the peer's latest spell there that began by the session's day, and the
    start of their next one after it. A period's sessions "with the peers that scope served"
    are then read from this table alone: a session of the period counts when that spell
    ended within the period or later, or the next one began by the period's end (see
    reporting/kept.py `reach`). Sessions of peers never served in a scope have no row there;
    the whole program counts every session and needs none."""

    __tablename__ = "support_reach"
    __table_args__ = (
        Index("ix_support_reach_period", "scope_id", "held_on", "last_end_on", "next_start_on",
              "minutes"),
    )

    scope_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    session_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    peer_id: Mapped[int] = mapped_column(index=True)
    held_on: Mapped[date]
    minutes: Mapped[int]
    last_end_on: Mapped[date | None]  # None: no spell in the scope had begun by then
    next_start_on: Mapped[date | None]  # None: no spell in the scope began after it


class PeerOutcome(db.Model):
    """What a peer's check-ins say so far, as the outcome figures read them
    (reporting/outcomes.py `peer_outcome`): asked about virtual groups after their first
    loan, joined one, and their change in confidence and in loneliness (None: not measured
    twice); and the priority groups they named. Kept with the peer's spells
    (reporting/spells.py), which add these to the day figures of each scope on the day the
    peer's latest spell there ends, as "last_served"; a period that runs past every lending
    and check-in day reads them from there."""

    __tablename__ = "peer_outcome"

    peer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    asked: Mapped[bool] = mapped_column(default=False)
    joined: Mapped[bool] = mapped_column(default=False)
    confidence_change: Mapped[int | None]
    loneliness_change: Mapped[int | None]
    groups: Mapped[str] = mapped_column(db.String(200), default="")  # priority group ids, "1,4"
