"""What jobs make: files kept privately under REPORTS_DIR/jobs, written whole before a job
says it is done (a worker killed halfway leaves a partial file nobody is given, which the
sweep deletes), and deleted when their time is up."""
import hashlib
import os
import tempfile
import time

from flask import current_app

from ..models import Job
from ..private_files import PRIVATE_FILE, private_folder


def folder() -> str:
    """Where job files live."""
    return private_folder(os.path.join(current_app.config["REPORTS_DIR"], "jobs"))


def path_of(job: Job) -> str:
    """Where a done job's file is."""
    return os.path.join(folder(), f"{job.id}-{job.file_sha256}")


class Output:
    """A file being written by a job: a private temporary file, kept under its job only once
    whole (`keep`)."""

    def __init__(self, job: Job):
        self.job = job
        handle, self.path = tempfile.mkstemp(dir=folder(), prefix=f"{job.id}-", suffix=".part")
        os.fchmod(handle, PRIVATE_FILE)
        self.file = os.fdopen(handle, "w+b")

    def keep(self) -> tuple[int, str]:
        """Close the file and move it to its job's name; (size, sha256)."""
        self.file.flush()
        self.file.seek(0)
        digest, size = hashlib.sha256(), 0
        for block in iter(lambda: self.file.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
        self.file.close()
        os.replace(self.path, os.path.join(folder(), f"{self.job.id}-{digest.hexdigest()}"))
        return size, digest.hexdigest()

    def discard(self):
        """Drop a file the job did not finish."""
        self.file.close()
        if os.path.exists(self.path):
            os.remove(self.path)


def delete(job: Job):
    """Delete a job's file, if it is still there."""
    path = path_of(job)
    if os.path.exists(path):
        os.remove(path)


def remove_leftovers(older_than_seconds: float):
    """Delete the partial files killed workers left behind."""
    cutoff = time.time() - older_than_seconds
    for name in os.listdir(folder()):
        path = os.path.join(folder(), name)
        if name.endswith(".part") and os.path.getmtime(path) < cutoff:
            os.remove(path)
