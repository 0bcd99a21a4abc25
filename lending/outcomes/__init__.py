"""Outcomes: what the devices changed and for whom. Check-ins, the priority groups peers name,
group sessions and contracts' outcome targets; reporting/outcomes.py has the figures."""
from flask import Blueprint

bp = Blueprint("outcomes", __name__)
