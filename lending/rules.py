"""The error an operation raises when it would break one of the program's rules."""


class RuleError(Exception):
    """An operation was refused; the message says why, in words for the person who tried."""
