"""Rows written in bulk: demo networks, imports, restores and the score histories.

`executemany` runs one statement per row, and `bulk_create` spends most of its time
building model instances; thousands of rows go in faster as multi-row INSERTs on SQLite
and COPY on PostgreSQL (`insert_rows`). Primary keys that other rows point to are reserved
up front (`IdBlock`), so that rows pointing at each other are made in memory, then inserted.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model

ROWS_PER_INSERT = 500  # SQLite: rows per INSERT statement (within its limit on parameters)


def owned_columns(names: str) -> tuple[str, ...]:
    """Field names for rows of an owned table: the owner and time stamps, then `names`."""
    return ("owner", "created_at", "updated_at", *names.split())


def insert_rows(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """INSERT rows (values in `fields` order, already adapted) in batches; the row count.

    SQLite takes multi-row INSERTs: `executemany` runs one statement per row, and each
    statement on a table with AUTOINCREMENT reads and writes its counter again (a table of
    person-circle pairs goes in four times faster). PostgreSQL takes COPY, its bulk-load
    statement: one INSERT per row costs a round trip each, and multi-row INSERTs spend as
    long parsing.
    """
    meta = model._meta
    names = [cast("Field[Any, Any]", meta.get_field(name)).column for name in fields]
    return insert_values(meta.db_table, names, rows)


def insert_values(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """As `insert_rows`, into any table (a temporary one, say), by column names."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        # The driver's own cursor: Django would rewrite thousands of placeholders each time.
        raw = connection.connection
        limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        step = max(1, min(ROWS_PER_INSERT, limit // max(1, len(columns))))
        row = f"({', '.join(['?'] * len(columns))})"
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            values = ", ".join([row] * len(chunk))
            params = list(itertools.chain.from_iterable(chunk))
            raw.execute(f"INSERT INTO {quote(table)} ({names}) VALUES {values}", params)
    return len(rows)


class IdBlock:
    """Hands out primary keys for rows inserted with explicit ids.

    PostgreSQL: values drawn from the table's own sequence, so that later ordinary inserts
    never collide. SQLite: counting on from the highest id ever used; the build runs in one
    IMMEDIATE transaction, which holds the write lock, so nobody else can take these ids.
    """

    def __init__(self, model: type[Model]) -> None:
        self.table = model._meta.db_table
        self.pk_column = model._meta.pk.column
        self._next: int | None = None

    def take(self, count: int) -> list[int]:
        if count <= 0:
            return []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table, self.pk_column, count],
                )
                return [row[0] for row in cursor.fetchall()]
        if self._next is None:
            self._next = self._highest_used() + 1
        first = self._next
        self._next += count
        return list(range(first, first + count))

    def _highest_used(self) -> int:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COALESCE(MAX({quote(self.pk_column)}), 0) FROM {quote(self.table)}"
            )
            highest = int(cursor.fetchone()[0])
            if connection.vendor == "sqlite":
                # AUTOINCREMENT never reuses an id, even one whose row was deleted.
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                row = cursor.fetchone()
                highest = max(highest, int(row[0]) if row else 0)
        return highest
