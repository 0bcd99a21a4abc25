"""Issues: damage, loss, theft, faults and connectivity problems."""
from flask import Blueprint

bp = Blueprint("issues", __name__, url_prefix="/issues")
