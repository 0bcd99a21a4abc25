"""Partners and their contracts: who provides what, what they committed, when reports are due."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import (
    CONTRACT_TYPES,
    DELIVERABLE_KINDS,
    LANGUAGES,
    PARTNER_KINDS,
    REPORTING_SCHEDULES,
    choice_type,
)


class Partner(db.Model):
    """A funder, telecom provider, device donor or other partner."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. TELCO-1
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(choice_type(PARTNER_KINDS, "partner_kind"))
    notes: Mapped[str] = mapped_column(String(1000), default="")
    # The language of its reports and, for its funders, of the portal (i18n.py).
    language: Mapped[str] = mapped_column(choice_type(LANGUAGES, "language"), default="en",
                                          server_default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contacts: Mapped[list["PartnerContact"]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="PartnerContact.id")
    contracts: Mapped[list["Contract"]] = relationship(back_populates="partner",
                                                       order_by="Contract.start_date")

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class PartnerContact(db.Model):
    """A person to talk to at a partner."""

    __tablename__ = "partner_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(16), default="")  # E.164

    partner: Mapped[Partner] = relationship(back_populates="contacts")


class Contract(db.Model):
    """An agreement with a partner: its term, value, deliverables and reporting."""

    __table_args__ = (CheckConstraint("end_date >= start_date", name="term"),
                      CheckConstraint("value >= 0", name="value"))

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), index=True)
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(choice_type(CONTRACT_TYPES, "contract_type"))
    start_date: Mapped[date]
    end_date: Mapped[date] = mapped_column(index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)
    currency: Mapped[str] = mapped_column(String(3), default="CAD")
    reporting_schedule: Mapped[str] = mapped_column(
        choice_type(REPORTING_SCHEDULES, "reporting_schedule"), default="quarterly")
    notes: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner: Mapped[Partner] = relationship(back_populates="contracts")
    deliverables: Mapped[list["Deliverable"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Deliverable.id")
    report_dues: Mapped[list["ReportDue"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="ReportDue.due_date")

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class Deliverable(db.Model):
    """Something a contract commits to, e.g. 40 tablets or 200 support sessions."""

    __table_args__ = (CheckConstraint("quantity >= 0", name="quantity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    kind: Mapped[str] = mapped_column(choice_type(DELIVERABLE_KINDS, "deliverable_kind"))
    quantity: Mapped[int]
    duration_months: Mapped[int | None]  # e.g. data plans "for 12 months"

    contract: Mapped[Contract] = relationship(back_populates="deliverables")


class ReportDue(db.Model):
    """A date by which the partner expects a report."""

    __tablename__ = "report_due"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    due_date: Mapped[date] = mapped_column(index=True)
    period_start: Mapped[date]
    period_end: Mapped[date]

    contract: Mapped[Contract] = relationship(back_populates="report_dues")
