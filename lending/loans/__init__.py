"""Loans: lending kits, renewing them, taking them back."""
from flask import Blueprint

bp = Blueprint("loans", __name__, url_prefix="/loans")
