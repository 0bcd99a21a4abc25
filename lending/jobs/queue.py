"""The job queue: Huey. Its messages wait in a SQLite file of the instance folder (nothing to
install: `make run` starts one worker beside the web server) or, with REDIS_URL, in Redis,
which workers on any number of machines share. A message only names a job; the job itself
(what was asked, how far it got, what it made) lives in the app's database (models/jobs.py),
so a lost message or a killed worker costs nothing: the sweep enqueues it again.

Why Huey: it is the one well-kept queue with a store that needs no server (SQLite) as well
as Redis, periodic tasks without cron, and retries with a delay, in one small library. RQ
needs Redis even on a laptop; Dramatiq needs Redis or RabbitMQ and a separate scheduler for
periodic work; Celery needs a broker and brings far more than this app uses.
"""
import os

from flask import current_app
from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage

from ..private_files import create_sqlite_file

RETRIES, RETRY_DELAY = 2, 30  # a job that failed unexpectedly is tried again, after 30 s
huey = Huey("lending", utc=True, storage_class=SqliteStorage, filename=":memory:")
_app = None  # the app the workers run jobs in (set by configure)


def configure(app):
    """Point the queue at this app's store: Redis when configured, else its SQLite file."""
    global _app
    _app = app
    if app.config["JOBS_REDIS_URL"]:
        huey.storage = RedisStorage("lending", url=app.config["JOBS_REDIS_URL"])
    else:
        path = app.config["JOBS_SQLITE"] or os.path.join(app.instance_path, "jobs.sqlite")
        create_sqlite_file(f"sqlite:///{path}")
        huey.storage = SqliteStorage("lending", filename=path)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY)
def run_job(job_id: int):
    """Do a job (it may already be done, or another worker's: then nothing happens)."""
    from .work import run
    with _app.app_context():
        run(job_id)


@huey.task()
def send_message(message_id: int):
    """Send a queued text or email whose time has come (its own tries and waits are kept on
    the message: messages/operations.py)."""
    from ..messages.operations import deliver
    with _app.app_context():
        deliver(message_id)


@huey.task()
def send_webhook(delivery_id: int):
    """Send a webhook delivery whose time has come (its tries and waits are kept on the
    delivery: webhooks/operations.py)."""
    from ..webhooks.sending import deliver
    with _app.app_context():
        deliver(delivery_id)


def enqueue_message(message):
    """Put a text or email on the queue (after it is committed); one not yet due waits for
    the sweep."""
    if message.status == "queued" and message.send_after is None:
        send_message(message.id)


@huey.periodic_task(crontab(minute="*"))
def sweep():
    """Every minute: jobs whose message was lost or whose worker died go back on the queue,
    files past their time are deleted, the daily run is started when its hour comes, and
    texts and webhook deliveries whose time has come are sent."""
    from .work import sweep as sweep_jobs
    with _app.app_context():
        sweep_jobs()


def enqueue(job):
    """Put a job's message on the queue (after the job is committed)."""
    run_job(job.id)


def start(kind: str, key: str, title: str, params: dict, *, by):
    """For a view: ask for a job (the one already on its way for the same request, or a new
    one), commit, and enqueue a new one. Returns the job."""
    from ..extensions import db
    from .operations import ask_for
    job, new = ask_for(kind, key, title, params, by=by)
    db.session.commit()
    if new:
        enqueue(job)
    return job


def consumer(workers: int):
    """A worker process's consumer: `workers` threads, and the periodic sweep."""
    current_app.logger.info("jobs: %s", huey.storage.__class__.__name__)
    return huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                check_worker_health=True)
