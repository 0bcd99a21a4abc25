"""Peers: registering the people the program serves, under pseudonymous codes."""
from flask import Blueprint

bp = Blueprint("peers", __name__, url_prefix="/peers")
