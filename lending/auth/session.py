"""How Flask-Login finds the signed-in user."""
from ..extensions import db, login_manager
from ..models import User

login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str):
    """The active user for a session, or None (which signs a deactivated user out)."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None
