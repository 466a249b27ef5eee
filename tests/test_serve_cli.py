"""`dateline serve` as a user runs it: a real server in a child process, asked over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from conftest import EXAMPLES, ROOT

from dateline.config import Settings
from dateline.ingest import ingest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60.0) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            return httpx.get(url, timeout=2.0)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} in {seconds:g} s")


def test_serve_answers_over_http_and_stops(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    report = ingest([str(EXAMPLES)], str(db), settings=Settings(stages="extract", write_process=False))
    assert report.articles >= 5
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATELINE_SERVE_TOKEN", None)
    # stdin is no terminal here (as under CI or a service manager): the server serves all the same.
    server = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)],
                              cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        stats = wait_for(f"http://127.0.0.1:{port}/api/stats", server)
        assert stats.status_code == 200
        assert stats.json()["totals"]["articles"] == report.articles
        assert "default-src 'self'" in stats.headers["content-security-policy"]
        # A name that is not this machine's (DNS rebinding) gets no answer but an error.
        rebound = httpx.get(f"http://127.0.0.1:{port}/api/stats", headers={"host": "rebound.example"}, timeout=5)
        assert rebound.status_code == 400 and rebound.json()["error"]["code"] == "invalid_host"
        assert httpx.get(f"http://localhost:{port}/api/stats", timeout=5).status_code == 200
        refused = httpx.post(f"http://127.0.0.1:{port}/api/ingest/text", json={"text": "a page"}, timeout=5)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "writes_disabled"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    err = server.stderr.read().decode() if server.stderr else ""
    assert f"http://127.0.0.1:{port}" in err and "writes off" in err


def test_serve_refuses_a_database_that_is_not_there(tmp_path: Path, run_cli) -> None:
    done = run_cli("serve", "--db", str(tmp_path / "missing.db"), "--port", str(free_port()))
    assert done.returncode == 1 and "no database at" in done.stderr
    assert not (tmp_path / "missing.db").exists()


def test_serve_checks_its_port(run_cli) -> None:
    done = run_cli("serve", "--port", "http")
    assert done.returncode == 2 and "not a port" in done.stderr


def test_serve_says_when_its_port_is_taken(tmp_path: Path, run_cli) -> None:
    ingest([str(EXAMPLES / "wire-reuters.html")], str(tmp_path / "news.db"), settings=Settings(stages="extract"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli("serve", "--db", str(tmp_path / "news.db"), "--port", str(port))
    assert done.returncode == 1 and f"cannot serve on 127.0.0.1:{port}" in done.stderr


def test_serve_check_prints_the_address_and_exits(tmp_path: Path, run_cli) -> None:
    ingest([str(EXAMPLES / "wire-reuters.html")], str(tmp_path / "news.db"), settings=Settings(stages="extract"))
    port = free_port()
    done = run_cli("serve", "--db", str(tmp_path / "news.db"), "--port", str(port), "--check")
    assert done.returncode == 0, done.stderr
    assert f"would serve {tmp_path / 'news.db'} at http://127.0.0.1:{port}" in done.stderr
    missing = run_cli("serve", "--db", str(tmp_path / "missing.db"), "--check")
    assert missing.returncode == 1 and "no database at" in missing.stderr
