"""Loan policies per kind of kit, edited by managers."""
from flask import Blueprint

bp = Blueprint("policies", __name__, url_prefix="/policies")
