"""The append-only audit log: who changed what, when (UTC)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db


class AuditEntry(db.Model):
    """One change or sign-in event. Never updated, never deleted."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    actor: Mapped[str] = mapped_column(String(254))  # who, as they were known at the time
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[int | None] = mapped_column(index=True)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> [old, new]
    note: Mapped[str] = mapped_column(String(500), default="")
    # How the actor acted when not on the screens: "API token: <its name>".
    via: Mapped[str] = mapped_column(String(100), default="", server_default="")

    user = relationship("User")


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_changes(_mapper, _connection, entry):
    """Keep the log append-only at the ORM level."""
    raise PermissionError(f"audit entry {entry.id} is append-only")
