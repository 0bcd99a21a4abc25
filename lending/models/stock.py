"""Stock counts: staff scan what is on the shelves of a place (or everywhere), and the count
shows what was expected, found, missing, and found where it should not be."""
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import STOCK_OUTCOMES, choice_type


class StockCount(db.Model):
    """One count of one place, or of everything (no place), from its start to its close."""

    __tablename__ = "stock_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_at: Mapped[datetime | None]

    place = relationship("Place")
    started_by = relationship("User", foreign_keys=[started_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])
    lines: Mapped[list["StockCountLine"]] = relationship(
        back_populates="count", order_by="StockCountLine.id")

    @property
    def is_open(self) -> bool:
        """Whether staff can still scan into it."""
        return self.closed_at is None

    @property
    def where(self) -> str:
        """What it counts, in words."""
        return self.place.name if self.place else gettext("Everything")


class StockCountLine(db.Model):
    """An item of a count: scanned (found, or unexpected and why), or, once the count is
    closed, missing. An item has one line a count, however often it is scanned."""

    __tablename__ = "stock_count_line"
    __table_args__ = (UniqueConstraint("count_id", "device_id"),
                      UniqueConstraint("count_id", "sim_id"),
                      CheckConstraint("(device_id IS NULL) <> (sim_id IS NULL)",
                                      name="one_item"))

    id: Mapped[int] = mapped_column(primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_count.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    sim_id: Mapped[int | None] = mapped_column(ForeignKey("sim_card.id"))
    outcome: Mapped[str | None] = mapped_column(choice_type(STOCK_OUTCOMES, "stock_outcome"))
    note: Mapped[str] = mapped_column(String(300), default="")  # why unexpected
    scanned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    scanned_at: Mapped[datetime | None]

    count: Mapped[StockCount] = relationship(back_populates="lines")
    device = relationship("Device")
    sim = relationship("SimCard")
    scanned_by = relationship("User")

    @property
    def item(self):
        """The device or SIM card."""
        return self.device or self.sim
