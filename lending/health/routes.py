"""GET /healthz."""
from sqlalchemy import text

from ..extensions import db
from ..permissions import public
from . import bp


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
