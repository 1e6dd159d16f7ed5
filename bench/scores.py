"""Scores with a large demo network: full recompute, one update, the attention ranking.

Builds (or reuses) the demo network of bench/pages.py (100,000 people by default,
ENTREGENT_BENCH_PEOPLE to change) and reports, on the database in use (SQLite, or
PostgreSQL when DATABASE_URL is set), median times against a baseline measured in the same
run on the same data:

- the full recompute (`services.scores.recompute`), once with every row changed and once
  with nothing to write, split into reading the facts, the engine and writing; the baseline
  is the straightforward loop (per person: their interactions, favours, ties and circles
  through the ORM, the engine on one pair, a save) on 1,000 people, extrapolated;
- logging one interaction with its score update, and the update alone (after a call is
  logged, so that it writes), for a typical and for the busiest person; the baseline is the
  same loop for one person;
- the "who needs attention" top 50 through the index; the baseline reads every person's key
  and sorts in Python.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

import django
import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entregent.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import prepare  # noqa: E402
from entregent.engines import history, scoring  # noqa: E402
from entregent.models import (  # noqa: E402
    Favor,
    InteractionKind,
    Participation,
    Person,
    ScoreHistory,
    Tie,
)
from entregent.services import exchanges, score_history, score_inputs, scores  # noqa: E402

RUNS = int(os.environ.get("ENTREGENT_BENCH_RUNS", "5"))
NAIVE_SAMPLE = 1000
TARGETS_MS = {"recompute": 500.0, "update": 1.0, "attention": 5.0}


def median_ms(action: Callable[[], object], runs: int, before: Callable[[], object] | None = None):
    """Median milliseconds of `action` over `runs` runs after one warm-up; `before` untimed."""
    if before:
        before()
    action()
    timings = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def naive_score(owner: Any, person: Person, now: Any) -> None:
    """The straightforward version for one person: ORM reads, the engine, a save."""
    rows = Participation.objects.filter(person=person, interaction__owner=owner)
    events = [
        (
            row.interaction.occurred_at.timestamp() / scoring.SECONDS_PER_DAY,
            scoring.Kind[InteractionKind(row.interaction.kind).name],
            scoring.Direction[row.interaction.direction.upper()],
            row.interaction.setting == "personal",
        )
        for row in rows.select_related("interaction")
    ]
    favors = (
        Favor.objects.filter(owner=owner)
        .filter(Q(giver=person, receiver=None) | Q(receiver=person, giver=None))
        .count()
    )
    ties = Tie.objects.filter(owner=owner).filter(Q(person_a=person) | Q(person_b=person)).count()
    inputs = scoring.PairInputs(
        closeness=np.array([person.closeness or 0]),
        favors=np.array([favors]),
        shared_ties=np.array([ties]),
        circles=np.array([person.circles.count()]),
        known_since=np.array([np.nan]),
    )
    columns = list(zip(*events, strict=True)) or [[], [], [], []]
    built = scoring.Events.build(
        [0] * len(events),
        columns[0],
        kind=columns[1],
        direction=columns[2],
        personal=columns[3],
    )
    result = scoring.recompute(built, 1, now.timestamp() / scoring.SECONDS_PER_DAY, inputs)
    person.depth = float(result.depth[0])
    person.depth_level = int(result.level[0])
    cold = float(result.cold_from[0])
    person.cold_from = (
        dt.datetime.fromtimestamp(cold * scoring.SECONDS_PER_DAY, tz=dt.UTC)
        if np.isfinite(cold)
        else None
    )
    person.save(update_fields=["depth", "depth_level", "cold_from"])


def recompute_parts(owner: Any, now: Any) -> tuple[float, float, float, float]:
    """Median ms of reading the people, reading their history rows, the engine, writing."""
    people, rows, engine, write = [], [], [], []
    cadences = scores.cadences_of(owner)
    day = scores.to_days(now)
    for _ in range(max(RUNS // 2, 1)):
        forget(owner)
        with transaction.atomic():
            started = time.perf_counter()
            facts = score_inputs.read(owner.pk, events=False)
            people_at = time.perf_counter()
            stored, _found = score_history.read(
                owner.pk, facts.person_ids, width=history.layout().counted
            )
            rows_at = time.perf_counter()
            computed = scores._finish(facts, history.stats(stored, day), cadences)
            computed_at = time.perf_counter()
            scores._store(owner, facts, computed, now)
            written_at = time.perf_counter()
        people.append((people_at - started) * 1000)
        rows.append((rows_at - people_at) * 1000)
        engine.append((computed_at - rows_at) * 1000)
        write.append((written_at - computed_at) * 1000)
    return tuple(statistics.median(values) for values in (people, rows, engine, write))  # type: ignore[return-value]


def forget(owner: Any) -> None:
    """Mark every row unscored, so that the next recompute writes them all."""
    Person.objects.owned_by(owner).update(scored_at=None)
    compact()


def compact() -> None:
    """PostgreSQL: give back the space of the row versions the last writes left behind.

    A run that rewrites 100,000 rows leaves as many dead versions; in production autovacuum
    reclaims them between rescores (the README asks to keep it on), but not between two
    runs of this bench, where every later read would scan a table ten times its size.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Person, ScoreHistory):
            cursor.execute(f"VACUUM FULL ANALYZE {model._meta.db_table}")


