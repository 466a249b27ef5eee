from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def run_cli():
    """Run the installed `dateline` command as a user would; returns CompletedProcess."""
    import subprocess

    def run(*args: str, stdin: bytes | None = None, timeout: float = 120):
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        done = subprocess.run([sys.executable, "-m", "dateline", *args], input=stdin, capture_output=True,
                              timeout=timeout, env=env, cwd=ROOT)
        done.stdout, done.stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
        return done

    return run
