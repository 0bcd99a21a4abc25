"""Inventory: devices, SIM cards and data plans."""
from flask import Blueprint

bp = Blueprint("inventory", __name__)
