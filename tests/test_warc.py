"""WARC and ARC sources: archives written here with warcio, read back by dateline.sources.warc."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

import brotli
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.extract import extract_page
from dateline.model import Page
from dateline.sources.errors import SourceError
from dateline.sources.warc import WarcReader, dechunk, decode_body, iter_warc, looks_like_archive, sniff_archive

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves new tram line | The Riverside Courier</title>
<meta property="og:title" content="Council approves new tram line">
<meta property="article:published_time" content="2025-05-14T09:30:00+02:00"></head>
<body><header><nav><a href="/">Home</a> <a href="/city">City</a></nav></header>
<article><h1>Council approves new tram line</h1>
<p class="byline">By Mara Ellison</p>
<p>RIVERSIDE — The city council voted 31 to 9 on Tuesday to build a tram line linking the
northern estates with the central station, ending a decade of debate over the route.</p>
<p>Construction is to begin next spring and the first trams should run in 2028, the transport
committee said. The line will have fourteen stops and cost an estimated 420 million euros.</p>
<p>Opponents argued that buses would serve the same districts for a fraction of the price, but
residents of the northern estates, who now spend up to an hour commuting, welcomed the vote.</p>
</article><footer>© The Riverside Courier</footer></body></html>"""

RUSSIAN = """<html><head><title>Новый мост через реку открыт</title></head><body><article>
<h1>Новый мост через реку открыт</h1>
<p>В субботу в городе открыли новый мост через реку. Движение по нему начнётся в понедельник,
сообщили в администрации города.</p>
<p>Строительство моста длилось три года и обошлось бюджету в два миллиарда рублей.</p>
</article></body></html>"""


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _chunked(data: bytes, size: int = 100) -> bytes:
    parts = [data[i:i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def write_warc(path: Path, gzipped: bool) -> None:
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gzipped)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test-crawler/1.0"}))
        req = w.create_warc_record("https://courier.example/city/tram", "request", payload=io.BytesIO(
            b"GET /city/tram HTTP/1.1\r\nHost: courier.example\r\n\r\n"))
        w.write_record(req)
        # A redirect, then the page it leads to: plain HTML.
        w.write_record(w.create_warc_record(
            "http://courier.example/tram", "response", payload=io.BytesIO(b""),
            http_headers=_http("301 Moved Permanently", [("Location", "https://courier.example/city/tram"),
                                                         ("Content-Length", "0")])))
        w.write_record(w.create_warc_record(
            "https://courier.example/city/tram", "response", payload=io.BytesIO(ARTICLE.encode()),
            http_headers=_http("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx"),
                                          ("ETag", '"abc123"')]),
            warc_headers_dict={"WARC-Date": "2025-05-14T08:00:00Z"}))
        # Chunked and gzip-encoded, stored as it came over the wire.
        w.write_record(w.create_warc_record(
            "https://courier.example/city/tram-2", "response",
            payload=io.BytesIO(_chunked(gzip.compress(ARTICLE.replace("tram line", "bus lane").encode()))),
            http_headers=_http("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                                          ("Transfer-Encoding", "chunked")])))
        # windows-1251 with the charset only in the HTTP header.
        w.write_record(w.create_warc_record(
            "https://gorod.example/most", "response", payload=io.BytesIO(RUSSIAN.encode("cp1251")),
            http_headers=_http("200 OK", [("Content-Type", "text/html; charset=windows-1251")])))
        w.write_record(w.create_warc_record(
            "https://courier.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
            http_headers=_http("200 OK", [("Content-Type", "image/png")])))
        w.write_record(w.create_warc_record(
            "https://courier.example/gone", "response", payload=io.BytesIO(b"<html><body>Not found</body></html>"),
            http_headers=_http("404 Not Found", [("Content-Type", "text/html")])))
        w.write_record(w.create_warc_record(
            "https://courier.example/meta", "metadata", payload=io.BytesIO(b"outlinks: none\r\n"),
            warc_content_type="application/warc-fields"))


@pytest.fixture(params=[True, False], ids=["gzipped", "plain"])
def warc_file(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    path = tmp_path / ("crawl.warc.gz" if request.param else "crawl.warc")
    write_warc(path, request.param)
    return path


def test_html_responses_become_pages_with_provenance(warc_file: Path):
    reader = WarcReader(str(warc_file))
    items = list(reader)
    assert all(isinstance(i, Page) for i in items), items
    urls = [p.url for p in items]
    assert urls == ["https://courier.example/city/tram", "https://courier.example/city/tram-2",
                    "https://gorod.example/most"]
    first = items[0]
    assert first.fetched_at == "2025-05-14T08:00:00+00:00"
    assert first.status == 200
    assert first.headers == {"Content-Type": "text/html; charset=utf-8", "ETag": '"abc123"'}
    assert first.source is not None and first.source.startswith(f"{warc_file}#")
    assert first.redirects == ["http://courier.example/tram"]
    assert first.content == ARTICLE.encode()
    assert reader.pages == 3 and reader.damaged == 0


def test_skipped_records_are_counted_with_reasons(warc_file: Path):
    reader = WarcReader(str(warc_file))
    list(reader)
    assert reader.skipped == {"warcinfo record": 1, "request record": 1, "metadata record": 1,
                              "redirect (HTTP 301)": 1, "not HTML (image/png)": 1, "HTTP 404": 1}


def test_record_offsets_point_at_the_record(warc_file: Path):
    pages = [p for p in iter_warc(str(warc_file)) if isinstance(p, Page)]
    offset = int(pages[1].source.rsplit("#", 1)[1])
    with open(warc_file, "rb") as fh:
        fh.seek(offset)
        head = fh.read(4096)
    if warc_file.suffix == ".gz":
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
    assert head.startswith(b"WARC/1.")
    assert b"WARC-Target-URI: https://courier.example/city/tram-2" in head


def test_chunked_gzip_body_is_decoded_and_extracts(warc_file: Path):
    page = [p for p in iter_warc(str(warc_file)) if isinstance(p, Page)][1]
    assert page.content.startswith(b"<!DOCTYPE html>")
    art = extract_page(page)
    assert art.title == "Council approves new bus lane"
    assert "fourteen stops" in art.body


def test_charset_from_http_header_reaches_the_decoder(warc_file: Path):
    page = [p for p in iter_warc(str(warc_file)) if isinstance(p, Page)][2]
    assert page.content_type == "text/html; charset=windows-1251"
    art = extract_page(page)
    assert art.title == "Новый мост через реку открыт"
    assert "обошлось бюджету" in art.body
    assert "http header" in art.evidence["encoding"]


def _records_gz(n: int) -> tuple[bytes, list[int]]:
    buf, offsets = io.BytesIO(), []
    w = WARCWriter(buf, gzip=True)
    for i in range(n):
        offsets.append(buf.tell())
        body = ARTICLE.replace("tram line", f"tram line {i}").encode()
        w.write_record(w.create_warc_record(f"https://courier.example/{i}", "response", payload=io.BytesIO(body),
                                            http_headers=_http("200 OK", [("Content-Type", "text/html")])))
    return buf.getvalue(), offsets


def test_damaged_gzip_member_is_reported_and_reading_goes_on(tmp_path: Path):
    data, offsets = _records_gz(5)
    bad = bytearray(data)
    middle = (offsets[2] + offsets[3]) // 2
    bad[middle:middle + 32] = b"\0" * 32
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(bytes(bad))
    items = list(iter_warc(str(path)))
    errors = [i for i in items if isinstance(i, SourceError)]
    assert [p.url for p in items if isinstance(p, Page)] == [f"https://courier.example/{i}" for i in (0, 1, 3, 4)]
    assert len(errors) == 1 and str(errors[0]).startswith(f"{path}#{offsets[2]}: damaged record")


def test_truncated_file_keeps_what_came_before(tmp_path: Path):
    data, offsets = _records_gz(4)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:offsets[3] + 100])
    items = list(iter_warc(str(path)))
    assert [p.url for p in items if isinstance(p, Page)] == [f"https://courier.example/{i}" for i in range(3)]
    assert isinstance(items[-1], SourceError) and f"#{offsets[3]}" in str(items[-1])


def test_truncated_plain_record_is_an_error_not_a_page(tmp_path: Path):
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    offsets = []
    for i in range(3):
        offsets.append(buf.tell())
        w.write_record(w.create_warc_record(f"https://courier.example/{i}", "response",
                                            payload=io.BytesIO(ARTICLE.encode()),
                                            http_headers=_http("200 OK", [("Content-Type", "text/html")])))
    data = buf.getvalue()
    cut = (offsets[1] + offsets[2]) // 2
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut] + data[offsets[2]:])  # record 1 loses its tail, record 2 follows
    items = list(iter_warc(str(path)))
    assert [p.url for p in items if isinstance(p, Page)] == ["https://courier.example/0", "https://courier.example/2"]
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    assert errors == [f"{path}#{offsets[1]}: truncated record (runs into the next record)"]


