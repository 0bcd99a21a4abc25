"""The waitlist: peers waiting for a kind of kit."""
from flask import Blueprint

bp = Blueprint("waitlist", __name__, url_prefix="/waitlist")
