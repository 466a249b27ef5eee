"""Where pages come from: files, directories, stdin and URLs (more sources follow with ingest)."""

from .errors import SourceError
from .files import MAX_FILE_BYTES, iter_paths, read_file, read_stdin
from .http import Fetcher, fetch

__all__ = ["MAX_FILE_BYTES", "Fetcher", "SourceError", "fetch", "iter_paths", "read_file", "read_stdin"]
