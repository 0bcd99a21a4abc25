"""Searching lists without putting what was searched for in a URL: a search may hold a peer's
name or contact, and app servers and proxies log every URL they serve."""
from flask import Blueprint

bp = Blueprint("search", __name__)
