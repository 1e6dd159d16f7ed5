"""Scores of each tie (the owner and one person), kept in the Person cache.

The scoring engine (`engines.scoring`) computes warmth (the chance of a contact within 30
days), depth and its level, and the going-cold flag from the facts: interactions, the
closeness rating, give-and-take, shared ties, circles, the first meeting. These functions
read the facts, run the engine and write what the facts alone decide to the derived fields
of Person (depth, depth_level, cold_from, last_interaction_at, attention_key, scored_at),
which nobody edits by hand. Nothing stored changes as time passes: the going-cold flag is
stored as the moment the tie turns (`cold_from`), the ranking as the day it comes due, and
warmth, which cools a little every day, is computed when it is shown (`report`).

- `recompute` rebuilds the whole cache of an owner, from each person's stored history row
  (`engines.history`, `services.score_history`); `rebuild=True` reads every interaction
  again (`entregent rescore`, after a bulk change);
- `update_people` rebuilds a few rows, and their history rows, after a change (an
  interaction logged, a favour recorded, a person edited);
- `attention` ranks who needs attention through the (owner, attention_key) index;
- `report` and `explain` give one person's facts for their page, computed afresh.

The attention key is the day the tie comes due, in days since the Unix epoch (UTC): see
`engines.attention`. It does not depend on when it was computed, so the ranking stays right
as time passes; the overdue people are those whose key is before today.

Writes go only to rows whose values change (depth rounded to 4 decimals), through a
temporary table and one `UPDATE ... FROM` when there are many: a recompute with no new
facts writes nothing, whatever the day.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from entregent.engines import attention as attention_engine
from entregent.engines import explain as explaining
from entregent.engines import history, scoring
from entregent.engines.scoring import BoolArray, FloatArray, IntArray
from entregent.models import Interaction, Participation, Person, Profile
from entregent.services import bulk_read, score_history, score_inputs
from entregent.services.bulk_read import Statement
from entregent.services.bulk_write import insert_values
from entregent.services.score_inputs import Facts

DECIMALS = 4  # depth is stored rounded, so that a recompute skips the rows that did not change
HISTORY_MONTHS = 12
DAYS_PER_MONTH = scoring.DAYS_PER_YEAR / 12
SMALL_WRITE = 200  # up to this many rows, one UPDATE per row; above, a temporary table
REBUILD_SHARE = 0.2  # more history rows missing than this share: rebuild them all at once
ANALYZE_AFTER = 10_000  # PostgreSQL: refresh the table's statistics after this many rows
_LOCK_CLASS = 0x5C0E  # PostgreSQL advisory lock namespace: one scorer per owner at a time
_NONE = -1e300  # stands for NULL in the temporary table


@dataclass(frozen=True, slots=True)
class Summary:
    people: int  # people scored
    written: int  # rows whose scores changed
    seconds: float


@dataclass(frozen=True, slots=True)
class Computed:
    """The engine's results for the pairs of some Facts, as they are stored."""

    depth: FloatArray
    level: IntArray
    cold_seconds: FloatArray  # when the tie starts going cold; nan where no rhythm
    last_seconds: FloatArray  # nan where no interaction
    key: FloatArray  # days since the epoch; nan where never due


def recompute(
    owner: Any,
    *,
    as_of: dt.datetime | None = None,
    rebuild: bool = False,
    changed: Iterable[int] = (),
) -> Summary:
    """Rebuild the score cache of every person of the owner's network.

    From the stored history rows (`engines.history`): a pass over the people, not over
    their interactions. Rows that are missing, built for another model, or that hold
    interactions after `as_of` are rebuilt from the interactions, and so are those of the
    `changed` people (whose interactions a bulk writer changed); `rebuild=True` rebuilds
    every row.
    """
    started = time.perf_counter()
    now = as_of or timezone.now()
    with transaction.atomic():
        _lock(owner)
        owner_id = _owner_id(owner)
        facts = score_inputs.read(owner_id, events=False)
        rows = _history_rows(
            owner_id, facts.person_ids, to_days(now), rebuild=rebuild, changed=changed
        )
        computed = _finish(facts, history.stats(rows, to_days(now)), cadences_of(owner))
        written = _store(owner, facts, computed, now)
        Profile.objects.filter(user_id=owner_id).update(scores_refreshed_at=now)
    return Summary(len(facts.person_ids), written, time.perf_counter() - started)


