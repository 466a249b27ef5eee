"""Stages and a stage writer that tests plug into the pipeline and the store, as later stages
(enrichment, events) will: registered by name, loaded once per process, pure `run`."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from sqlalchemy import Connection

from dateline.config import Settings
from dateline.model import Processed
from dateline.pipeline import StageFailed, register_stage
from dateline.store.stage_writers import StageOutput


@register_stage("wordcount")
class WordCount:
    """Counts the body's words per paragraph kind: a later stage that reads the article."""

    name: ClassVar[str] = "wordcount"
    version: ClassVar[str] = os.environ.get("WORDCOUNT_VERSION", "1")
    requires: ClassVar[tuple[str, ...]] = ("extract",)
    assigns: ClassVar[tuple[str, ...]] = ("outputs.wordcount",)

    def load(self, settings: Settings) -> None:
        log = os.environ.get("WORDCOUNT_LOADS_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")

    def run(self, item: Processed) -> None:
        article = item.article
        if article is None or not article.is_article:
            return
        if "refuse me" in article.body:
            raise StageFailed("refused", "the body asks to be refused")
        counts: dict[str, int] = {}
        for paragraph in article.paragraphs:
            counts[paragraph.kind] = counts.get(paragraph.kind, 0) + len(paragraph.text.split())
        item.outputs["wordcount"] = counts


@register_stage("shout")
class Shout:
    """Depends on wordcount: the title in capitals when the story is long."""

    name: ClassVar[str] = "shout"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("wordcount",)
    assigns: ClassVar[tuple[str, ...]] = ("outputs.shout",)

    def load(self, settings: Settings) -> None:
        pass

    def run(self, item: Processed) -> None:
        counts = item.outputs.get("wordcount") or {}
        if item.article is not None and sum(counts.values()) > 50:
            item.outputs["shout"] = (item.article.title or "").upper()


@register_stage("spin")
class Spin:
    """A stage stuck in a pure-Python loop (a pathological page): the time limit must stop it."""

    name: ClassVar[str] = "spin"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def load(self, settings: Settings) -> None:
        pass

    def run(self, item: Processed) -> None:
        deadline = time.monotonic() + 30
        n = 0
        while time.monotonic() < deadline:
            n += 1


@register_stage("crash")
class Crash:
    name: ClassVar[str] = "crash"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def load(self, settings: Settings) -> None:
        pass

    def run(self, item: Processed) -> None:
        raise KeyError("paragraphs")


class RecordingWriter:
    """A stage writer that remembers what it was asked to do, and checks it runs inside the
    store's write transaction with article ids known."""

    def __init__(self) -> None:
        self.written: list[StageOutput] = []
        self.deleted: list[int] = []

    def write(self, conn: Connection, outputs: Sequence[StageOutput]) -> None:
        assert conn.in_transaction()
        assert all(isinstance(o.article_id, int) and o.article_id > 0 for o in outputs)
        self.written.extend(outputs)

    def delete(self, conn: Connection, article_ids: Sequence[int]) -> None:
        assert conn.in_transaction()
        self.deleted.extend(article_ids)


def read_pids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []
