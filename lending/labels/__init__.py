"""Printable labels for devices and SIM cards: sheets and label printers."""
from flask import Blueprint

bp = Blueprint("labels", __name__, url_prefix="/labels")
