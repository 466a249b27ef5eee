"""The batch path of the stage contract: a stage with `prepare_many` prepares many items at once
(as the enrich stage runs nlp.pipe), with the same results as one by one, in input order, the
failure of one item touching no other, and the per-document time limit kept when the batch part
fails or overruns."""

from __future__ import annotations

import time
from typing import ClassVar

import pytest

import dateline.pipeline as pipeline_module
from dateline.config import Settings
from dateline.model import Page, Processed
from dateline.pipeline import Pipeline, StageFailed, process_many, register_stage


@register_stage("letters")
class Letters:
    """Counts the letters of the body, the counting prepared for many items at once."""

    name: ClassVar[str] = "letters"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("extract",)
    assigns: ClassVar[tuple[str, ...]] = ("outputs.letters",)
    batches: ClassVar[list[int]] = []  # the size of each batch prepared, in this process

    def load(self, settings: Settings) -> None:
        pass

    def prepare_many(self, items):
        Letters.batches.append(len(items))
        bodies = [item.article.body if item.article else "" for item in items]
        if any("poison the batch" in body for body in bodies):
            raise ValueError("a batch that cannot be prepared")
        if any("stall the batch" in body for body in bodies):
            deadline = time.monotonic() + 60  # a pathological document: the batch's budget must stop this
            while time.monotonic() < deadline:
                pass
        return [("batched", sum(c.isalpha() for c in body)) for body in bodies]

    def run(self, item: Processed, prepared: object | None = None) -> None:
        body = item.article.body if item.article else ""
        if "refuse me" in body:
            raise StageFailed("refused", "the body asks to be refused")
        if "spin me" in body:
            while True:
                pass
        how, count = prepared if prepared is not None else ("alone", sum(c.isalpha() for c in body))
        item.outputs["letters"] = count
        item.outputs["letters_how"] = how


def row(text: str) -> Page:
    return Page(content="", url=f"https://news.example/{abs(hash(text)) % 10**8}", given={"text": text, "title": "T"})


LIMIT = 2.0  # seconds: far more than a short story takes, on a busy machine too
TEXTS = [f"Story number {i}: the council met on Tuesday and voted {i} times on the harbour plan." for i in range(7)]


def letters_of(items: list[Processed]) -> list[object]:
    return [item.outputs.get("letters") if item.failure is None else item.failure.code for item in items]


@pytest.fixture
def pipeline() -> Pipeline:
    # extraction's first call loads what it loads lazily (seconds on a busy machine): not under the limit
    Pipeline.from_settings(Settings(stages="extract", time_limit=0))(row(TEXTS[0]))
    pipeline = Pipeline.from_settings(Settings(stages="extract,letters", time_limit=LIMIT))
    Letters.batches.clear()
    return pipeline


def test_a_batch_gives_what_each_item_gives_alone_in_input_order(pipeline: Pipeline) -> None:
    alone = [pipeline(row(text)) for text in TEXTS]
    assert Letters.batches == []  # one item at a time: no batch part
    together = pipeline.run_batch([row(text) for text in TEXTS])
    assert Letters.batches == [len(TEXTS)]
    assert letters_of(together) == letters_of(alone) and all(isinstance(n, int) for n in letters_of(together))
    assert [item.article.body for item in together] == TEXTS
    assert {item.outputs["letters_how"] for item in together} == {"batched"}
    assert [item.versions for item in together] == [item.versions for item in alone]


def test_one_failing_item_touches_no_other(pipeline: Pipeline) -> None:
    texts = [*TEXTS[:3], "Please refuse me, this story is no good at all for counting.", *TEXTS[3:]]
    done = pipeline.run_batch([row(text) for text in texts])
    assert letters_of(done) == [*letters_of(pipeline.run_batch([row(t) for t in TEXTS[:3]])), "refused",
                                *letters_of(pipeline.run_batch([row(t) for t in TEXTS[3:]]))]
    assert done[3].failure is not None and done[3].failure.stage == "letters"
    assert done[3].article is not None  # what extraction gave is kept
    assert "letters" in done[3].versions