def refresh(owner: Any, *, now: dt.datetime | None = None) -> Summary | None:
    """Bring the cache up to date with the passing of time, once a day, before the plan
    reads it; None when already done today (in the owner's time zone).

    Only one thing changes the cache as time passes: an interaction dated ahead (a meeting
    logged the day before) starts to count once its day comes. So a daily refresh rescores
    the people of the interactions dated since the last one; the first refresh of a week
    recomputes everyone from the history rows (a weekly check-up, which writes only what
    differs).
    """
    from entregent.services import accounts

    now = now or timezone.now()
    owner_id = _owner_id(owner)
    profile = Profile.objects.filter(user_id=owner_id).first()
    if profile is None:
        return None
    last = profile.scores_refreshed_at
    zone = accounts.owner_zone(profile)
    today = now.astimezone(zone).date()
    if last is not None and last.astimezone(zone).date() >= today:
        return None
    if last is None or last.astimezone(zone).isocalendar()[:2] != today.isocalendar()[:2]:
        return recompute(owner, as_of=now)
    started = time.perf_counter()
    with transaction.atomic():
        _lock(owner)
        ids = _came_due(owner_id, last, now)
        written = update_people(owner, ids, as_of=now) if ids else 0
        Profile.objects.filter(user_id=owner_id).update(scores_refreshed_at=now)
    return Summary(len(ids), written, time.perf_counter() - started)


def _came_due(owner_id: int, since: dt.datetime, now: dt.datetime) -> list[int]:
    """The people of interactions logged ahead of their day (a rescore then left them out)
    whose day came after `since`: read from the interactions' date index (`owner_id + 0`
    keeps the planners off the owner index, which holds every interaction of the owner)."""
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT pp.person_id FROM {Participation._meta.db_table} pp"
            f" JOIN {Interaction._meta.db_table} i ON i.id = pp.interaction_id"
            " WHERE i.occurred_at > %s AND i.occurred_at <= %s AND i.created_at < i.occurred_at"
            " AND i.owner_id + 0 = %s",
            [adapt(since), adapt(now), owner_id],
        )
        return sorted(pk for (pk,) in cursor.fetchall())


def _history_rows(
    owner_id: int, ids: IntArray, day: float, *, rebuild: bool, changed: Iterable[int]
) -> FloatArray:
    """Every person's history row, valid at `day`, as far as the statistics read it (the
    cache stores no warmth); the missing rows rebuilt and stored whole."""
    counted = history.layout().counted
    if rebuild:  # every row from the interactions: the stored ones are not read
        rows, found = np.zeros((ids.shape[0], counted)), np.zeros(ids.shape[0], dtype=bool)
    else:
        rows, found = score_history.read(owner_id, ids, width=counted)
    index, mine = bulk_read.index_of(ids, np.array(sorted(set(changed)), dtype=np.int64))
    found[index[mine]] = False
    if rebuild or (~found).sum() > REBUILD_SHARE * ids.shape[0]:
        events = score_inputs.all_events(owner_id, ids)
        rows = history.summarize(events, ids.shape[0])
        score_history.replace(owner_id, ids, rows)
    elif not found.all():
        missing = np.flatnonzero(~found)
        fresh = history.summarize(score_inputs.events_of(owner_id, ids[missing]), missing.shape[0])
        rows = np.array(rows)  # the rows as read may be a view of the stored bytes
        rows[missing] = fresh[:, :counted]
        score_history.write(owner_id, ids[missing], fresh)
    late = np.flatnonzero(history.behind(rows, day))
    if late.size:  # interactions dated after `day`: their rows, from the earlier ones only
        events = score_inputs.events_of(owner_id, ids[late])
        fresh = history.summarize(events.select(events.time <= day), late.shape[0])
        rows = np.array(rows)
        rows[late] = fresh[:, : rows.shape[1]]
    return rows


