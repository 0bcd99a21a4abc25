"""Uploaded inventory spreadsheets, kept between their check and their import (both done by
a worker)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import N_, Words, choice_type

IMPORT_KINDS = Words({"devices": N_("Devices"), "sims": N_("SIM cards"),
                      "plans": N_("Data plans")})
IMPORT_STATUSES = Words({"checking": N_("Being checked"), "checked": N_("Checked"),
                         "unreadable": N_("Could not be read"), "imported": N_("Imported")})


class ImportBatch(db.Model):
    """One uploaded file. Its bytes live in the database (so that any app server can import
    what another checked) until the import, then only its checksum remains."""

    __tablename__ = "import_batch"
    # The log says a file was kept and checked, never its bytes or every row it found.
    __audit_redact__ = {"data", "check_result"}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(choice_type(IMPORT_KINDS, "import_kind"))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(choice_type(IMPORT_STATUSES, "import_status"),
                                        default="checking")
    # What the check found (importing.Checked.as_dict), kept so that the file is checked once,
    # by a worker, however often its page is looked at.
    check_result: Mapped[dict | None] = mapped_column(JSON)
    imported_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_at: Mapped[datetime | None]

    created_by = relationship("User")