def test_an_item_that_fails_extraction_is_left_out_of_the_later_stages(pipeline: Pipeline) -> None:
    binary = Page(content=bytes(range(256)) * 40, source="photo.jpg")
    done = pipeline.run_batch([row(TEXTS[0]), binary, row(TEXTS[1])])
    assert done[1].failure is not None and done[1].failure.stage == "extract"
    assert "letters" not in done[1].versions
    assert Letters.batches == [2]  # only the two that reached the stage were prepared
    assert letters_of([done[0], done[2]]) == letters_of([pipeline(row(TEXTS[0])), pipeline(row(TEXTS[1]))])


def test_an_item_that_runs_out_of_time_fails_alone(pipeline: Pipeline) -> None:
    started = time.monotonic()
    done = pipeline.run_batch([row(TEXTS[0]), row("Now spin me round and round until the limit stops it."),
                               row(TEXTS[1])])
    assert time.monotonic() - started < 3 * LIMIT + 5
    assert letters_of(done)[1] == "time_limit"
    assert done[1].failure.message == "gave up after the time limit of 2 s"
    assert all(isinstance(n, int) for n in (letters_of(done)[0], letters_of(done)[2]))


@pytest.mark.parametrize("bad", ["Here we poison the batch with one odd document.",
                                 "Here we stall the batch with one pathological document."])
def test_a_batch_part_that_fails_or_overruns_leaves_each_item_to_run_alone(pipeline: Pipeline, bad: str) -> None:
    texts = [TEXTS[0], bad, TEXTS[1]]
    started = time.monotonic()
    done = pipeline.run_batch([row(text) for text in texts])
    # the stalled batch is given up after its budget (the limit times its items), not after 60 s
    assert time.monotonic() - started < 2 * LIMIT * len(texts) + 5
    assert letters_of(done) == letters_of([pipeline(row(text)) for text in texts])
    assert {item.outputs["letters_how"] for item in done} == {"alone"}


def test_only_the_named_stages_run_in_a_batch(pipeline: Pipeline) -> None:
    first = pipeline.run_batch([row(text) for text in TEXTS[:3]])
    again = [Processed(item.page, item.article, page_id=i) for i, item in enumerate(first)]
    done = pipeline.run_batch(again, only=["letters"])
    assert [set(item.versions) for item in done] == [{"letters"}] * 3
    assert letters_of(done) == letters_of(first)


def test_process_many_runs_batches_in_input_order_with_gaps(monkeypatch: pytest.MonkeyPatch) -> None:
    Letters.batches.clear()
    monkeypatch.setattr(pipeline_module, "BATCH_ITEMS", 3)
    texts = TEXTS * 2
    work = [(i, None if i % 5 == 2 else row(text)) for i, text in enumerate(texts)]
    settings = Settings(stages="extract,letters")
    done = list(process_many(iter(work), settings))
    assert [tag for tag, _ in done] == list(range(len(texts)))
    assert [item is None for _, item in done] == [page is None for _, page in work]
    alone = Pipeline.from_settings(settings)
    expected = [None if page is None else alone(page).outputs["letters"] for _, page in work]
    assert [None if item is None else item.outputs["letters"] for _, item in done] == expected
    assert Letters.batches and max(Letters.batches) <= 3 and sum(Letters.batches) > 3


def test_process_many_in_worker_processes_gives_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline_module, "BATCH_ITEMS", 4)  # workers are forked: they see it too
    texts = [*TEXTS, "Please refuse me, this story is no good at all for counting.", *TEXTS]
    settings = Settings(stages="extract,letters")
    single = list(process_many(((i, row(t)) for i, t in enumerate(texts)), settings, jobs=1))
    pooled = list(process_many(((i, row(t)) for i, t in enumerate(texts)), settings, jobs=2))
    assert [tag for tag, _ in pooled] == list(range(len(texts)))
    assert [letters_of([item]) for _, item in pooled] == [letters_of([item]) for _, item in single]


def test_a_pipeline_without_a_batching_stage_runs_one_item_at_a_time() -> None:
    assert pipeline_module._batch_items(["extract"]) == 1
    assert pipeline_module._batch_items(["extract", "letters"]) == pipeline_module.BATCH_ITEMS
