"""Peer views: the peers themselves, their support sessions, their data rights."""
from . import peers, privacy, support  # noqa: F401  (their views join the blueprint)
