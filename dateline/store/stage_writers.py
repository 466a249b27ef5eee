"""Where a later stage's output goes: a writer per stage, called in the transaction that stores
the article, once its id is known, and the `stage_runs` record of what derived it.

A stage that keeps rows of its own (entities, events...) registers a `StageWriter` for its
tables; a stage without one is still recorded in `stage_runs`, so that "which articles are out
of date for this stage" can be asked of every stage.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, and_, delete, select

from .schema import articles, stage_runs
from .sql import chunks


@dataclass
class StageOutput:
    """What one stage assigned for one stored article, and what it was computed from."""

    article_id: int
    stage: str
    version: str
    body_hash: str  # of the body the stage read
    output: Any


class StageWriter(Protocol):
    def write(self, conn: Connection, outputs: Sequence[StageOutput]) -> None:
        """Insert the rows for these outputs (the article's old rows are already deleted)."""

    def delete(self, conn: Connection, article_ids: Sequence[int]) -> None:
        """Delete this stage's rows of these articles."""


_WRITERS: dict[str, StageWriter] = {}


def register_stage_writer(stage: str, writer: StageWriter) -> None:
    """Make `writer` the one that stores `stage`'s output (a later registration replaces it)."""
    _WRITERS[stage] = writer


def registered_writers() -> bytes:
    """The registered writers, pickled for a writer process (raises what pickle raises)."""
    return pickle.dumps(_WRITERS)


def restore_writers(data: bytes) -> None:
    """Register, in a writer process, the writers its parent had."""
    _WRITERS.update(pickle.loads(data))


def stage_writer(stage: str) -> StageWriter | None:
    return _WRITERS.get(stage)


def write_outputs(conn: Connection, outputs: Sequence[StageOutput], now: datetime) -> None:
    """Replace each article's rows and run record for the stages in `outputs`."""
    by_stage: dict[str, dict[int, StageOutput]] = defaultdict(dict)
    for out in outputs:
        by_stage[out.stage][out.article_id] = out  # the last output for an article wins
    for stage, latest in by_stage.items():
        ids = sorted(latest)
        _forget(conn, stage, ids)
        writer = _WRITERS.get(stage)
        if writer is not None:
            writer.write(conn, list(latest.values()))
        conn.execute(
            stage_runs.insert(),
            [{"article_id": o.article_id, "stage": stage, "version": o.version, "body_hash": o.body_hash,
              "derived_at": now} for o in latest.values()],
        )


def drop_stale(conn: Connection, article_ids: Sequence[int]) -> None:
    """After these articles were updated: drop the runs (and rows) of stages that read another body,
    so that no row points at offsets of a body that is gone."""
    stale: dict[str, list[int]] = defaultdict(list)
    for chunk in chunks(sorted(set(article_ids))):
        rows = conn.execute(
            select(stage_runs.c.stage, stage_runs.c.article_id)
            .join(articles, articles.c.id == stage_runs.c.article_id)
            .where(stage_runs.c.article_id.in_(chunk), stage_runs.c.body_hash != articles.c.body_hash)
        )
        for stage, article_id in rows:
            stale[stage].append(article_id)
    for stage, ids in stale.items():
        _forget(conn, stage, ids)


def _forget(conn: Connection, stage: str, ids: Sequence[int]) -> None:
    writer = _WRITERS.get(stage)
    for chunk in chunks(list(ids)):
        if writer is not None:
            writer.delete(conn, chunk)
        conn.execute(delete(stage_runs).where(and_(stage_runs.c.stage == stage, stage_runs.c.article_id.in_(chunk))))
