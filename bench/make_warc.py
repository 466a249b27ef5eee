"""Build a gzipped WARC out of the AEB and Fundus benchmark pages, as a crawler would have saved them.

Every page becomes a request record and an HTTP response record with realistic headers
(one page in three sent gzip-encoded and chunked, as servers do); a few images, scripts,
style sheets, a PDF, 404 pages and redirects are mixed in so that skipping is exercised too.
The WARC is written outside the repository (the data stays where it is).

    .venv/bin/python bench/make_warc.py [OUT] [--data ../shared/bench]

OUT defaults to /tmp/dateline-bench.warc.gz. Prints the record counts.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "bench"
SERVERS = ("nginx", "Apache", "cloudflare", "AmazonS3", "Varnish")


def _chunked(data: bytes, size: int = 8192) -> bytes:
    parts = [data[i:i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def benchmark_pages(data: Path) -> list[tuple[str, datetime, bytes]]:
    """(url, crawl time, HTML bytes) of every AEB and Fundus page."""
    pages: list[tuple[str, datetime, bytes]] = []
    aeb = data / "aeb"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    start = datetime(2020, 1, 15, 9, 0, tzinfo=UTC)
    for i, (key, item) in enumerate(sorted(truth.items())):
        html = gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes())
        pages.append((item["url"], start + timedelta(minutes=i), html))
    fundus = data / "fundus"
    with open(fundus / "index.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            when = datetime.fromisoformat(row["crawl_date"]).replace(tzinfo=UTC)
            pages.append((row["url"], when, gzip.decompress((fundus / row["html"]).read_bytes())))
    return pages


class _Writer:
    def __init__(self, fh: io.BufferedWriter):
        self.w = WARCWriter(fh, gzip=True)
        self.counts: dict[str, int] = {}

    def _count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def exchange(self, url: str, when: datetime, status: str, headers: list[tuple[str, str]], body: bytes,
                 kind: str) -> None:
        date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = urlsplit(url)
        request = (f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\n"
                   f"Host: {parts.netloc}\r\nUser-Agent: bench-crawler/1.0\r\n"
                   "Accept: text/html,*/*;q=0.8\r\nAccept-Encoding: gzip\r\n\r\n").encode()
        self.w.write_record(self.w.create_warc_record(url, "request", payload=io.BytesIO(request),
                                                      warc_headers_dict={"WARC-Date": date}))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        self.w.write_record(self.w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                      warc_headers_dict={"WARC-Date": date}))
        self._count(kind)


def build_warc(data: Path, out: Path, seed: int = 7) -> dict[str, int]:
    """Write the WARC to `out`; returns how many records of each kind it holds."""
    rng = random.Random(seed)
    pages = benchmark_pages(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer = _Writer(fh)
        writer.w.write_record(writer.w.create_warcinfo_record(out.name, {
            "software": "dateline bench/make_warc.py", "format": "WARC File Format 1.0",
            "description": "AEB and Fundus benchmark pages as HTTP responses"}))
        for i, (url, when, html) in enumerate(pages):
            origin = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
            common = [("Date", format_datetime(when, usegmt=True)), ("Server", rng.choice(SERVERS)),
                      ("Cache-Control", "max-age=60, public"), ("Vary", "Accept-Encoding")]
            if i % 3 == 1:
                body = _chunked(gzip.compress(html, compresslevel=6))
                headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                           ("Transfer-Encoding", "chunked"), *common]
            else:
                body = html
                headers = [("Content-Type", "text/html; charset=UTF-8"), ("Content-Length", str(len(html))), *common]
            writer.exchange(url, when, "200 OK", headers, body, "html")
            # Around the pages, what a crawl also collects.
            if i % 20 == 0:
                writer.exchange(origin + "/static/logo.png", when, "200 OK",
                                [("Content-Type", "image/png"), *common], b"\x89PNG\r\n\x1a\n" + rng.randbytes(4000),
                                "image")
                writer.exchange(origin + "/static/app.js", when, "200 OK",
                                [("Content-Type", "application/javascript"), *common],
                                b"window.dataLayer=window.dataLayer||[];" * 50, "script")
            if i % 40 == 5:
                writer.exchange(origin + "/static/site.css", when, "200 OK", [("Content-Type", "text/css"), *common],
                                b"body{margin:0;font-family:Georgia,serif}" * 40, "style")
                writer.exchange(origin + "/media/report.pdf", when, "200 OK",
                                [("Content-Type", "application/pdf"), *common], b"%PDF-1.7\n" + rng.randbytes(6000),
                                "pdf")
            if i % 25 == 3:
                writer.exchange(origin + f"/old/{i}", when, "301 Moved Permanently",
                                [("Location", url), ("Content-Length", "0"), *common], b"", "redirect")
                writer.exchange(origin + f"/missing/{i}", when, "404 Not Found",
                                [("Content-Type", "text/html; charset=utf-8"), *common],
                                b"<html><head><title>Page not found</title></head><body><h1>404</h1></body></html>",
                                "not found")
    return writer.counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default="/tmp/dateline-bench.warc.gz", help="WARC file to write")
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="benchmark data root (with aeb/ and fundus/)")
    args = ap.parse_args()
    out = Path(args.out)
    if out.resolve().is_relative_to(REPO):
        ap.error("write the WARC outside the repository")
    counts = build_warc(Path(args.data), out)
    print(json.dumps({"warc": str(out), "bytes": out.stat().st_size, "responses": counts}))


if __name__ == "__main__":
    main()
