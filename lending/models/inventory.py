"""What the program lends: devices, SIM cards and data plans."""
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import ForeignKey, Index, Numeric, String, and_, or_
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import CONDITIONS, DEVICE_KINDS, DEVICE_STATUSES, SIM_ACTIONS, SIM_STATUSES, choice_type

Money = Numeric(10, 2)


class Device(db.Model):
    """A phone, tablet, laptop or hotspot."""

    # Stock by status and kind (the dashboard, the waitlist) is counted from this index alone;
    # the devices list shows the newest first; the dashboard, those unseen longest; a
    # contract's devices by status (its chart) are counted from an index alone too.
    __table_args__ = (Index("ix_device_status_kind", "status", "kind"),
                      Index("ix_device_contract_status", "contract_id", "status"),
                      Index("ix_device_created", "created_at", "id"),
                      Index("ix_device_seen", "last_seen_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(choice_type(DEVICE_KINDS, "device_kind"), index=True)
    make: Mapped[str] = mapped_column(String(80))
    model: Mapped[str] = mapped_column(String(80))
    serial: Mapped[str] = mapped_column(String(80), unique=True)
    imei: Mapped[str | None] = mapped_column(String(15), unique=True)
    asset_tag: Mapped[str | None] = mapped_column(String(40), unique=True)
    accessories: Mapped[str] = mapped_column(String(200), default="")  # comma-separated keys
    # Accessories that belong with it but did not come back from a loan (comma-separated).
    missing_accessories: Mapped[str] = mapped_column(String(200), default="", server_default="")
    condition: Mapped[str] = mapped_column(choice_type(CONDITIONS, "condition"), default="good")
    replacement_value: Mapped[Decimal | None] = mapped_column(Money)
    status: Mapped[str] = mapped_column(choice_type(DEVICE_STATUSES, "device_status"),
                                        default="received")
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"))  # see above
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    last_seen_at: Mapped[datetime | None]  # when a stock count last found it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract = relationship("Contract")
    place = relationship("Place")
    resets: Mapped[list["DeviceReset"]] = relationship(
        back_populates="device", order_by="DeviceReset.performed_at")

    @property
    def accessory_list(self) -> list[str]:
        """The accessory keys that belong with this device."""
        return [a for a in self.accessories.split(",") if a]

    @property
    def missing_list(self) -> list[str]:
        """The accessory keys that did not come back from a loan."""
        return [a for a in self.missing_accessories.split(",") if a]

    @property
    def title(self) -> str:
        """How the device is named in lists and timelines."""
        return f"{self.make} {self.model} ({self.asset_tag or self.serial})"

    def __str__(self) -> str:
        return self.title


class DeviceReset(db.Model):
    """A record that a device was wiped and set up again before it can be lent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), index=True)
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    performed_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(String(500), default="")

    device: Mapped[Device] = relationship(back_populates="resets")
    performed_by = relationship("User")


class SimCard(db.Model):
    """A SIM card and the phone line on it."""

    __tablename__ = "sim_card"
    __audit_redact__ = {"pin", "puk"}
    __table_args__ = (Index("ix_sim_card_seen", "last_seen_at", "id"),)  # unseen longest

    id: Mapped[int] = mapped_column(primary_key=True)
    iccid: Mapped[str] = mapped_column(String(22), unique=True)
    phone_number: Mapped[str | None] = mapped_column(String(16), unique=True)  # E.164
    carrier: Mapped[str] = mapped_column(String(80))
    pin: Mapped[str | None] = mapped_column(String(8))
    puk: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(choice_type(SIM_STATUSES, "sim_status"),
                                        default="spare", index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    last_seen_at: Mapped[datetime | None]  # when a stock count last found it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract = relationship("Contract")
    place = relationship("Place")
    plans: Mapped[list["DataPlan"]] = relationship(back_populates="sim")
    events: Mapped[list["SimEvent"]] = relationship(back_populates="sim",
                                                    order_by="SimEvent.recorded_at")

    @property
    def title(self) -> str:
        """How the SIM is named in lists and timelines."""
        return f"{self.carrier} SIM {self.phone_number or '…' + self.iccid[-6:]}"

    def __str__(self) -> str:
        return self.title


class SimEvent(db.Model):
    """A suspension, reactivation or cancellation of a SIM card's line."""

    __tablename__ = "sim_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    sim_id: Mapped[int] = mapped_column(ForeignKey("sim_card.id"), index=True)
    action: Mapped[str] = mapped_column(choice_type(SIM_ACTIONS, "sim_action"))
    effective_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    sim: Mapped[SimCard] = relationship(back_populates="events")
    recorded_by = relationship("User")


class DataPlan(db.Model):
    """A monthly data plan, usually on one of the program's SIM cards."""

    __tablename__ = "data_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    carrier: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(120))
    monthly_allowance_gb: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    monthly_cost: Mapped[Decimal] = mapped_column(Money)
    start_date: Mapped[date] = mapped_column(index=True)
    end_date: Mapped[date | None] = mapped_column(index=True)  # last date of service
    sim_id: Mapped[int | None] = mapped_column(ForeignKey("sim_card.id"), index=True)
    last_used_on: Mapped[date | None]  # the last day the line was seen using data
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan

    sim: Mapped[SimCard | None] = relationship(back_populates="plans")
    contract = relationship("Contract")

    # "In service": from the start date to the last date of service, both included (no last
    # date: until cancelled). The Python form (a plan's page, lending's refusal) and the SQL
    # form (lists, menus, idle lines, report figures) are the two halves of one hybrid.
    @hybrid_method
    def in_service_between(self, first: date, last: date) -> bool:
        """Whether the plan gives service on some day from `first` to `last`."""
        return self.start_date <= last and (self.end_date is None or self.end_date >= first)

    @in_service_between.expression
    def in_service_between(cls, first: date, last: date):
        """SQL for the same."""
        return and_(cls.start_date <= last, or_(cls.end_date.is_(None), cls.end_date >= first))

    @hybrid_method
    def in_service(self, day: date) -> bool:
        """Whether the plan gives service on that day (in Python, or as SQL on the class)."""
        return self.in_service_between(day, day)

    def service_status(self, today: date) -> str:
        """Upcoming, active or ended, from its dates."""
        if today < self.start_date:
            return "upcoming"
        return "active" if self.in_service(today) else "ended"

    @property
    def title(self) -> str:
        """How the plan is named in lists and timelines."""
        return f"{self.carrier} {self.name}"

    @property
    def menu_label(self) -> str:
        """The plan told apart from others of the same name: its SIM card's number and its
        last date of service."""
        on = (self.sim.phone_number or f"SIM …{self.sim.iccid[-6:]}") if self.sim \
            else gettext("no SIM card")
        until = gettext("until %(day)s", day=f"{self.end_date:%Y-%m-%d}") if self.end_date \
            else gettext("until cancelled")
        return f"{self.title} · {on} · {until}"

    def __str__(self) -> str:
        return self.title