def test_oversized_body_is_skipped(tmp_path: Path):
    path = tmp_path / "big.warc.gz"
    write_warc(path, True)
    reader = WarcReader(str(path), max_bytes=1024)
    pages = [p for p in reader if isinstance(p, Page)]
    # The gzip-encoded page is small on the wire but not once decoded.
    assert [p.url for p in pages] == ["https://gorod.example/most"]
    assert reader.skipped["larger than 1 KB"] == 2


def _arc_record(url: str, date: str, ctype: str, block: bytes) -> bytes:
    return f"{url} 192.0.2.7 {date} {ctype} {len(block)}\n".encode() + block + b"\n"


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzipped", "plain"])
def test_arc_file(tmp_path: Path, gzipped: bool):
    header = _arc_record("filedesc://crawl.arc", "20240102000000", "text/plain",
                         b"1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n")
    page = _arc_record("http://gorod.example/most", "20240102120000", "text/html",
                       b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n"
                       + RUSSIAN.encode("cp1251"))
    image = _arc_record("http://gorod.example/logo.gif", "20240102120001", "image/gif",
                        b"HTTP/1.0 200 OK\r\nContent-Type: image/gif\r\n\r\nGIF89a....")
    missing = _arc_record("http://gorod.example/old", "20240102120002", "text/html",
                          b"HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>gone</html>")
    records = [header, page, image, missing]
    path = tmp_path / ("crawl.arc.gz" if gzipped else "crawl.arc")
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records))
    assert sniff_archive(str(path)) == ("arc", gzipped)
    reader = WarcReader(str(path))
    pages = list(reader)
    assert len(pages) == 1 and isinstance(pages[0], Page)
    assert pages[0].url == "http://gorod.example/most"
    assert pages[0].fetched_at == "2024-01-02T12:00:00+00:00"
    assert extract_page(pages[0]).title == "Новый мост через реку открыт"
    assert reader.skipped == {"warcinfo record": 1, "not HTML (image/gif)": 1, "HTTP 404": 1}


def test_not_an_archive(tmp_path: Path):
    path = tmp_path / "notes.warc"
    path.write_text("just some notes\n")
    items = list(iter_warc(str(path)))
    assert len(items) == 1 and "not a WARC or ARC file" in str(items[0])
    assert looks_like_archive("a/b/CC-MAIN-0001.warc.gz") and not looks_like_archive("page.html")


def test_body_decoding_tolerates_already_decoded_bodies():
    html = b"<html><body><p>Hello</p></body></html>"
    # Header says gzip and chunked, but the archiver stored the decoded body: keep it.
    assert decode_body(html, [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]) == html
    assert decode_body(brotli.compress(html), [("Content-Encoding", "br")]) == html
    assert decode_body(zlib.compress(html), [("Content-Encoding", "deflate")]) == html
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decode_body(raw_deflate.compress(html) + raw_deflate.flush(), [("Content-Encoding", "deflate")]) == html
    assert dechunk(b"5;ext=1\r\nHello\r\n6\r\n world\r\n0\r\n\r\n") == b"Hello world"
