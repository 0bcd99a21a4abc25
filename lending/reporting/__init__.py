"""Report figures, files and the archive: one definition of each figure, read by every output."""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
