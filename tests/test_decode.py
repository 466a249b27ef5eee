import codecs
import gzip
import random

import pytest

import dateline
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


# A UTF-8 news page as sites serve it: inline CSS and script before the story, accented names,
# typographic quotes and dashes in the text, navigation after it.
_STORY = [
    "Björn Ødegaard and Zoë Núñez-Córdoba met the mayor of Kraków on Tuesday – the third such visit this year.",
    "“We are not leaving until the agreement is signed,” said Ødegaard, the delegation’s chief negotiator.",
    "Officials in São Paulo and Zürich confirmed the talks would resume in Genève next week…",
    "François Mitterrand’s former adviser, Jürgen Weiß, called the plan “naïve but necessary”.",
    "The fund, worth €2.4 billion, would be managed from Łódź, according to Małgorzata Wiśniewska.",
]


def _utf8_news_page(repeat: int = 4, filler_kb: int = 40) -> bytes:
    style = "".join(f".c{i}{{margin:{i % 7}px;color:#{i % 999:03d}}}\n" for i in range(filler_kb * 1024 // 30))
    paragraphs = "\n".join(f"<p>{s}</p>" for _ in range(repeat) for s in _STORY)
    nav = "\n".join(f'<li><a href="/world/{i}">Más noticias de Europa, número {i}</a></li>' for i in range(60))
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Kraków talks: Ødegaard’s delegation stays put</title>
<style>{style}</style>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "world"}});</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<article><h1>Kraków talks: Ødegaard’s delegation stays put</h1>
<p class="byline">By Zoë Núñez-Córdoba</p>
{paragraphs}
</article>
<aside><ul>{nav}</ul></aside>
<footer><p>© 2025 The Daily Example</p></footer>
</body></html>"""
    return html.encode("utf-8")


def _assert_clean_utf8(d):
    assert d.encoding == "utf-8"
    assert "Kraków talks: Ødegaard’s delegation stays put" in d.text
    assert "“We are not leaving until the agreement is signed,” said Ødegaard" in d.text


def test_one_invalid_byte_in_a_utf8_page_keeps_utf8():
    raw = _utf8_news_page()
    middle = raw.index(b"Officials in S")
    d = decode(raw[:middle] + b"\xff" + raw[middle:])
    _assert_clean_utf8(d)
    assert d.text.count("\ufffd") == 1


def test_stray_bytes_sprinkled_through_a_utf8_page_keep_utf8():
    raw = bytearray(_utf8_news_page(repeat=6, filler_kb=200))
    rng = random.Random(2000)
    for _ in range(2000):
        raw.insert(rng.randrange(len(raw)), rng.randrange(0x80, 0x100))
    d = decode(bytes(raw))
    assert d.encoding == "utf-8" and d.evidence == "mostly valid utf-8"
    assert d.text.count("Björn Ødegaard") >= 5  # most copies of the name are untouched by the noise


def test_one_invalid_byte_keeps_title_and_lede_readable():
    raw = _utf8_news_page()
    middle = raw.index(b"Officials in S")
    art = dateline.extract(raw[:middle] + b"\xff" + raw[middle:])
    assert art.title == "Kraków talks: Ødegaard’s delegation stays put"
    assert "Björn Ødegaard and Zoë Núñez-Córdoba" in art.body


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(codec):
    page = _utf8_news_page(filler_kb=2).decode("utf-8")
    d = decode(page.encode(codec))
    assert d.text == page and d.encoding == codec


def test_utf16_japanese_page_without_bom_is_detected():
    page = JAPANESE.replace("Shift_JIS", "UTF-16") * 3
    d = decode(page.encode("utf-16-le"))
    assert "外務大臣は水曜日に述べた。" in d.text and d.encoding == "utf-16-le"


@pytest.mark.parametrize("text, codec", [
    ("Міністр закордонних справ України заявив у середу, що «Нафтогаз» ВІДНОВИТЬ постачання. ", "cp1251"),
    ("서울 연합뉴스 외교부 장관은 수요일 한미 외교장관 회담에서 북한 문제를 논의했다. ", "euc-kr"),
    ("新华社北京电 外交部发言人周三表示，中美双方将在日内瓦举行新一轮会谈。", "gbk"),
    ("Le président a déclaré à Genève que les négociations reprendraient. «ÉTÉ» ", "cp1252"),
])
def test_legacy_pages_in_a_large_page_of_markup_stay_legacy(text, codec):
    # Little text in much ASCII markup: the legacy letters are a small share of the bytes, and some of
    # their byte pairs happen to be valid UTF-8; they still are not a damaged UTF-8 page.
    markup = "".join(f'<div class="slot-{i}"><a href="/item/{i}">item</a></div>\n' for i in range(3000))
    raw = f"<html><head><title>x</title></head><body>{markup}<p>{text * 8}</p></body></html>".encode(codec)
    d = decode(raw)
    assert d.encoding != "utf-8" and (text * 8) in d.text


def test_binary_words_with_a_utf16_like_nul_pattern_are_still_binary():
    raw = b"".join(n.to_bytes(2, "little") for n in range(3, 3000, 7))
    with pytest.raises(NotText, match="binary"):
        decode(raw)
