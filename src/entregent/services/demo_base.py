"""What the demo builder's parts share: the build context, weighted draws, names.

The demo inserts millions of rows for benchmarks (`entregent demo --people 100000`): a whole
chunk of people and their activity is made in memory with ids reserved up front, then
written in bulk (`services.bulk_write`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from entregent.engines import text

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


def db_datetime(value: dt.datetime) -> Any:
    """An aware datetime as the database driver wants it (UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


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
