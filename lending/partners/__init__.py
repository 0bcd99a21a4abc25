"""Partners, their contacts and contracts (managers only)."""
from flask import Blueprint

bp = Blueprint("partners", __name__)
