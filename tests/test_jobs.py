"""Heavy work is done by workers (jobs/): the request that asks for it answers at once with a
page that follows it; the job's state lives in the database; a second click finds the job
already on its way; a job says why it failed; files are the asker's alone and expire; a worker
killed halfway leaves nothing half-made and the job is done again. Real workers: Huey's
consumer on the test's SQLite queue (and on a Redis server of the test's own)."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from lending.clock import utcnow
from lending.extensions import db
from lending.jobs import files, kinds, work
from lending.jobs import queue as jobs_queue
from lending.models import Device, Job, Loan, Report
from lending.refusals import RuleError

from . import factories
from .conftest import another_app, wait_for
from .march import MARCH

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _ask_for_report(client, program):
    return client.post("/reports", data={"fmt": "pdf", "start": MARCH.start.isoformat(),
                                         "end": MARCH.end.isoformat(), "partner_id": "0",
                                         "contract_id": program["contract"].id})


def _download(client, job_id):
    """(status, bytes) of a job's download; the answer closed (it holds the file open)."""
    with client.get(f"/jobs/{job_id}/download") as response:
        return response.status_code, response.get_data()


def _job_of(response) -> int:
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_report_is_made_by_a_worker_and_its_page_leads_to_it(client, auth, program, worker):
    auth.login("manager")
    job = wait_for(_job_of(_ask_for_report(client, program)))
    assert job.state == "done" and job.report.contract == program["contract"]
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f'href="/reports/{job.report_id}/download"' in page
    assert "generated and archived" in page
    assert client.get(f"/reports/{job.report_id}/download").mimetype == "application/pdf"
    assert job.title in client.get("/jobs").get_data(as_text=True)


def test_a_second_click_while_a_job_waits_shows_the_same_job(client, auth, program):
    auth.login("manager")
    first, second = (_job_of(_ask_for_report(client, program)) for _ in range(2))
    assert first == second
    assert db.session.execute(db.select(db.func.count(Job.id))).scalar_one() == 1
    state = client.get(f"/jobs/{first}.json").json
    assert state["state"] == "queued" and state["progress"] == 0


def test_a_report_that_cannot_be_made_is_refused_at_once(client, auth, program):
    auth.login("manager")
    page = client.post("/reports", data={"fmt": "pdf", "start": "2026-03-31",
                                         "end": "2026-03-01", "partner_id": "0",
                                         "contract_id": "0"}).get_data(as_text=True)
    assert "ends before it starts" in page
    assert db.session.execute(db.select(Job)).first() is None


def test_someone_elses_job_its_state_and_its_file_are_not_found(client, auth, worker, app):
    owner = auth.login("staff")
    for n in range(30):
        factories.device("tablet", imei=None, serial=f"S-{n:02d}")
    db.session.commit()
    job = wait_for(_job_of(client.get("/devices?export=csv")))
    assert _download(client, job.id)[0] == 200
    auth.logout()
    auth.login("staff")  # a colleague
    for url in (f"/jobs/{job.id}", f"/jobs/{job.id}.json", f"/jobs/{job.id}/download"):
        assert client.get(url).status_code == 404, url
    assert job.created_by == owner


def test_a_long_list_downloads_through_a_job_with_every_row(client, auth, worker, app):
    auth.login("staff")
    for n in range(40):
        factories.device("tablet", imei=None, make="Lenovo", serial=f"LEN-{n:02d}")
    factories.device("phone", make="Google", serial="PIX-1")
    db.session.commit()
    short = client.get("/devices?kind=phone&export=csv")  # one screen: at once
    assert short.mimetype == "text/csv" and b"PIX-1" in short.data
    job = wait_for(_job_of(client.get("/devices?kind=tablet&sort=serial&dir=asc&export=xlsx")))
    assert job.state == "done" and job.message == "40 rows, ready to download."
    rows = list(load_workbook(BytesIO(_download(client, job.id)[1])).active.iter_rows(
        values_only=True))
    assert len(rows) == 41 and rows[1][3] == "LEN-00" and rows[40][3] == "LEN-39"
    assert job.file_name.startswith("devices-") and job.file_name.endswith(".xlsx")


def test_a_searched_list_downloads_what_the_search_found_and_forgets_the_words(client, auth,
                                                                               worker, app):
    auth.login("manager")
    for n in range(30):
        factories.peer(preferred_name=f"Quayle {n}", phone="+16475550177")
    factories.peer(preferred_name="Sam")
    db.session.commit()
    listed = client.post("/search", data={"list": "/peers", "q": "quayle"})
    token = listed.headers["Location"].split("search=")[1]
    response = client.post(f"/peers/with-contacts.csv?search={token}")
    job = wait_for(_job_of(response))
    text = _download(client, job.id)[1].decode("utf-8-sig")
    assert text.count("Quayle") == 30 and "Sam" not in text and "+16475550177" in text
    assert "words" not in job.params  # the search typed is not kept once the job is over


def test_many_labels_are_drawn_by_a_worker(client, auth, worker, app):
    app.config["LABELS_NOW"] = 5
    auth.login("staff")
    for n in range(12):
        factories.device("tablet", imei=None, asset_tag=f"LB-{n:03d}")
    db.session.commit()
    job = wait_for(_job_of(client.post("/labels/devices", data={"layout": "avery-5160",
                                                                "start": "1"})))
    assert job.state == "done" and job.message == "12 labels, ready to print."
    assert _download(client, job.id)[1].startswith(b"%PDF")
    assert job.file_name == "labels-devices-avery-5160.pdf"


