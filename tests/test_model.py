from dateline.model import Article, Dateline, Image, Page, Paragraph


def test_article_json_round_trip_keeps_nested_types():
    art = Article(
        input="wire.html", is_article=True, url="https://example.com/a", title="Talks resume in Geneva",
        authors=["Lena Fischer"], agency="Reuters", published="2025-03-04T09:15:00+01:00",
        dateline=Dateline(place="Geneva", agency="Reuters", text="GENEVA (Reuters) -"),
        paragraphs=[Paragraph("GENEVA (Reuters) - Talks resumed."), Paragraph("Background", "heading")],
        images=[Image("https://example.com/p.jpg", "Delegates arrive", "Photo: AP")],
        evidence={"title": "json-ld"},
    )
    back = Article.from_json(art.to_json())
    assert back == art
    assert isinstance(back.dateline, Dateline) and back.dateline.place == "Geneva"
    assert back.paragraphs[1].kind == "heading"
    assert isinstance(back.images[0], Image)


def test_page_hashes_content_and_round_trips_bytes():
    page = Page(content=b"<html>\xff\xfe caf\xc3\xa9</html>", url="https://example.com/", headers={"Content-Type": "text/html"})
    assert len(page.content_hash) == 64
    assert page.content_type == "text/html"
    back = Page.from_json(page.to_json())
    assert back.content == page.content and back.content_hash == page.content_hash


def test_from_dict_ignores_unknown_keys():
    art = Article.from_dict({"title": "x", "some_future_field": 1})
    assert art.title == "x"