def update_people(
    owner: Any, person_ids: Iterable[int], *, as_of: dt.datetime | None = None
) -> int:
    """Rebuild the scores of some of the owner's people (others' ids are ignored).

    Called by the services after each change to a person's facts; the number of rows whose
    scores changed. Their history rows are rebuilt too.
    """
    ids = sorted({int(pk) for pk in person_ids})
    if not ids:
        return 0
    now = as_of or timezone.now()
    # No savepoint inside the caller's transaction: a failure undoes the whole change anyway.
    # One round trip to read (the lock taken by the same query) and one to write.
    with transaction.atomic(savepoint=False):
        owner_id = _owner_id(owner)
        facts = score_inputs.read(owner_id, ids, lock=(_LOCK_CLASS, owner_id))
        count = facts.person_ids.shape[0]
        rows = history.summarize(_events(facts), count)
        day = to_days(now)
        if history.behind(rows, day).any():  # interactions dated later: from the events
            stats = scoring.tie_stats(_events(facts), count, day)
        else:  # the same, from the rows just built: one engine pass, not two
            stats = history.stats(rows, day)
        computed = _finish(facts, stats, cadences_of(owner))
        if facts.person_ids.shape[0] > score_history.SMALL:
            score_history.write(owner_id, facts.person_ids, rows)
            return _store(owner, facts, computed, now)
        first = score_history.upserts(owner_id, facts.person_ids, rows)
        return _store(owner, facts, computed, now, first=first)


def attention(
    owner: Any, limit: int = 50, *, due_by: dt.datetime | None = None
) -> QuerySet[Person]:
    """Who needs attention first: the people whose ties came due earliest (see module doc).

    `due_by` keeps only the ties due by then (the overdue ones with `timezone.now()`). Read
    from the person_attention index: a few rows, whatever the size of the network. Only the
    fields a ranking shows are loaded (RANKING_FIELDS; the others load on first use): making
    each person object costs more than the query.
    """
    rows = Person.objects.owned_by(owner).filter(archived=False, attention_key__isnull=False)
    if due_by is not None:
        rows = rows.filter(attention_key__lte=to_days(due_by))
    return rows.only(*RANKING_FIELDS).order_by("attention_key", "id")[:limit]


RANKING_FIELDS = (
    "owner",
    "first_name",
    "middle_name",
    "last_name",
    "nickname",
    "priority",
    "closeness",
    "depth",
    "depth_level",
    "cold_from",
    "last_interaction_at",
    "attention_key",
)


def due_at(key: float | None) -> dt.datetime | None:
    """The moment an attention key stands for."""
    if key is None or not np.isfinite(key):
        return None
    return dt.datetime.fromtimestamp(key * scoring.SECONDS_PER_DAY, tz=dt.UTC)


@dataclass(frozen=True, slots=True)
class Report:
    """One person's scores, computed afresh, with the facts behind them."""

    facts: explaining.TieFacts
    due: dt.datetime | None  # when the tie comes due; None if it never does
    allowance_days: float | None  # days of silence the tie allows (cadence or rhythm)
    history: list[tuple[dt.datetime, float]]  # warmth month by month, oldest first
    as_of: dt.datetime


def report(
    owner: Any,
    person: Person | int,
    *,
    months: int = HISTORY_MONTHS,
    as_of: dt.datetime | None = None,
) -> Report:
    """The scores of one person of the owner's network; Person.DoesNotExist for anyone else."""
    now = as_of or timezone.now()
    person_id = person if isinstance(person, int) else int(person.pk)
    facts = score_inputs.read(_owner_id(owner), [person_id])
    if facts.person_ids.shape[0] != 1:
        raise Person.DoesNotExist
    cadences = cadences_of(owner)
    scores = scoring.recompute(_events(facts), 1, to_days(now), facts.inputs)
    computed = _finish(facts, scores.stats, cadences)
    cadence = attention_engine.cadence(scores.level, facts.pinned, facts.by_hand, cadences)
    allowance = float(attention_engine.allowance(scores.stats, cadence)[0])
    return Report(
        facts=explaining.explain(scores, 0),
        due=due_at(float(computed.key[0])),
        allowance_days=allowance if np.isfinite(allowance) else None,
        history=warmth_history(_events(facts), now, months),
        as_of=now,
    )


def explain(
    owner: Any, person: Person | int, *, as_of: dt.datetime | None = None
) -> explaining.TieFacts:
    """The engine's facts behind one person's scores (level, counts, dates, parts of depth)."""
    return report(owner, person, months=0, as_of=as_of).facts


