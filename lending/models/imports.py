"""Uploaded inventory spreadsheets, kept between their check and their import."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import choice_type

IMPORT_KINDS = {"devices": "Devices", "sims": "SIM cards", "plans": "Data plans"}
IMPORT_STATUSES = {"checked": "Checked", "imported": "Imported"}


class ImportBatch(db.Model):
    """One uploaded file. Its bytes live in the database (so that any app server can import
    what another checked) until the import, then only its checksum remains."""

    __tablename__ = "import_batch"
    __audit_redact__ = {"data"}  # the log says a file was kept, never its bytes

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(choice_type(IMPORT_KINDS, "import_kind"))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(choice_type(IMPORT_STATUSES, "import_status"),
                                        default="checked")
    imported_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_at: Mapped[datetime | None]

    created_by = relationship("User")
