"""Small SQL helpers that work alike on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Select, Table, any_, func, select, text
from sqlalchemy.sql.elements import ColumnElement

CHUNK = 500  # parameters per IN (...) query


def chunks(seq: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


def among(dialect: str, column: Any, ids: Select[Any]) -> ColumnElement[bool]:
    """`column IN (ids)`; on PostgreSQL `column = ANY(ARRAY(ids))`, which it computes first and then
    looks each id up. Given the IN, with "latest first" asked of the result, its planner walks the
    publication-time index from its end and probes every article, however far back the set's
    latest lies (the whole store for an actor nobody named lately)."""
    if dialect == "postgresql":
        return column == any_(func.array(ids.scalar_subquery()))
    return column.in_(ids)


def insert_ignore(dialect: str, table: Table, keys: list[str]) -> Any:
    """INSERT ... ON CONFLICT (keys) DO NOTHING on either backend."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=keys)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing(index_elements=keys)


def insert_returning_ids(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and give their new ids in order (inside the write transaction)."""
    if conn.dialect.name == "sqlite":
        # SQLite cannot batch INSERT ... RETURNING in parameter order (SQLAlchemy falls back to
        # one statement per row); under BEGIN IMMEDIATE nobody else writes, so ids are ours to give.
        start = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
        ids = list(range(start, start + len(rows)))
    else:
        # PostgreSQL: take the ids from the table's sequence first, then a plain batched insert
        # (cheaper than INSERT ... RETURNING kept in parameter order).
        ids = list(
            conn.execute(
                text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
                {"table": table.name, "n": len(rows)},
            ).scalars()
        )
    conn.execute(table.insert(), [dict(row, id=i) for row, i in zip(rows, ids, strict=True)])
    return ids
