"""Inventory: devices, SIM cards and data plans."""
from flask import Blueprint

bp = Blueprint("inventory", __name__)

from . import devices, plans, sims  # noqa: E402,F401
