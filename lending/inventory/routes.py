"""The inventory screens, one module per kind of item."""
from . import devices, plans, sims  # noqa: F401