def warmth_history(
    events: scoring.Events, as_of: dt.datetime, months: int
) -> list[tuple[dt.datetime, float]]:
    """Warmth at `as_of` and at each of the `months` before it, for events of one pair.

    One engine pass: the events are copied once per point, shifted so that each point's
    moment becomes `as_of` (warmth depends on ages only; later events fall after it).
    """
    now = to_days(as_of)
    back = (months - np.arange(months + 1)) * DAYS_PER_MONTH  # oldest point first
    copies = np.repeat(np.arange(months + 1), events.time.shape[0])  # one pair per moment
    shifted = scoring.Events(
        pair=copies,
        time=np.tile(events.time, months + 1) + back[copies],
        kind=np.tile(events.kind, months + 1),
        direction=np.tile(events.direction, months + 1),
        weight=np.tile(events.weight, months + 1),
        personal=np.tile(events.personal, months + 1),
    )
    values = scoring.warmth(shifted, months + 1, now)
    return [
        (as_of - dt.timedelta(days=float(days)), float(value))
        for days, value in zip(back, values, strict=True)
    ]


def cadences_of(owner: Any) -> attention_engine.Cadences:
    """The owner's default cadences, from their profile (cached on the user object)."""
    try:
        profile = Profile.objects.get(user_id=owner) if isinstance(owner, int) else owner.profile
    except ObjectDoesNotExist:
        return attention_engine.Cadences()
    return attention_engine.Cadences(
        top=float(profile.cadence_top_days),
        deep=float(profile.cadence_close_days),
        relation=float(profile.cadence_relation_days),
    )


def _finish(facts: Facts, stats: scoring.TieStats, cadences: attention_engine.Cadences) -> Computed:
    """Depth, its level, going cold and the attention key from the pairs' statistics: all
    that the cache stores (warmth, which time alone changes, is not stored)."""
    depth = np.round(scoring.depth(stats, facts.inputs), DECIMALS)
    level = scoring.level(depth)
    known = facts.inputs.known_since
    start = np.where(np.isnan(known), facts.added_days, known)
    cadence = attention_engine.cadence(level, facts.pinned, facts.by_hand, cadences)
    return Computed(
        depth=depth,
        level=level,
        cold_seconds=np.minimum(
            np.round(scoring.cold_from(stats) * scoring.SECONDS_PER_DAY), _LATEST
        ),
        last_seconds=np.round(stats.last * scoring.SECONDS_PER_DAY),
        key=attention_engine.due(stats, cadence, start),
    )


def _events(facts: Facts) -> scoring.Events:
    if facts.events is None:
        raise ValueError("facts read without their events")
    return facts.events


def to_days(moment: dt.datetime) -> float:
    """A moment on the engine's time line: days since the Unix epoch."""
    return moment.timestamp() / scoring.SECONDS_PER_DAY


# --- writing the cache -------------------------------------------------------------------


def _changed(facts: Facts, new: Computed) -> BoolArray:
    """Rows whose stored scores differ from the new ones."""
    old = facts.stored
    same: BoolArray = (
        old.scored
        & _same(old.depth, new.depth, 1e-9)
        & (old.level == new.level)
        & _same(old.cold_seconds, new.cold_seconds, 0.5)
        & _same(old.last_seconds, new.last_seconds, 0.5)
        & _same(old.key, new.key, 1e-6)
    )
    return ~same


def _same(old: FloatArray, new: FloatArray, tolerance: float) -> BoolArray:
    both_missing = np.isnan(old) & np.isnan(new)
    with np.errstate(invalid="ignore"):
        close = np.abs(old - new) <= tolerance
    result: BoolArray = both_missing | close
    return result


def _store(
    owner: Any,
    facts: Facts,
    new: Computed,
    now: dt.datetime,
    *,
    first: Sequence[Statement] = (),
) -> int:
    """Write the rows whose scores changed; how many. `scored_at` tells when a row was last
    written."""
    changed = np.flatnonzero(_changed(facts, new))
    if changed.size <= SMALL_WRITE:  # with `first`, in one round trip
        _execute([*first, *_updates(facts, new, changed, now)])
        return int(changed.size)
    _execute(list(first))
    _update_from_table(_owner_id(owner), _rows(facts, new, changed), _stamp(now))
    if changed.size >= ANALYZE_AFTER:
        # Fresh statistics, or the planner may think no row has an attention key yet and
        # sort the whole network to rank it instead of reading the person_attention index.
        bulk_read.refresh_statistics(_TABLE)
    return int(changed.size)


