"""The start page: what needs doing today."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__)
