"""Work done outside a page view: the queue, the workers, and the pages that follow a job."""
from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
