"""Partner views: partners and their contacts, contracts and their deliverables."""
from . import contracts, partners  # noqa: F401  (their views join the blueprint)