@dataclass(frozen=True, slots=True)
class _Rows:
    """The changed rows' new values; nan for NULL."""

    ids: IntArray
    depth: FloatArray
    level: IntArray
    cold: FloatArray  # seconds since the epoch
    last: FloatArray  # seconds since the epoch
    key: FloatArray  # days since the epoch


def _rows(facts: Facts, new: Computed, changed: IntArray) -> _Rows:
    return _Rows(
        ids=facts.person_ids[changed],
        depth=new.depth[changed],
        level=new.level[changed],
        cold=new.cold_seconds[changed],
        last=new.last_seconds[changed],
        key=new.key[changed],
    )


def _stamp(moment: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


_LATEST = dt.datetime(9999, 12, 31, tzinfo=dt.UTC).timestamp()  # the last storable instant
_TABLE = Person._meta.db_table
_SCRATCH = "entregent_score_rows"
_SET = (
    "depth = %s, depth_level = %s, cold_from = %s, last_interaction_at = %s,"
    " attention_key = %s, scored_at = %s"
)


def _updates(facts: Facts, new: Computed, changed: IntArray, now: dt.datetime) -> list[Statement]:
    """One UPDATE per changed row."""
    rows, stamp = _rows(facts, new, changed), _stamp(now)
    return [
        (
            f"UPDATE {_TABLE} SET {_SET} WHERE id = %s",
            [
                float(rows.depth[i]),
                int(rows.level[i]),
                _moment(rows.cold[i]),
                _moment(rows.last[i]),
                float(rows.key[i]) if np.isfinite(rows.key[i]) else None,
                stamp,
                int(rows.ids[i]),
            ],
        )
        for i in range(rows.ids.shape[0])
    ]


def _moment(seconds: float) -> Any:
    """A stored instant from seconds since the epoch; None for nan."""
    if not np.isfinite(seconds):
        return None
    return _stamp(dt.datetime.fromtimestamp(float(seconds), tz=dt.UTC))


def _execute(statements: Sequence[Statement]) -> None:
    """Run statements in order: on PostgreSQL prepared, in one round trip."""
    if not statements:
        return
    if connection.vendor == "postgresql":
        bulk_read.run_prepared(statements)
        return
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def _update_from_table(owner_id: int, rows: _Rows, stamp: Any) -> None:
    """Many rows: into a temporary table in bulk, then one UPDATE ... FROM."""
    postgres = connection.vendor == "postgresql"

    def moment(column: str) -> str:
        instant = f"to_timestamp({column})" if postgres else f"datetime({column}, 'unixepoch')"
        return f"CASE WHEN {column} > {_NONE / 10} THEN {instant} END"

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_SCRATCH} (id bigint PRIMARY KEY,"
            " depth double precision, level bigint, cold double precision,"
            " last double precision, akey double precision)"
        )
        cursor.execute(f"DELETE FROM {_SCRATCH}")
        columns = [
            rows.ids.astype(np.int64),
            rows.depth,
            rows.level.astype(np.int64),
            *(np.where(np.isfinite(values), values, _NONE) for values in (rows.cold, rows.last)),
            np.where(np.isfinite(rows.key), rows.key, _NONE),
        ]
        if postgres:
            bulk_read.copy_in(cursor, _SCRATCH, columns)
        else:
            insert_values(
                _SCRATCH,
                ("id", "depth", "level", "cold", "last", "akey"),
                list(zip(*(column.tolist() for column in columns), strict=True)),
            )
        cursor.execute(
            f"UPDATE {_TABLE} SET depth = s.depth, depth_level = s.level,"
            f" cold_from = {moment('s.cold')}, last_interaction_at = {moment('s.last')},"
            f" attention_key = CASE WHEN s.akey > {_NONE / 10} THEN s.akey END,"
            f" scored_at = %s FROM {_SCRATCH} s"
            f" WHERE {_TABLE}.id = s.id AND {_TABLE}.owner_id = %s",
            [stamp, owner_id],
        )
        cursor.execute(f"DELETE FROM {_SCRATCH}")


def _lock(owner: Any) -> None:
    """One scorer per owner at a time, so that a recompute never overwrites a fresher update.

    SQLite needs nothing: its transactions start IMMEDIATE and take the write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, _owner_id(owner)])


def _owner_id(owner: Any) -> int:
    return owner if isinstance(owner, int) else int(owner.pk)
