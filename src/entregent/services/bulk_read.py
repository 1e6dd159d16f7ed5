"""Columns of a query as numpy arrays, fast on SQLite and PostgreSQL alike.

Reading millions of rows through the database driver costs a Python object per value, so
`bulk_columns` has the database hand each column over in bulk: on SQLite one `group_concat`
per column (text that numpy parses in C), on PostgreSQL one `string_agg` of each row's
values in binary (a bytea that numpy reads as fixed-width rows). `small_columns` is the
plain query, cheaper when only a few rows come back.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from django.db import connection
from numpy.typing import NDArray

from entregent.engines.scoring import BoolArray, IntArray

INT, FLOAT = np.dtype(np.int64), np.dtype(np.float64)
Columns = Sequence[tuple[str, np.dtype[Any]]]  # (SQL expression, INT or FLOAT)


def seconds(column: str) -> str:
    """SQL for whole seconds since the Unix epoch of a date or date-time column.

    Float arithmetic on PostgreSQL (`date_part`), not the numeric `extract`.
    """
    if connection.vendor == "postgresql":
        return f"floor(date_part('epoch', {column}))"
    if sqlite3.sqlite_version_info >= (3, 38):
        return f"unixepoch({column})"
    return f"CAST(strftime('%%s', {column}) AS INTEGER)"


def bulk_columns(columns: Columns, tail: str, params: Sequence[Any]) -> list[NDArray[Any]]:
    """`SELECT <columns> <tail>` as one array per column; no column may be NULL."""
    if connection.vendor == "postgresql":
        return _binary_columns(columns, tail, params)
    select = ", ".join(f"group_concat({sql})" for sql, _dtype in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} {tail}", list(params))
        row = cursor.fetchone()
    arrays = [
        np.fromstring(text or "", dtype=dtype, sep=",")
        for text, (_sql, dtype) in zip(row, columns, strict=True)
    ]
    if len({array.shape[0] for array in arrays}) > 1:  # group_concat skips NULLs
        raise ValueError(f"a NULL in the bulk columns of {tail!r}")
    return arrays


def small_columns(columns: Columns, tail: str, params: Sequence[Any]) -> list[NDArray[Any]]:
    """As `bulk_columns`, through an ordinary query: for a few hundred rows at most."""
    select = ", ".join(sql for sql, _dtype in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} {tail}", list(params))
        rows = cursor.fetchall()
    if not rows:
        return [np.empty(0, dtype=dtype) for _sql, dtype in columns]
    return [
        np.array(values, dtype=dtype)
        for values, (_sql, dtype) in zip(zip(*rows, strict=True), columns, strict=True)
    ]


def _binary_columns(columns: Columns, tail: str, params: Sequence[Any]) -> list[NDArray[Any]]:
    """PostgreSQL: each row as its values' binary forms end to end, all rows in one bytea.

    One value comes back, not a message per row (as COPY sends them), which psycopg would
    hand over one at a time.
    """
    parts = " || ".join(
        f"float8send(({sql})::float8)" if dtype == FLOAT else f"int8send(({sql})::int8)"
        for sql, dtype in columns
    )
    data, count = fetch_binary(f"SELECT string_agg({parts}, ''), COUNT(*) {tail}", params)
    layout = np.dtype(
        [
            (f"c{index}", ">f8" if dtype == FLOAT else ">i8")
            for index, (_sql, dtype) in enumerate(columns)
        ]
    )
    rows = np.frombuffer(bytes(data or b""), dtype=layout)
    if rows.shape[0] != count:  # a NULL value drops its whole row from string_agg
        raise ValueError(f"a NULL in the bulk columns of {tail!r}")
    return [rows[f"c{index}"].astype(dtype) for index, (_sql, dtype) in enumerate(columns)]


def fetch_binary(sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
    """PostgreSQL: one row of a query, its values sent in binary.

    A bytea then travels as its bytes, not as hexadecimal text twice its size to decode.
    Django's cursors bind parameters on the client, which rules binary results out: this
    one binds them on the server, on the same connection and in the same transaction.
    """
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, list(params), binary=True)
        row = cursor.fetchone()
    if row is None:
        raise ValueError("the query returned no row")
    return tuple(row)


Statement = tuple[str, Sequence[Any]]
PREPARE_AFTER = 5  # psycopg's default, while prepared statements are on


@contextlib.contextmanager
def _preparing() -> Iterator[Any]:
    """PostgreSQL: the Django connection's psycopg connection, with prepared statements on.

    Django turns them off (`prepare_threshold = None`), and then psycopg ignores even an
    explicit `prepare=True`. A statement prepared once per connection is planned once: for
    the few-row statements run after every change, planning costs more than running them.
    """
    connection.ensure_connection()
    raw = connection.connection
    threshold = raw.prepare_threshold
    raw.prepare_threshold = PREPARE_AFTER
    try:
        yield raw
    finally:
        raw.prepare_threshold = threshold


def fetch_prepared(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """PostgreSQL: the rows of a query run as a prepared statement (see `_preparing`)."""
    import psycopg

    with _preparing() as raw, psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, list(params), prepare=True)
        return [tuple(row) for row in cursor.fetchall()]


def run_prepared(statements: Sequence[Statement]) -> None:
    """PostgreSQL: statements run in order as prepared statements, sent together and
    answered together (psycopg's pipeline mode): one round trip, no planning."""
    import psycopg

    with _preparing() as raw, raw.pipeline(), psycopg.Cursor(raw) as cursor:
        for sql, params in statements:
            cursor.execute(sql, list(params), prepare=True)


def copy_in(cursor: Any, table: str, columns: Sequence[NDArray[Any]]) -> None:
    """COPY int64 and float64 columns into a PostgreSQL table, in its binary format."""
    layout: list[tuple[str, str]] = [("fields", ">i2")]
    for index, column in enumerate(columns):
        code = ">f8" if column.dtype == FLOAT else ">i8"
        layout += [(f"size{index}", ">i4"), (f"value{index}", code)]
    body = np.empty(columns[0].shape[0], dtype=np.dtype(layout))
    body["fields"] = len(columns)
    for index, column in enumerate(columns):
        body[f"size{index}"] = 8
        body[f"value{index}"] = column
    header = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
    with cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(header + body.tobytes() + b"\xff\xff")


def refresh_statistics(*tables: str) -> None:
    """PostgreSQL: ANALYZE tables just loaded in bulk.

    Until autovacuum gets to them, the planner believes they are as empty as before the
    load, and reads one person's interactions by scanning every interaction.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def index_of(ids: IntArray, values: IntArray) -> tuple[IntArray, BoolArray]:
    """Where each value sits in `ids` (sorted, unique), and whether it is there at all.

    A table from id to position when the ids are dense enough (a gather: twenty times
    faster than a binary search per value, whose reads jump around memory); else a search.
    """
    if not ids.shape[0] or not values.shape[0]:
        return np.zeros(values.shape[0], dtype=np.int64), np.zeros(values.shape[0], dtype=bool)
    low, span = int(ids[0]), int(ids[-1] - ids[0]) + 1
    if span <= 4 * ids.shape[0] + 1_000_000:
        table = np.full(span, -1, dtype=np.int64)
        table[ids - low] = np.arange(ids.shape[0])
        offset = values - low
        inside = (offset >= 0) & (offset < span)
        index = np.full(values.shape[0], -1, dtype=np.int64)
        index[inside] = table[offset[inside]]
        found = index >= 0
        return np.where(found, index, 0), found
    index = np.searchsorted(ids, values)
    found = index < ids.shape[0]
    found[found] = ids[index[found]] == values[found]
    return np.where(found, index, 0), found
