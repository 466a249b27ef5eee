"""Errors a user can cause and read: one base class, so the CLI can tell them from bugs."""


class DatelineError(Exception):
    """Base of every error a user can cause (bad input, a bad setting, an unreachable database); the CLI prints its message, never a traceback."""
