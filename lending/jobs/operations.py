"""A job's life, each step a write: asked for (once, however often the button is pressed),
claimed by a worker (one at a time; taken up again when its worker went quiet), its
progress, and its end (a file or a record made, or why it failed and what to do)."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, update

from ..audit.log import record, record_created
from ..clock import utcnow
from ..extensions import db
from ..i18n import current_language
from ..models import Job


def ask_for(kind: str, key: str, title: str, params: dict, *, by) -> tuple[Job, bool]:
    """The job for this request: one already queued or running for the same request (a second
    click), or a new one. Returns (job, whether it is new). The caller commits, then enqueues
    a new one (queue.enqueue)."""
    key = f"{kind}:{by.id if by else 0}:{key}"
    running = db.session.execute(db.select(Job).where(
        Job.key == key, Job.state.in_(("queued", "running")))).scalar_one_or_none()
    if running is not None:
        return running, False
    # The job speaks the asker's language: its file, its messages (work.py).
    params = {**params, "language": current_language()}
    job = Job(kind=kind, key=key[:200], title=title[:200], params=params, created_by=by)
    record_created(job, by=by)
    return job, True


def claim(job_id: int) -> Job | None:
    """Take a job to run it: queued, or running but not heard from within its lease (its
    worker died). None if another worker has it or it is over. The caller commits."""
    now = utcnow()
    taken = db.session.execute(
        update(Job).where(Job.id == job_id, or_(
            Job.state == "queued", (Job.state == "running") & (Job.lease_until < now)))
        .values(state="running", attempts=Job.attempts + 1, lease_until=_lease(now),
                started_at=now, message="").execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        return None
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    return job


def _lease(now):
    return now + timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])


def advance(job: Job, done: float):
    """Record how far a running job got (0 to 1), renewing its worker's claim."""
    job.progress, job.lease_until = min(max(done, 0.0), 1.0), _lease(utcnow())


def finish(job: Job, *, message: str, file=None, report=None):
    """A job done: what it made (`file`: (name, size, sha256) of a stored file; or a report),
    and until when its file is kept."""
    now = utcnow()
    job.state, job.progress, job.message, job.finished_at = "done", 1.0, message[:500], now
    job.lease_until = None
    if file is not None:
        job.file_name, job.file_size, job.file_sha256 = file
        job.expires_at = now + timedelta(days=current_app.config["JOB_FILES_DAYS"])
    if report is not None:
        job.report = report
    job.params = {key: value for key, value in job.params.items() if key != "words"}
    record("finish", job, by=job.created_by, note=job.message)


def fail(job: Job, message: str):
    """A job that could not be done, and why, in words a person can act on."""
    job.state, job.message, job.finished_at, job.lease_until = "failed", message[:500], \
        utcnow(), None
    job.params = {key: value for key, value in job.params.items() if key != "words"}
    record("fail", job, by=job.created_by, note=job.message)


def expire(job: Job):
    """A job's file was deleted after its time."""
    job.file_size = None
    record("expire", job, by=None, note=f"its file was deleted after "
                                        f"{current_app.config['JOB_FILES_DAYS']} days")
