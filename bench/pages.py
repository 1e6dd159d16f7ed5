"""People list and person page with a large demo network: server time and query count.

Builds the demo network (100,000 people by default, ENTREGENT_BENCH_PEOPLE to change) in
the data folder, then renders each page through Django's full request stack (middleware,
view, template) and reports the median server time and the number of queries. The baseline,
measured in the same run on the same data, is the straightforward version of each page: an
exact paginator count, an ORM `icontains` over name columns (which misses accents), and one
query per row for the employer.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entregent.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from entregent.models import Circle, Participation, Person  # noqa: E402
from entregent.services import accounts, demo  # noqa: E402

PEOPLE = int(os.environ.get("ENTREGENT_BENCH_PEOPLE", "100000"))
RUNS = int(os.environ.get("ENTREGENT_BENCH_RUNS", "15"))
TARGET_MS = 50.0


def prepare() -> object:
    call_command("migrate", verbosity=0)
    owner = accounts.the_only_account()
    if owner is None:
        owner = accounts.create_account("bench")
    if not Person.objects.owned_by(owner).exists():
        started = time.perf_counter()
        summary = demo.build_demo(owner, people=PEOPLE, seed=1)
        print(
            f"demo network: {summary.people:,} people, {summary.interactions:,} interactions "
            f"built in {time.perf_counter() - started:.1f} s ({connection.vendor})"
        )
    return owner


def measure(action: Callable[[], object]) -> tuple[float, int]:
    """Median milliseconds over RUNS runs (after one warm-up), and the query count."""
    action()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        action()
    return statistics.median(timings), len(queries.captured_queries)


NAIVE_ROWS = Template(
    "{% for p in page %}{{ p.first_name }} {{ p.last_name }} {{ p.roles.first.organization }}"
    "{% endfor %}{{ page.paginator.count }}"
)


def naive_list(owner: object, query: str = "", circle_id: int | None = None) -> str:
    rows = Person.objects.filter(owner=owner, archived=False)
    if query:
        rows = rows.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
    if circle_id:
        rows = rows.filter(circles__id=circle_id)
    page = Paginator(rows.order_by("last_name", "first_name"), 50).page(1)
    return NAIVE_ROWS.render(Context({"page": page}))


def naive_person(owner: object, pk: int) -> str:
    person = Person.objects.get(owner=owner, pk=pk)
    parts = [str(person), *(str(e) for e in person.emails.all())]
    for role in person.roles.all():
        parts.append(str(role.organization))
    for interaction in person.interactions.order_by("-occurred_at")[:50]:
        parts.extend(str(p) for p in interaction.participants.all())
    return " ".join(parts)


def main() -> int:
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    owner = prepare()
    client = Client()
    client.force_login(owner)
    busiest = (
        Participation.objects.filter(person__owner=owner)
        .values("person")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    busy_id = busiest["person"] if busiest else Person.objects.owned_by(owner).first().pk
    sample = Person.objects.owned_by(owner).order_by("id")[PEOPLE // 2]
    circle = Circle.objects.owned_by(owner).get(key="colleagues")
    word = sample.first_name

    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        ("people list, page 1", lambda: client.get("/people/"), lambda: naive_list(owner)),
        (
            "people list, page 40",
            lambda: client.get("/people/?page=40"),
            lambda: naive_list(owner),
        ),
        (
            f"search '{word.lower()}'",
            lambda: client.get("/people/", {"q": word.lower()}),
            lambda: naive_list(owner, word),
        ),
        (
            "filter by circle",
            lambda: client.get("/people/", {"circle": circle.pk}),
            lambda: naive_list(owner, circle_id=circle.pk),
        ),
        (
            "person page (busiest)",
            lambda: client.get(f"/people/{busy_id}/"),
            lambda: naive_person(owner, busy_id),
        ),
        (
            "person page (typical)",
            lambda: client.get(f"/people/{sample.pk}/"),
            lambda: naive_person(owner, sample.pk),
        ),
    ]
    print(f"\npages with {PEOPLE:,} people on {connection.vendor} (median of {RUNS} runs)")
    print(
        f"{'page':32} {'ms':>8} {'queries':>8} {'baseline ms':>12} {'b. queries':>10} {'ratio':>7}"
    )
    worst = 0.0
    for name, ours, baseline in cases:
        response = ours()
        status = getattr(response, "status_code", 200)
        if status != 200:
            print(f"{name}: HTTP {status}")
            return 1
        ms, count = measure(ours)
        base_ms, base_count = measure(baseline)
        worst = max(worst, ms)
        print(
            f"{name:32} {ms:8.1f} {count:8d} {base_ms:12.1f} {base_count:10d} {base_ms / ms:6.1f}x"
        )
    verdict = "within" if worst < TARGET_MS else "OVER"
    print(f"slowest page {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target")
    return 0
