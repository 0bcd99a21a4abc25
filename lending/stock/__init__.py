"""Stock counts: scan what is on the shelves and see what is missing or out of place."""
from flask import Blueprint

bp = Blueprint("stock", __name__, url_prefix="/stock-counts")
