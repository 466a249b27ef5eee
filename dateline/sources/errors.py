class SourceError(Exception):
    """An input could not be read; the message names the input and says why."""
