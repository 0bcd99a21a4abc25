"""Work done outside a page view (reports, large downloads, label sheets, the daily run): its
state lives here, in the app's database, so that any web server shows it and any worker can
take it up again."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import JOB_KINDS, JOB_STATES, choice_type

ACTIVE_SQL = "state IN ('queued', 'running')"


class Job(db.Model):
    """One piece of work: what, for whom, how far it got, and what came of it."""

    # A second click on the same request finds the job already on its way (the same key).
    __table_args__ = (Index("uq_job_active_key", "key", unique=True,
                            sqlite_where=text(ACTIVE_SQL), postgresql_where=text(ACTIVE_SQL)),
                      Index("ix_job_mine", "created_by_id", "created_at"))
    # What a job was asked for may hold a search typed (perhaps a name): never logged.
    __audit_redact__ = {"params"}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(choice_type(JOB_KINDS, "job_kind"))
    key: Mapped[str] = mapped_column(String(200))  # the request, for spotting it twice
    title: Mapped[str] = mapped_column(String(200))  # what people read it as
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(choice_type(JOB_STATES, "job_state"), default="queued",
                                       index=True)
    progress: Mapped[float] = mapped_column(default=0.0)  # 0 to 1
    message: Mapped[str] = mapped_column(String(500), default="")  # why it failed; what it made
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None]  # a worker's claim on a running job
    file_name: Mapped[str | None] = mapped_column(String(200))  # what it made, to download
    file_size: Mapped[int | None]
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]  # when its file is deleted

    created_by = relationship("User")
    report = relationship("Report")

    @property
    def is_active(self) -> bool:
        """Queued or running."""
        return self.state in ("queued", "running")
