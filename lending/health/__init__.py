"""A health check for load balancers and deployment scripts."""
from flask import Blueprint
from sqlalchemy import text

from ..extensions import db
from ..permissions import public

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz():
    """200 with {"status": "ok"} when the database answers, else 503."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not healthy"
        db.session.rollback()
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
