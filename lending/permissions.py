"""Who may do what. Every view declares its roles; one check enforces them on each request;
the predicates below say which records a signed-in user may see."""
from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import false, true

from .extensions import login_manager
from .models import Contract, Job, Report

PUBLIC = "public"
STAFF_AND_MANAGERS = ("manager", "staff")


def allow(*roles):
    """Let only signed-in users with one of these roles reach the view."""
    def decorate(view):
        view.allowed_roles = frozenset(roles)
        return view
    return decorate


def public(view):
    """Let anyone reach the view, signed in or not."""
    view.allowed_roles = PUBLIC
    return view


def _is_static(endpoint: str) -> bool:
    """Static files carry no data and need no role."""
    return endpoint == "static" or endpoint.endswith(".static")


def enforce_roles():
    """Before each request: refuse anyone whose role the view does not allow."""
    if request.endpoint is None or _is_static(request.endpoint):
        return None
    roles = getattr(current_app.view_functions[request.endpoint], "allowed_roles", None)
    if roles == PUBLIC:
        return None
    if not current_user.is_authenticated:  # (the API's authenticate refused it already)
        return login_manager.unauthorized()
    if roles is None or current_user.role not in roles:
        abort(403)
    return None


def check_every_view_declares_roles(app):
    """Refuse to start when a view has no role declaration, so none can be forgotten."""
    missing = sorted(endpoint for endpoint, view in app.view_functions.items()
                     if not _is_static(endpoint) and not hasattr(view, "allowed_roles"))
    if missing:
        raise RuntimeError(f"views without @allow or @public: {', '.join(missing)}")


def is_manager(user) -> bool:
    """Managers run inventory, users, contracts and reports."""
    return user is not None and user.is_authenticated and user.role == "manager"


def can_see_peer_details(user) -> bool:
    """Only staff and managers may see a peer's name and contact details."""
    return user is not None and user.is_authenticated and user.role in STAFF_AND_MANAGERS


def is_funder(user) -> bool:
    """Funders see their own partner's contracts and reports, and nothing else."""
    return user is not None and user.is_authenticated and user.role == "funder"


def can_see(user, record) -> bool:
    """Whether this user may see this record: managers every contract and report, a funder
    only their own partner's, a job only the person who asked for it (for anyone else's,
    pages answer "not found")."""
    if isinstance(record, (Contract, Report)):
        return is_manager(user) or (is_funder(user) and record.partner_id == user.partner_id)
    if isinstance(record, Job):  # what a job made may hold names: its asker's only
        return user is not None and record.created_by_id == user.id
    return True


def reports_visible_to(user):
    """SQL for the reports this user may see (`can_see`, for a list)."""
    if is_manager(user):
        return true()
    if is_funder(user):
        return Report.partner_id == user.partner_id
    return false()
