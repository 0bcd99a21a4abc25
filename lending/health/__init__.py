"""A health check for load balancers and deployment scripts."""
from flask import Blueprint

bp = Blueprint("health", __name__)
