"""Where pages come from: files, directories, stdin and URLs (more sources follow with ingest)."""

from .errors import Skipped, SourceError
from .files import MAX_FILE_BYTES, iter_paths, read_file, read_stdin
from .http import Fetcher, FetchError, fetch
from .refs import PageRef
from .select import iter_source

__all__ = ["MAX_FILE_BYTES", "FetchError", "Fetcher", "PageRef", "Skipped", "SourceError", "fetch", "iter_paths",
           "iter_source", "read_file", "read_stdin"]
