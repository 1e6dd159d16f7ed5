"""The people of the week's plan: their rows read as plain numbers and text, turned into
the engine's arrays a column at a time.

When the scores cache is filled (`Person.scored_at` set for someone of the network, kept by
`services.scores`), only the people some rule may concern are read (`plan_candidates`).
Until then, the last interaction of everyone comes from one aggregate over their
participations and every person is read (`people_from_history`): exact, but slower on a
large network.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, connections
from django.db.models import (
    Case,
    CharField,
    Count,
    Max,
    Min,
    QuerySet,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from entregent.engines import agenda
from entregent.engines.scoring import COLD_FACTOR, COLD_MIN_EVENTS, MIN_GAP_DAYS
from entregent.models import Circle, Participation, Person

PERSON_COLUMNS = (
    "id",
    "rank",
    "rating",
    "depth_level",
    "depth",
    "own_cadence",
    "last_text",
    "met_text",
    "created_text",
    "cold_text",
    "born_month",
    "born_day",
)


def person_rows(rows: QuerySet[Person]) -> QuerySet[Person, tuple[Any, ...]]:
    """PERSON_COLUMNS of these people, unordered, as plain numbers and text: no value needs
    converting one by one (that conversion cost a third of the plan on a large network).
    Missing numbers are 0; days and instants come as text, read by `local_days`; the day a person
    was added only when neither a contact nor a first meeting says more."""
    return (
        rows.order_by()
        .annotate(
            rank=Coalesce("priority", 0),
            rating=Coalesce("closeness", 0),
            own_cadence=Coalesce("cadence_days", 0),
            last_text=Cast("last_interaction_at", output_field=CharField()),
            met_text=Cast("first_met_on", output_field=CharField()),
            created_text=Case(
                When(
                    last_interaction_at__isnull=True,
                    first_met_on__isnull=True,
                    then=Cast("created_at", output_field=CharField()),
                ),
                default=None,
                output_field=CharField(),
            ),
            cold_text=Cast("cold_from", output_field=CharField()),
            born_month=Coalesce("birthday_month", 0),
            born_day=Coalesce("birthday_day", 0),
        )
        .values_list(*PERSON_COLUMNS)
    )


def id_list(ids: Sequence[int]) -> RawSQL:
    """A subquery of these ids, for `pk__in`: one parameter, whatever their number (Django
    prepares each value of a plain list one by one, a few microseconds each)."""
    values = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (values,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(values),))


def fetch(rows: QuerySet[Any, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of a values_list query straight from the database cursor: the same SQL, but
    without the ORM's conversion of each value (a tenth of the plan on a large network)."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


@dataclass(frozen=True)
class Window:
    """The day the plan is for, in the owner's time zone, and how to turn days into instants."""

    today: dt.date
    zone: dt.tzinfo

    def start(self, day: dt.date) -> dt.datetime:
        """The first instant of `day` in the owner's zone."""
        return dt.datetime.combine(day, dt.time.min, tzinfo=self.zone)

    def day(self, value: dt.datetime) -> dt.date:
        return timezone.localtime(value, self.zone).date()

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)


def cached(owner: Any) -> bool:
    """Whether the scores cache (last interaction, depth, going cold) has been filled."""
    return Person.objects.owned_by(owner).filter(scored_at__isnull=False).exists()


def circle_cadences(owner: Any) -> dict[int, int]:
    """Per person, the shortest cadence of the circles they sit in (only circles that set one)."""
    circles = dict(
        Circle.objects.owned_by(owner)
        .filter(cadence_days__isnull=False, cadence_days__gt=0)
        .values_list("id", "cadence_days")
    )
    if not circles:
        return {}
    through = Person.circles.through.objects.filter(circle_id__in=list(circles))
    found: dict[int, int] = {}
    for person_id, circle_id in through.values_list("person_id", "circle_id"):
        days = circles[circle_id]
        found[person_id] = min(days, found.get(person_id, days))
    return found


EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
MINUTES_PER_DAY = 24 * 60


@functools.lru_cache(maxsize=32)
def _transitions(zone: dt.tzinfo, year: int) -> tuple[Any, Any]:
    """When each UTC offset of a zone starts (minutes since the epoch) and that offset (in
    minutes), from six years back to next year: found day by day, then to the minute."""
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

    def offset(minute: int) -> int:
        moment = (epoch + dt.timedelta(minutes=minute)).astimezone(zone)
        return int((moment.utcoffset() or dt.timedelta()).total_seconds() // 60)

    first = int((dt.datetime(year - 6, 1, 1, tzinfo=dt.UTC) - epoch).total_seconds() // 60)
    last = int((dt.datetime(year + 2, 1, 1, tzinfo=dt.UTC) - epoch).total_seconds() // 60)
    starts, offsets = [first], [offset(first)]
    for minute in range(first, last, MINUTES_PER_DAY):
        if offset(minute + MINUTES_PER_DAY) == offsets[-1]:
            continue
        low, high = minute, minute + MINUTES_PER_DAY
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if offset(middle) == offsets[-1] else (low, middle)
        starts.append(high)
        offsets.append(offset(high))
    return np.asarray(starts, dtype=np.int64), np.asarray(offsets, dtype=np.int64)


def _utc_text(value: str | dt.date | None) -> str:
    """A day or instant as ISO text, instants in UTC; "" for none."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value.isoformat()


def _read_iso(values: Sequence[str | dt.date | None], width: int) -> tuple[Any, Any, Any]:
    """Days since the epoch, minutes into the day, and whether there is one, of ISO texts
    ("2026-11-27 09:30..." or "2026-11-27", None for none), read digit by digit as arrays:
    numpy's own reading of dates costs ten times more."""
    texts = np.array(
        [value if type(value) is str else _utc_text(value) for value in values],
        dtype=f"S{width}",
    )
    if not len(texts):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty.astype(np.bool_)
    digits = texts.view(np.uint8).reshape(len(texts), width).astype(np.int64) - ord("0")

    def number(first: int, last: int) -> Any:
        found = np.zeros(len(texts), dtype=np.int64)
        for column in range(first, last):
            found = found * 10 + digits[:, column]
        return found

    valid = digits[:, 4] == ord("-") - ord("0")
    year, month, day = number(0, 4), number(5, 7), number(8, 10)
    # Days from the civil calendar (H. Hinnant's algorithm), with March as the first month.
    year = np.where(month <= 2, year - 1, year)
    era = np.floor_divide(year, 400)
    of_era = year - era * 400
    of_year = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    of_cycle = of_era * 365 + of_era // 4 - of_era // 100 + of_year
    days = np.where(valid, era * 146097 + of_cycle - 719468, 0)
    minutes = number(11, 13) * 60 + number(14, 16) if width > 10 else np.zeros_like(days)
    return days, np.where(valid, minutes, 0), valid


def local_days(values: Sequence[str | dt.datetime | None], window: Window) -> Any:
    """The owner's local day (an ordinal; 0 for none) of each instant, read as UTC text, all
    at once: the text is read as arrays, and the zone's offsets apply by table lookup
    (instants more than six years old take the oldest offset of the table)."""
    days, minutes_in_day, valid = _read_iso(values, 16)
    minutes = days * MINUTES_PER_DAY + minutes_in_day
    starts, offsets = _transitions(window.zone, window.today.year)
    index = np.clip(np.searchsorted(starts, minutes, side="right") - 1, 0, len(starts) - 1)
    local = np.floor_divide(minutes + offsets[index], MINUTES_PER_DAY) + EPOCH_ORDINAL
    return np.where(valid, local, 0)


def _dates(values: Sequence[str | dt.date | None]) -> Any:
    """Ordinals of days read as text ("2026-11-27"); 0 for none."""
    days, _minutes, valid = _read_iso(values, 10)
    return np.where(valid, days + EPOCH_ORDINAL, 0)


def as_people(
    rows: Sequence[Sequence[Any]],
    window: Window,
    circle_cadence: dict[int, int],
    last: dict[int, dt.datetime] | None = None,
    going_cold: dict[int, bool] | None = None,
) -> agenda.People:
    """The engine's arrays from person rows (PERSON_COLUMNS), a column at a time; `last` and
    `going_cold` replace the cached columns when the cache is not filled."""
    unique = {row[0]: row for row in rows}
    ids = sorted(unique)
    columns = list(zip(*(unique[pid] for pid in ids), strict=True)) if ids else [()] * 12
    (_, priority, closeness, level, depth, cadence, last_text, met, created, cold, month, day) = (
        columns
    )
    last_days = local_days(
        [last.get(pid) for pid in ids] if last is not None else last_text, window
    )
    met_days = _dates(met)
    # The day a person was added counts only for the few with neither contact nor meeting.
    since = np.where(met_days > 0, met_days, window.today.toordinal())
    added = [index for index, value in enumerate(created) if value is not None]
    if added:
        days = local_days([created[index] for index in added], window)
        since[added] = np.where(met_days[added] > 0, met_days[added], days)
    if going_cold is not None:
        cold_now = np.asarray([going_cold.get(pid, False) for pid in ids], dtype=np.bool_)
    else:  # going cold before today began, as the history's rule at the start of today
        cold_days = local_days(cold, window)
        cold_now = (cold_days > 0) & (cold_days < window.today.toordinal())
    return agenda.People.build(
        np.asarray(ids, dtype=np.int64),
        priority=np.asarray(priority, dtype=np.int64),
        closeness=np.asarray(closeness, dtype=np.int64),
        level=np.asarray(level, dtype=np.int64),
        depth=np.asarray(depth, dtype=np.float64),
        cadence=np.asarray(cadence, dtype=np.int64),
        circle_cadence=np.asarray(
            [circle_cadence.get(pid, 0) for pid in ids] if circle_cadence else np.zeros(len(ids)),
            dtype=np.int64,
        ),
        last_contact=last_days,
        since=since,
        first_met=met_days,
        going_cold=cold_now,
        birthday_month=np.asarray(month, dtype=np.int64),
        birthday_day=np.asarray(day, dtype=np.int64),
    )


def people_from_history(owner: Any, window: Window) -> agenda.People:
    """Everyone, with their last interaction and rhythm from one aggregate query."""
    circle_cadence = circle_cadences(owner)
    rows = fetch(person_rows(Person.objects.owned_by(owner).filter(archived__in=[False])))
    history = (
        Participation.objects.filter(person__owner=owner, person__archived=False)
        .values("person_id")
        .annotate(count=Count("id"), first=Min("occurred_at"), last=Max("occurred_at"))
        .values_list("person_id", "count", "first", "last")
    )
    last: dict[int, dt.datetime] = {}
    cold: dict[int, bool] = {}
    for pid, count, first, latest in history:
        last[pid] = latest
        cold[pid] = going_cold(count, first, latest, window.start(window.today))
    return as_people(rows, window, circle_cadence, last, cold)


def going_cold(count: int, first: dt.datetime, last: dt.datetime, now: dt.datetime) -> bool:
    """The scores' rule (engines.scoring.going_cold) on one person's count and dates:
    silent for more than COLD_FACTOR usual gaps, with enough interactions to know a rhythm."""
    if count < COLD_MIN_EVENTS:
        return False
    day = 86_400.0
    gap = max((last - first).total_seconds() / day / (count - 1), MIN_GAP_DAYS)
    return (now - last).total_seconds() / day > COLD_FACTOR * gap


# --- guard rails -------------------------------------------------------------------------------
