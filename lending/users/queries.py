"""Reads about accounts that several screens share."""
from ..extensions import db
from ..models import User
from ..permissions import STAFF_AND_MANAGERS


def active_staff() -> list[User]:
    """Active staff members and managers, by name: who may witness an agreement, borrow a
    kit as staff, lead or attend a group session."""
    return db.session.execute(db.select(User).where(
        User.active, User.role.in_(STAFF_AND_MANAGERS)).order_by(User.name)).scalars().all()