def test_a_job_that_cannot_be_done_says_why(client, auth, program, worker, monkeypatch):
    def refuse(job, progress):
        raise RuleError("The contract's items changed; ask for the report again.")
    monkeypatch.setitem(kinds.KINDS, "report", refuse)
    auth.login("manager")
    job = wait_for(_job_of(_ask_for_report(client, program)))
    assert job.state == "failed" and job.attempts == 1
    assert "ask for the report again" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


def test_an_unexpected_failure_is_tried_again_then_explained(app, program, monkeypatch):
    calls = []

    def flaky(job, progress):
        calls.append(job.attempts)
        if len(calls) == 1:
            raise OSError("disk full")
        return kinds.Outcome("Done the second time.")
    monkeypatch.setitem(kinds.KINDS, "report", flaky)
    job = Job(kind="report", key="report:0:x", title="A report", params={})
    db.session.add(job)
    db.session.commit()
    with pytest.raises(OSError):  # the queue retries it later
        work.run(job.id)
    db.session.refresh(job)
    assert job.state == "queued" and "tried again" in job.message
    work.run(job.id)
    db.session.refresh(job)
    assert job.state == "done" and calls == [1, 2]
    monkeypatch.setitem(kinds.KINDS, "report", lambda job, progress: 1 / 0)
    again = Job(kind="report", key="report:0:y", title="Another", params={})
    db.session.add(again)
    db.session.commit()
    for _ in range(jobs_queue.RETRIES + 1):
        try:
            work.run(again.id)
        except ZeroDivisionError:
            pass
    db.session.refresh(again)
    assert again.state == "failed" and "Try again in a few minutes" in again.message


def test_files_expire_and_their_downloads_are_gone(client, auth, worker, app):
    auth.login("staff")
    for _ in range(30):
        factories.device("tablet", imei=None)
    db.session.commit()
    job = wait_for(_job_of(client.get("/devices?export=csv")))
    path = files.path_of(job)
    assert os.path.exists(path)
    job.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    work.sweep()
    db.session.commit()
    assert not os.path.exists(path)
    assert _download(client, job.id)[0] == 404
    assert "deleted after 7 days" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


def test_the_daily_run_starts_once_a_day_at_its_hour_and_moves_overdue_loans(app, worker):
    app.config["DAILY_AT"] = "00:00"
    staff = factories.user("staff")
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    loan.due_date = loan.lent_on - timedelta(days=20)
    db.session.commit()
    work.sweep()
    work.sweep()  # a second sweep the same day starts nothing more
    daily = db.session.execute(db.select(Job).filter_by(kind="daily")).scalars().all()
    assert len(daily) == 1
    done = wait_for(daily[0].id)
    assert done.state == "done"
    assert db.session.get(Loan, loan.id).status == "overdue"


def test_a_worker_on_redis_does_the_job_too(app, client, auth, program, redis_url):
    with another_app(app.config["SQLALCHEMY_DATABASE_URI"], JOBS_REDIS_URL=redis_url,
                     REPORTS_DIR=app.config["REPORTS_DIR"]) as redis_app:
        consumer = jobs_queue.huey.create_consumer(workers=1, periodic=False,
                                                   initial_delay=0.05, max_delay=0.2)
        consumer.start()
        try:
            with redis_app.app_context():
                assert type(jobs_queue.huey.storage).__name__ == "RedisStorage"
            auth.login("manager")
            job_id = _job_of(_ask_for_report(client, program))
            job = wait_for(job_id)
        finally:
            consumer.stop(graceful=True)
            jobs_queue.configure(app)  # back to the test's own queue
    assert job.state == "done" and db.session.get(Report, job.report_id) is not None


def _worker_process(env):
    """`flask --app wsgi worker` on the test's database and queue, in its own process."""
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker",
                             "--workers", "1"], cwd=PROJECT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def test_a_worker_killed_halfway_leaves_nothing_half_made_and_the_job_is_done_again(
        app, client, auth, tmp_path, database_url):
    auth.login("staff")
    rows = [{"kind": "tablet", "make": "Lenovo", "model": f"M{n}", "serial": f"BULK-{n:06d}",
             "accessories": "", "missing_accessories": "", "condition": "good",
             "status": "available"} for n in range(40_000)]
    db.session.execute(db.insert(Device), rows)
    db.session.commit()
    job_id = _job_of(client.get("/devices?export=xlsx"))
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "x" * 32,
           "LENDING_JOBS_SQLITE": app.config["JOBS_SQLITE"], "REPORTS_DIR":
           app.config["REPORTS_DIR"], "LENDING_JOB_LEASE_SECONDS": "2"}
    first = _worker_process(env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # kill it once it has written part of the file
            db.session.rollback()
            job = db.session.get(Job, job_id)
            db.session.refresh(job)
            if job.state == "running" and job.progress > 0.1:
                break
            time.sleep(0.05)
        assert job.state == "running", job.state
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert job.file_size is None
    assert [name for name in os.listdir(files.folder()) if name.startswith(f"{job_id}-")
            and name.endswith(".part")], "the killed worker was writing a partial file"
    time.sleep(2.5)  # its claim lapses
    app.config["JOB_LEASE_SECONDS"] = 2
    work.sweep()  # the job goes back on the queue (and old partial files are deleted)
    db.session.commit()
    second = _worker_process(env)
    try:
        job = wait_for(job_id, seconds=120)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait()
    assert job.state == "done" and job.attempts == 2
    book = load_workbook(BytesIO(_download(client, job_id)[1]), read_only=True)
    assert sum(1 for _ in book.active.iter_rows(values_only=True)) == 40_001
    book.close()
    time.sleep(4.5)
    work.sweep()
    assert not [name for name in os.listdir(files.folder()) if name.endswith(".part")]


