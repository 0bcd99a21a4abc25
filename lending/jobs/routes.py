"""Following a job: its page (progress without reloading, then what it made), its state as
JSON for that page's script, its file, and the list of one's own jobs. Anyone else's job is
"not found"."""
import hashlib

from flask import abort, jsonify, render_template, send_file, url_for

from ..clock import utcnow
from ..extensions import db
from ..lookup import get_or_404, signed_in_user
from ..models import Job
from ..permissions import STAFF_AND_MANAGERS, allow
from . import bp, files

WAITING_LONG = 60  # seconds queued before the page says no worker may be running


@bp.route("")
@allow(*STAFF_AND_MANAGERS)
def index():
    """The signed-in person's jobs, newest first: downloads, label sheets, reports."""
    jobs = db.session.execute(db.select(Job).filter_by(created_by_id=signed_in_user().id)
                              .order_by(Job.created_at.desc()).limit(50)).scalars().all()
    return render_template("jobs/index.html", jobs=jobs, now=utcnow())


@bp.route("/<int:job_id>")
@allow(*STAFF_AND_MANAGERS)
def detail(job_id):
    """A job: how far it has got, and then its file or what it made."""
    job = get_or_404(Job, job_id, seen_by=signed_in_user())
    return render_template("jobs/detail.html", job=job, state=_state(job))


@bp.route("/<int:job_id>.json")
@allow(*STAFF_AND_MANAGERS)
def state(job_id):
    """A job's state, for its page's script."""
    return jsonify(_state(get_or_404(Job, job_id, seen_by=signed_in_user())))


def _state(job) -> dict:
    """What the page shows of a job, as plain values."""
    waited = (utcnow() - job.created_at).total_seconds()
    return {"state": job.state, "progress": round(job.progress * 100),
            "message": job.message, "waiting_long": job.state == "queued"
            and waited > WAITING_LONG,
            "download": url_for(".download", job_id=job.id) if job.file_size else None,
            "report": url_for("reports.download", report_id=job.report_id)
            if job.report_id else None, "next": _next(job)}


def _next(job) -> str | None:
    """Where a job leads once it is over: an import check to what it found, an import to its
    list."""
    if job.kind == "import_check" and not job.is_active:
        return url_for("inventory.import_batch", batch_id=job.params["batch_id"])
    if job.kind == "import_run" and not job.is_active:
        return url_for("inventory.import_batch", batch_id=job.params["batch_id"])
    return None


@bp.route("/<int:job_id>/download")
@allow(*STAFF_AND_MANAGERS)
def download(job_id):
    """The file a job made, checked against its checksum; gone once it expired."""
    job = get_or_404(Job, job_id, seen_by=signed_in_user())
    if not job.file_size:
        abort(404)
    path = files.path_of(job)
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if digest != job.file_sha256:
        abort(404)
    return send_file(path, as_attachment=True, download_name=job.file_name)
