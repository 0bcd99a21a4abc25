"""Versioned loan-agreement text; a version is never changed once saved."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db


class AgreementVersion(db.Model):
    """One version of the loan agreement peers accept."""

    __tablename__ = "agreement_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The same in French, printed for peers who read French (None: English for everyone).
    title_fr: Mapped[str | None] = mapped_column(String(200))
    body_fr: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by = relationship("User")

    def text_in(self, language: str) -> tuple[str, str]:
        """(title, body) as printed for a reader of this language ("en" or "fr")."""
        if language == "fr" and self.body_fr:
            return self.title_fr or self.title, self.body_fr
        return self.title, self.body

    @classmethod
    def current(cls) -> "AgreementVersion | None":
        """The newest version, which new loans accept."""
        return db.session.execute(db.select(cls).order_by(cls.number.desc()).limit(1)) \
            .scalar_one_or_none()


@event.listens_for(AgreementVersion, "before_update")
def _read_only(_mapper, _connection, version):
    """Loans point at the exact text accepted, so saved text never changes."""
    raise PermissionError(f"agreement version {version.number} is read-only")
