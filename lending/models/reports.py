"""The archive of generated reports: what was made, for whom, and a checksum of the file."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import N_, Words, choice_type

REPORT_FORMATS = Words({"pdf": N_("PDF"), "xlsx": N_("Excel workbook")})
REPORT_SCOPES = Words({"program": N_("Whole program"), "partner": N_("Partner"),
                       "contract": N_("Contract")})


class Report(db.Model):
    """One generated file, stored under REPORTS_DIR and never changed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    format: Mapped[str] = mapped_column(choice_type(REPORT_FORMATS, "report_format"))
    scope: Mapped[str] = mapped_column(choice_type(REPORT_SCOPES, "report_scope"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), index=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Row sheets show dates by month unless the manager chose days (docs/privacy.md).
    dates_by_day: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    partner = relationship("Partner")
    contract = relationship("Contract")
    created_by = relationship("User")

    @property
    def mimetype(self) -> str:
        """How the file is sent."""
        return ("application/pdf" if self.format == "pdf" else
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
