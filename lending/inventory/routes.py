"""The inventory screens, one module per kind of item."""
from . import devices, imports, plans, sims  # noqa: F401
