import codecs
import gzip

import pytest

from dateline.extract.decode import NotText, decode

RUSSIAN = "<html><head><meta charset=\"windows-1251\"><title>Новости</title></head><body><p>Министр иностранных дел заявил в среду.</p></body></html>"
JAPANESE = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><title>ニュース</title></head><body><p>外務大臣は水曜日に述べた。</p></body></html>"


def test_windows_1251_declared_in_meta():
    d = decode(RUSSIAN.encode("cp1251"))
    assert "Министр" in d.text and d.encoding == "cp1251" and d.evidence == "meta charset"


def test_shift_jis_declared_in_meta():
    d = decode(JAPANESE.encode("shift_jis"))
    assert "外務大臣" in d.text and d.encoding == "shift_jis"


def test_http_header_charset_beats_missing_meta():
    raw = "<html><body><p>Überraschung in Köln</p></body></html>".encode("latin-1")
    d = decode(raw, "text/html; charset=ISO-8859-1")
    assert "Überraschung in Köln" in d.text and d.evidence == "http header"


def test_utf8_with_bom():
    d = decode(codecs.BOM_UTF8 + "<p>café</p>".encode())
    assert d.text == "<p>café</p>" and d.evidence == "byte-order mark"


def test_meta_charset_that_lies_is_overruled_by_valid_utf8():
    raw = '<html><head><meta charset="iso-8859-1"></head><body><p>Zürich, São Paulo, Kraków</p></body></html>'.encode()
    d = decode(raw)
    assert "Zürich, São Paulo, Kraków" in d.text and d.encoding == "utf-8"


def test_missing_charset_is_detected():
    text = "<html><body><p>" + "Президент подписал указ о новых мерах поддержки экономики. " * 20 + "</p></body></html>"
    d = decode(text.encode("cp1251"))
    assert "Президент подписал указ" in d.text


def test_gzipped_page_is_opened():
    d = decode(gzip.compress(b"<p>gzipped page</p>"))
    assert d.text == "<p>gzipped page</p>"


@pytest.mark.parametrize("raw, what", [
    (b"", "empty"), (b"   \n", "empty"), (b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (bytes(range(256)) * 10, "binary"),
])
def test_not_text(raw, what):
    with pytest.raises(NotText, match=what):
        decode(raw)
