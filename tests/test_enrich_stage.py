"""The enrich stage: one article parsed once, then its actors, places, times and quotes, each
with offsets into the body; `dateline.analyze` runs extraction and enrichment in memory."""

from __future__ import annotations

import json

import pytest

from dateline.analyze import analyze
from dateline.config import Settings
from dateline.model import Page
from dateline.pipeline import EnrichStage, Pipeline, StageFailed

STORY = """<html lang="en"><head><title>Russian and US diplomats to meet in Istanbul</title>
<meta property="article:published_time" content="2025-02-26T18:40:00+00:00"></head>
<body><article><h1>Russian and US diplomats to meet in Istanbul</h1>
<p>DOHA: Russian and US diplomats will meet in Istanbul on Thursday to discuss the work of their
embassies, Russia's foreign minister Sergei Lavrov said on Wednesday during a visit to Qatar.</p>
<p>Lavrov met Qatar's emir, Sheikh Tamim bin Hamad Al-Thani, in Doha. The talks follow a meeting
between Lavrov and US Secretary of State Marco Rubio in Riyadh last week.</p>
<p>"We are ready to listen," Lavrov told reporters. "But the embassies must work normally first,"
he added. Turkey hosted talks between Russia and Ukraine three years ago.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def result():
    return analyze(STORY, url="https://news.example/world/diplomats-istanbul")


def _at(body: str, item) -> str:
    return body[item.start:item.end]


def test_every_item_points_into_the_body(result):
    body = result.article.body
    e = result.enrichment
    for item in [*e.entities, *e.actors, *e.places, *e.times, *e.quotes]:
        assert _at(body, item) == item.text


def test_times_are_resolved_against_the_publication_date(result):
    values = {t.text: t.value for t in result.enrichment.times}
    assert values["Thursday"] == "2025-02-27"
    assert values["three years ago"] == "2022"


def test_actors_places_and_quotes(result):
    e = result.enrichment
    lavrov = {m.actor.id for m in e.actors if m.actor and "Lavrov" in m.text}
    assert len(lavrov) == 1, "every mention of Lavrov is one actor"
    [actor] = [m.actor for m in e.actors if m.actor and m.actor.id in lavrov][:1]
    assert (actor.country, actor.sector) == ("RUS", "GOV")
    places = {m.text: m.place.country for m in e.places if m.place}
    assert places["Istanbul"] == "TUR" and places["Doha"] == "QAT" and places["Riyadh"] == "SAU"
    direct = [q for q in e.quotes if q.kind == "direct"]
    assert direct and all(q.speaker_actor in lavrov for q in direct)


def test_an_article_in_a_language_without_a_pipeline_keeps_its_times_and_says_what_was_skipped():
    page = ("<html lang='de'><head><meta property='article:published_time' content='2025-03-12T10:00:00+01:00'>"
            "</head><body><article><h1>Bahn streicht Nachtzüge</h1><p>Die Bahn streicht ab dem 1. April "
            "mehrere Nachtzüge nach Wien, teilte das Unternehmen am Mittwoch in Berlin mit. Fahrgäste können "
            "ihre Tickets bis Ende März kostenlos zurückgeben, hieß es weiter aus der Konzernzentrale.</p>"
            "</article></body></html>")
    result = analyze(page, url="https://zeitung.example/wirtschaft/nachtzuege")
    assert result.enrichment.times and not result.enrichment.actors
    assert "no spaCy pipeline for language 'de'" in result.enrichment.skipped[0]


def test_short_english_full_of_names_is_read_as_english_though_it_is_identified_as_pidgin():
    from dateline.analyze import analyze_text
    from dateline.extract.language import detect_language

    text = "Indian Prime Minister Narendra Modi met Japanese Prime Minister Shigeru Ishiba in Tokyo on Friday."
    assert detect_language(text) == "pcm"  # py3langid's answer, which the English rules must still read
    result = analyze_text(text, published="2025-03-04")
    assert {m.actor.country for m in result.enrichment.actors if m.actor} >= {"IND", "JPN"}
    assert [(e.type, e.date) for e in result.events] == [("CONSULT", "2025-02-28")]


def test_the_stage_runs_in_the_pipeline_after_extraction():
    pipeline = Pipeline.from_settings(Settings(stages="extract,enrich"))
    item = pipeline(Page(content=STORY, url="https://news.example/world/diplomats-istanbul"))
    assert item.failure is None and item.versions["enrich"] == EnrichStage.version
    assert item.outputs["enrich"].places


def test_input_that_is_no_page_raises_stage_failed():
    with pytest.raises(StageFailed):
        analyze(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


def test_the_analyze_command_prints_each_item_with_offsets_and_goes_on_after_a_bad_input(run_cli, tmp_path):
    page = tmp_path / "story.html"
    page.write_text(STORY, encoding="utf-8")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    done = run_cli("analyze", str(page), str(tmp_path / "image.html"), "--format", "jsonl")
    assert done.returncode == 1 and "image.html" in done.stderr
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["input"] == str(page)
    assert {"entities", "actors", "places", "times", "quotes"} <= set(record)
    for time_expr in record["times"]:
        assert record["body"][time_expr["start"]:time_expr["end"]] == time_expr["text"]


def test_analyze_text_takes_the_text_as_given_with_its_anchor_date(run_cli):
    text = "Russian and US diplomats will meet in Istanbul on Thursday, officials said."
    done = run_cli("analyze", "--text", "--published", "2025-02-26", "-", "--format", "jsonl", stdin=text.encode())
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["body"] == text
    [thursday] = [t for t in record["times"] if t["text"] == "Thursday"]
    assert (thursday["start"], thursday["value"]) == (text.index("Thursday"), "2025-02-27")


def test_the_dateline_is_a_place_and_a_credit_not_actors_of_the_story():
    page = STORY.replace("<p>DOHA: Russian", "<p>DOHA, Feb 26 (Reuters) - Russian")
    found = analyze(page, url="https://news.example/world/diplomats-istanbul-2")
    article, e = found.article, found.enrichment
    assert article.dateline is not None and article.dateline.agency
    head = article.body.index("Russian")
    assert [m.text for m in e.actors if m.start < head] == []
    assert any(m.text == "DOHA" and m.place and m.place.country == "QAT" for m in e.places)
    assert any(m.start >= head for m in e.actors)


def test_a_state_met_through_one_of_its_places_is_named_by_its_own_name(result):
    istanbul = [m.actor for m in result.enrichment.actors if m.text == "Istanbul" and m.actor]
    assert istanbul and all((a.id, a.name, a.kind) == ("TUR", "Turkey", "state") for a in istanbul)
