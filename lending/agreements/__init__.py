"""Loan agreements: versioned text (managers) and the printable agreement of each loan."""
from flask import Blueprint

bp = Blueprint("agreements", __name__, url_prefix="/agreements")
