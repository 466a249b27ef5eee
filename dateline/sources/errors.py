from ..errors import DatelineError


class SourceError(DatelineError):
    """An input could not be read; the message names the input and says why."""


class Skipped:
    """Records a source passed over on purpose (images, redirects, 404s in a WARC), counted by reason."""

    def __init__(self, source: str, counts: dict[str, int]):
        self.source = source
        self.counts = dict(counts)

    def __repr__(self) -> str:
        return f"Skipped({self.source!r}, {self.counts!r})"
