"""The funder portal: a partner's own contracts, in aggregate, and its reports."""
from flask import Blueprint

bp = Blueprint("portal", __name__, url_prefix="/portal")
