"""This week's plan with demo networks of 10,000 and 100,000 people: server time and queries.

Each size gets its own data folder (SQLite) or database (PostgreSQL: the DATABASE_URL's name
with a `_plan_<size>` suffix, created when missing), built once with the demo network (and
its scores cache) and reused by later runs. A child process per size measures, on the same
data:

- the home page (Today, This week, the overflow, the warnings) through Django's full request
  stack, and `services.plan.week_plan` alone, median of ENTREGENT_BENCH_RUNS runs;
- the plan without the scores cache (last interactions from one aggregate query);
- the straightforward baseline: for each person, ORM queries for their last interaction,
  favours, news and requests, then the cadence rule, on a sample of people, extrapolated to
  the whole network.

Targets (the issue): under 100 ms for 10,000 people, under 300 ms for 100,000.

    python -m bench plan                      # both sizes
    ENTREGENT_BENCH_PLAN_SIZES=10000 python -m bench plan
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

SIZES = [
    int(size) for size in os.environ.get("ENTREGENT_BENCH_PLAN_SIZES", "10000,100000").split(",")
]
RUNS = int(os.environ.get("ENTREGENT_BENCH_RUNS", "15"))
TARGETS_MS = {10_000: 100.0, 100_000: 300.0}
SAMPLE = 300  # people the naive baseline goes through, then extrapolated
CHILD = "ENTREGENT_BENCH_PLAN_SIZE"


def _environment(size: int) -> dict[str, str]:
    env = dict(os.environ)
    env[CHILD] = str(size)
    base = Path(os.environ.get("ENTREGENT_BENCH_PLAN_DIR") or _default_base())
    env["ENTREGENT_DATA_DIR"] = str(base / f"plan-{size}")
    Path(env["ENTREGENT_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    if url:
        env["DATABASE_URL"] = _postgres_database(url, f"_plan_{size}")
    return env


def _default_base() -> Path:
    data = os.environ.get("ENTREGENT_DATA_DIR")
    return Path(data) / "bench" if data else Path.home() / ".cache" / "entregent-bench"


def _postgres_database(url: str, suffix: str) -> str:
    """The URL of a database of its own for one size, created when missing."""
    import psycopg

    head, _slash, tail = url.rpartition("/")
    name, question, query = tail.partition("?")
    wanted = f"{name}{suffix}"
    with psycopg.connect(f"{head}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (wanted,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{wanted}"')
    return f"{head}/{wanted}{question}{query}"


def main() -> int:
    if os.environ.get(CHILD):
        return measure_one(int(os.environ[CHILD]))
    status = 0
    for size in SIZES:
        completed = subprocess.run(
            [sys.executable, "-m", "bench.plan"], env=_environment(size), check=False
        )
        status = status or completed.returncode
    return status


# --- in the child process, one network ------------------------------------------------------


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entregent.settings")
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def prepare(size: int) -> object:
    from django.core.management import call_command
    from django.db import connection

    from entregent.models import Person
    from entregent.services import accounts, demo, plan_people

    call_command("migrate", verbosity=0)
    owner = accounts.the_only_account() or accounts.create_account("bench")
    if not Person.objects.owned_by(owner).exists():
        started = time.perf_counter()
        summary = demo.build_demo(owner, people=size, seed=1)
        print(
            f"demo network: {summary.people:,} people, {summary.interactions:,} interactions "
            f"built in {time.perf_counter() - started:.1f} s ({connection.vendor})",
            flush=True,
        )
    if not plan_people.cached(owner):
        from entregent.services import scores

        started = time.perf_counter()
        scores.recompute(owner)
        print(f"scores cache filled in {time.perf_counter() - started:.1f} s", flush=True)
    return owner


def timed(action: Callable[[], object], runs: int = RUNS) -> tuple[float, float, int]:
    """Median wall-clock and CPU milliseconds over `runs` runs (after one warm-up), and the
    query count. CPU time (SQLite works in-process) tells the cost on a shared machine,
    where other processes stretch the wall clock."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        action()
    return statistics.median(walls), statistics.median(cpus), len(queries.captured_queries)


def naive_plan(owner: object, sample: int) -> int:
    """The plan's person rules the straightforward way, on `sample` people: a few ORM
    queries per person. Returns how many actions it found."""
    import datetime as dt

    from django.utils import timezone

    from entregent.models import Person

    today = timezone.localdate()
    profile = owner.profile  # type: ignore[attr-defined]
    found = 0
    for person in Person.objects.filter(owner=owner, archived=False).order_by("id")[:sample]:
        last = person.interactions.order_by("-occurred_at").first()
        cadence = person.cadence_days or (
            profile.cadence_top_days
            if person.priority
            else profile.cadence_close_days
            if (person.closeness or 0) >= 4
            else profile.cadence_relation_days
            if (person.closeness or 0) == 3
            else None
        )
        if cadence and last and last.occurred_at.date() + dt.timedelta(days=cadence) <= today:
            found += 1
        found += person.favors_given.filter(thanked_on__isnull=True).count()
        found += person.news.filter(congratulated_on__isnull=True).count()
        found += person.requests.filter(status="open").count()
    return found


def measure_one(size: int) -> int:
    _setup()
    from django.db import connection
    from django.test import Client

    from entregent.models import Person
    from entregent.services import plan, plan_people

    owner = prepare(size)
    people = Person.objects.owned_by(owner).count()
    client = Client()
    client.force_login(owner)
    if client.get("/").status_code != 200:
        print("home page: HTTP error")
        return 1
    week = plan.week_plan(owner)
    print(
        f"\nplan with {people:,} people on {connection.vendor} (median of {RUNS} runs): "
        f"{len(week.today)} today, {len(week.this_week)} later this week, "
        f"{week.overflow_count:,} in the overflow"
    )
    home = timed(lambda: client.get("/"))
    week_plan = timed(lambda: plan.week_plan(owner))
    cached = plan_people.cached
    plan_people.cached = lambda _owner: False  # type: ignore[assignment]
    try:
        history = timed(lambda: plan.week_plan(owner), runs=3)
    finally:
        plan_people.cached = cached  # type: ignore[assignment]
    sample = min(SAMPLE, people)
    naive_wall, naive_cpu, naive_queries = timed(lambda: naive_plan(owner, sample), runs=3)
    scale = people / max(sample, 1)
    naive = (naive_wall * scale, naive_cpu * scale, int(naive_queries * scale))
    print(f"{'what':44} {'ms':>9} {'cpu ms':>9} {'queries':>8} {'vs naive':>9}")
    rows = [
        ("home page (plan, top list, recent)", home),
        ("week_plan", week_plan),
        ("week_plan without the scores cache", history),
        (f"naive per-person ORM ({sample} people, scaled)", naive),
    ]
    for name, (wall, cpu, queries) in rows:
        print(f"{name:44} {wall:9.1f} {cpu:9.1f} {queries:8,d} {naive[0] / wall:8.1f}x")
    target = TARGETS_MS.get(size)
    if target is not None:
        verdict = "within" if home[0] < target else "OVER"
        summary = f"home page {home[0]:.1f} ms ({home[1]:.1f} ms CPU)"
        print(f"{summary}: {verdict} the {target:.0f} ms target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
