"""The demo program that `make run` seeds the first time."""
from .data import DEMO_ACCOUNTS
from .program import is_empty, seed_demo

__all__ = ["DEMO_ACCOUNTS", "is_empty", "seed_demo"]