def log_and_undo(owner: Any, person_id: int) -> float:
    """Milliseconds to log one interaction with its score update, committed as the web page
    does; then, untimed, the interaction is deleted (and the person rescored) again.

    Committed rather than rolled back: a rollback also drops the connection's prepared
    statements (psycopg), which a real request keeps from one change to the next.
    """
    with transaction.atomic():
        started = time.perf_counter()
        logged = exchanges.log_interaction(owner, [person_id], kind="call", summary="bench")
        elapsed = time.perf_counter() - started
    with transaction.atomic():
        exchanges.delete_interaction(owner, logged)
    return elapsed * 1000


def row(name: str, ms: float, base_ms: float | None, note: str = "") -> None:
    ratio = f"{base_ms / ms:7.1f}x" if base_ms else " " * 8
    base = f"{base_ms:12.2f}" if base_ms else " " * 12
    print(f"{name:44} {ms:10.2f} {base} {ratio}  {note}")


def main() -> int:
    owner = prepare()
    owner.profile  # noqa: B018 - cached on the user, as in a request
    now = timezone.now()
    people = Person.objects.owned_by(owner)
    total = people.count()
    events = Participation.objects.filter(person__owner=owner).count()
    print(
        f"\nscores with {total:,} people, {events:,} participations on {connection.vendor}"
        f" (median of {RUNS} runs)"
    )
    print(f"{'measure':44} {'ms':>10} {'baseline ms':>12} {'ratio':>8}")
    full, daily = recompute_rows(owner, now, total)
    update = update_rows(owner, now, total)
    ranking = ranking_rows(owner)
    print(
        f"targets: recompute {TARGETS_MS['recompute']:.0f} ms (every row written:"
        f" {_verdict(full, 'recompute')}, a day later: {_verdict(daily, 'recompute')}),"
        f" update {TARGETS_MS['update']:.0f} ms ({_verdict(update, 'update')}, typical person),"
        f" ranking {TARGETS_MS['attention']:.0f} ms ({_verdict(ranking, 'attention')})"
    )
    return 0


