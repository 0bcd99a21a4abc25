"""Inventory views: one module per kind of item, and the imports."""
from . import devices, imports, places, plans, sims  # noqa: F401  (their views join the blueprint)
