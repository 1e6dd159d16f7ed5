"""What the demo builder's parts share: the build context and fast inserts.

The demo inserts millions of rows for benchmarks (`entregent demo --people 100000`), so the
high-volume tables are written with `executemany` through Django's connection (the same SQL
on SQLite and PostgreSQL) instead of `bulk_create`, which spends most of its time building
model instances. Primary keys that other rows point to are reserved up front (`IdBlock`), so
that a whole chunk of people and their activity is generated in memory, then inserted.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model

from entregent.engines import text

BATCH = 5000
ROWS_PER_INSERT = 500  # SQLite: rows per INSERT statement (within its limit on parameters)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class Weighted:
    """A population with weights, drawn from often: the cumulative weights are kept."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


def slug(value: str) -> str:
    """ASCII, lower case, dashes: for e-mail addresses, domains and profile links."""
    return _NOT_SLUG.sub("-", text.fold(value)).strip("-")


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
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = [cast("Field[Any, Any]", meta.get_field(name)).column for name in fields]
    columns = ", ".join(quote(name) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        # The driver's own cursor: Django would rewrite thousands of placeholders each time.
        raw = connection.connection
        limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        step = max(1, min(ROWS_PER_INSERT, limit // max(1, len(fields))))
        row = f"({', '.join(['?'] * len(fields))})"
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            values = ", ".join([row] * len(chunk))
            params = list(itertools.chain.from_iterable(chunk))
            raw.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)
    return len(rows)


def db_datetime(value: dt.datetime) -> Any:
    """An aware datetime as the database driver wants it (UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


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


@dataclass
class Org:
    id: int
    name: str
    kind: str
    sector_id: int | None
    domain: str


@dataclass
class Ev:
    id: int
    starts_on: dt.date
    status: str


@dataclass
class Counts:
    people: int = 0
    organizations: int = 0
    interactions: int = 0
    participations: int = 0
    ties: int = 0
    favors: int = 0
    events: int = 0
    goals: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + count


@dataclass
class Context:
    """Everything the generators share during one build."""

    owner: Any
    rng: random.Random
    today: dt.date
    zone: dt.tzinfo
    now: Any  # created_at/updated_at, adapted for the driver
    circles: dict[str, int]
    sectors: dict[str, int]
    companies: list[Org] = field(default_factory=list)
    home: Org | None = None
    by_name: dict[str, Org] = field(default_factory=dict)
    by_kind: dict[str, list[Org]] = field(default_factory=dict)
    tags: dict[str, list[int]] = field(default_factory=dict)
    tag_rank: dict[int, int] = field(default_factory=dict)
    tag_names: dict[int, str] = field(default_factory=dict)
    past_events: list[Ev] = field(default_factory=list)
    event_days: list[dt.date] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    top_ids: list[int] = field(default_factory=list)
    sample: list[int] = field(default_factory=list)
    emails_seen: set[str] = field(default_factory=set)
    counts: Counts = field(default_factory=Counts)
    stamps: dict[tuple[dt.date, int, int], tuple[dt.datetime, Any]] = field(default_factory=dict)

    def at(self, day: dt.date, hour: int, minute: int) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)

    def stamp(self, day: dt.date, hour: int, minute: int) -> tuple[dt.datetime, Any]:
        """A local time of the owner's, aware, and as the database driver wants it.

        Cached: interactions fall on quarter hours, so a few thousand distinct times serve
        millions of rows, and converting each to UTC text was a good part of the build.
        """
        key = (day, hour, minute)
        found = self.stamps.get(key)
        if found is None:
            when = self.at(day, hour, minute)
            found = self.stamps[key] = (when, db_datetime(when))
        return found

    def pick_company(self) -> Org:
        """A company other than the owner's, the first ones far more often: employers form
        clusters, as they do in a real address book."""
        others = len(self.companies) - 1
        return self.companies[1 + int(others * self.rng.random() ** 1.8)]

    def recent_person(self, among: int) -> int:
        """One of the last `among` people made (nearby ids share a chunk, like a cluster)."""
        count = len(self.person_ids)
        return self.person_ids[self.rng.randrange(max(0, count - among), count)]

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))


def ordered_unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