def recompute_rows(owner: Any, now: Any, total: int) -> tuple[float, float]:
    """The full recompute against the ORM loop; median ms with every row written, and a day
    later (nothing to write: the cache holds no value that time changes)."""
    sample = list(Person.objects.owned_by(owner).order_by("id")[:NAIVE_SAMPLE])
    started = time.perf_counter()
    with transaction.atomic():
        for person in sample:
            naive_score(owner, person, now)
    naive_full = (time.perf_counter() - started) * 1000 * total / len(sample)
    compact()
    rebuild = median_ms(
        lambda: scores.recompute(owner, as_of=now, rebuild=True), max(RUNS // 2, 1), compact
    )
    row("rebuild from every interaction", rebuild, naive_full, "baseline: 1,000 extrapolated")
    full = median_ms(lambda: scores.recompute(owner, as_of=now), RUNS, lambda: forget(owner))
    row("full recompute, every row written", full, naive_full, "from the history rows")
    people, rows, engine, write = recompute_parts(owner, now)
    row("  reading the people", people, None)
    row("  reading their history rows", rows, None)
    row("  engine", engine, None)
    row("  writing every row", write, None)
    scores.recompute(owner, as_of=now)
    compact()
    day_later = now + dt.timedelta(days=1)
    daily = median_ms(
        lambda: scores.recompute(owner, as_of=day_later),
        RUNS,
        lambda: scores.recompute(owner, as_of=now),
    )
    row("full recompute a day later", daily, naive_full, "time alone: nothing to write")
    steady = median_ms(lambda: scores.recompute(owner, as_of=now), RUNS)
    row("full recompute, nothing changed", steady, naive_full)
    return full, daily


def update_rows(owner: Any, now: Any, total: int) -> float:
    """Logging with its update, and the update alone; the typical update's median ms."""
    people = Person.objects.owned_by(owner)
    busiest = (
        Participation.objects.filter(person__owner=owner)
        .values("person")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    typical = people.order_by("id")[total // 2]
    busy = people.get(pk=busiest["person"]) if busiest else typical
    results = []
    for label, person in (("typical", typical), ("busiest", busy)):
        without = logging_without_update(owner, person.pk)
        logged = statistics.median(log_and_undo(owner, person.pk) for _ in range(20))
        row(f"log an interaction + update ({label})", logged, without, "baseline: no update")
        base = median_ms(lambda p=person: naive_score(owner, p, now), 20)
        update = statistics.median(update_in_a_transaction(owner, person.pk) for _ in range(50))
        row(f"update after logging ({label})", update, base, "baseline: ORM loop, one person")
        results.append(update)
    return results[0]


def update_in_a_transaction(owner: Any, person_id: int) -> float:
    """Milliseconds of one score update inside the transaction of a change, as the services
    run it (the commit belongs to the change): right after a call is logged, untimed, so
    that the scores change and are written. Undone afterwards, as in `log_and_undo`."""
    with transaction.atomic():
        with scores_switched_off():
            logged = exchanges.log_interaction(owner, [person_id], kind="call", summary="bench")
        started = time.perf_counter()
        written = scores.update_people(owner, [person_id])
        elapsed = (time.perf_counter() - started) * 1000
    with transaction.atomic():
        exchanges.delete_interaction(owner, logged)
    if written != 1:
        raise AssertionError(f"the update wrote {written} rows, not 1")
    return elapsed


def logging_without_update(owner: Any, person_id: int) -> float:
    """Median ms of logging one interaction with the score update switched off."""
    with scores_switched_off():
        return statistics.median(log_and_undo(owner, person_id) for _ in range(20))


@contextlib.contextmanager
def scores_switched_off() -> Iterator[None]:
    """The services' score updates do nothing meanwhile."""
    update = scores.update_people
    scores.update_people = lambda *args, **kwargs: 0  # type: ignore[assignment]
    try:
        yield
    finally:
        scores.update_people = update


def ranking_rows(owner: Any) -> float:
    """The attention top 50 through the index, against reading and sorting every key."""
    people = Person.objects.owned_by(owner).filter(archived=False, attention_key__isnull=False)
    ranking = median_ms(lambda: list(scores.attention(owner, 50)), 50)
    naive = median_ms(lambda: sorted(people.values_list("attention_key", "id"))[:50], RUNS)
    row("who needs attention, top 50", ranking, naive, "baseline: read all, sort")
    return ranking


def _verdict(ms: float, target: str) -> str:
    return "within" if ms < TARGETS_MS[target] else "OVER"


if __name__ == "__main__":
    raise SystemExit(main())
