"""The audit log: written by operations (log.py), browsed by managers (routes.py)."""
from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
