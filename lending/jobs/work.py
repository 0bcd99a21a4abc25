"""Running jobs in a worker: claim one, do its kind's work (kinds.py), keep what it made, or
say why it failed; and the sweep that keeps the queue honest."""
from datetime import datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import or_, update

from ..clock import local_to_utc, local_today, utcnow
from ..extensions import db
from ..i18n import LOCALES
from ..models import Job
from ..refusals import RuleError
from . import files
from .operations import ask_for, claim, expire, fail, finish
from .queue import RETRIES, enqueue, send_message, send_webhook


class Progress:
    """A running job's progress, written on a connection of its own (so that it never
    commits the work's own changes) and renewing the worker's claim on the job."""

    def __init__(self, job: Job):
        self.job_id, self.last = job.id, -1.0

    def __call__(self, done: float):
        """Record that `done` (0 to 1) of the job is done; every 1 % at most."""
        if done - self.last < 0.01 and done < 1:
            return
        self.last = done
        lease = utcnow() + timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == self.job_id).values(
                progress=min(max(done, 0.0), 1.0), lease_until=lease))


def run(job_id: int):
    """Do a job if it is this worker's to do, in the language of whoever asked for it; its
    outcome is committed."""
    job = claim(job_id)
    db.session.commit()
    if job is None:
        return
    with force_locale(LOCALES.get(job.params.get("language"), LOCALES["en"])):
        _run(job)


def _run(job: Job):
    from .kinds import KINDS
    job_id = job.id
    try:
        outcome = KINDS[job.kind](job, Progress(job))
    except RuleError as refusal:  # the request cannot be done: say why, do not retry
        db.session.rollback()
        fail(db.session.get(Job, job_id), str(refusal))
        db.session.commit()
        return
    except Exception:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        if job.attempts > RETRIES:
            fail(job, gettext(
                "Something went wrong while doing this, %(times)s times. Try again in a few "
                "minutes; if it fails again, tell whoever looks after the app (the worker's log "
                "says why).", times=job.attempts))
            db.session.commit()
            return
        job.state, job.lease_until = "queued", None
        job.message = gettext("Something went wrong; it will be tried again shortly.")
        db.session.commit()
        raise  # the queue retries it after a delay, and the worker's log has the error
    if outcome.failed:
        fail(job, outcome.message)
    else:
        stored = outcome.output.keep() if outcome.output else None
        finish(job, message=outcome.message, report=outcome.report,
               file=(outcome.file_name, *stored) if stored else None)
    db.session.commit()


def sweep():
    """Enqueue again what was lost, delete what expired, and start the daily run when due."""
    now = utcnow()
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    lost = db.session.execute(db.select(Job).where(or_(
        (Job.state == "queued") & (Job.created_at < now - timedelta(minutes=1)),
        (Job.state == "running") & (Job.lease_until < now)))).scalars().all()
    for job in lost:
        enqueue(job)
    for job in db.session.execute(db.select(Job).where(
            Job.expires_at < now, Job.file_size.is_not(None))).scalars():
        files.delete(job)
        expire(job)
    files.remove_leftovers(lease.total_seconds() * 2)
    daily = _daily_due()
    from ..messages.operations import due_to_send, give_up_lost_sends
    give_up_lost_sends(now)
    db.session.commit()
    if daily is not None:
        enqueue(daily)
    for message_id in due_to_send(now):
        send_message(message_id)
    from ..webhooks.operations import due_deliveries
    deliveries = due_deliveries(now)
    db.session.commit()  # those whose worker died are queued again
    for delivery_id in deliveries:
        send_webhook(delivery_id)


def _daily_due() -> Job | None:
    """Today's daily run, newly asked for, once its local hour has come; else None."""
    hour, minute = (int(part) for part in current_app.config["DAILY_AT"].split(":"))
    today = local_today()
    if utcnow() < local_to_utc(datetime.combine(today, time(hour, minute))):
        return None
    key = f"daily:0:{today.isoformat()}"
    if db.session.execute(db.select(Job.id).filter_by(key=key)).first() is not None:
        return None  # done (or doing) today
    title = gettext("Daily run of %(day)s", day=f"{today:%Y-%m-%d}")
    job, new = ask_for("daily", today.isoformat(), title, {"day": today.isoformat()}, by=None)
    return job if new else None
