"""The demo network: a realistic, reproducible network to explore entregent and benchmark it.

`build_demo` fills an empty account with people (French and English names, accents
included), their employers and circles, three years of interactions with the rhythms of a
real network (a few people weekly, a middle band monthly or quarterly, most rarely), ties,
give-and-take, requests, news, events, memberships, goals and tasks.

The same seed and `today` always give the same network. People are generated and written a
chunk at a time, so memory stays bounded at any size; the whole build is one transaction, so
an interrupted build leaves nothing behind (and a second run is refused, not doubled).
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entregent.data import demo_vocabulary as vocab
from entregent.engines import text
from entregent.models import (
    Ask,
    Circle,
    Event,
    Favor,
    Goal,
    Interaction,
    Membership,
    Organization,
    Participation,
    Person,
    Sector,
    Tag,
    Task,
    Tie,
)
from entregent.services import accounts, bulk_read, scores
from entregent.services.bulk_write import IdBlock
from entregent.services.demo_activity import write_activity
from entregent.services.demo_base import Context, Ev, Org, db_datetime, slug
from entregent.services.demo_people import make_people, write_people

CHUNK = 2000
MAX_PEOPLE = 1_000_000


@dataclass
class DemoSummary:
    people: int
    organizations: int
    interactions: int
    ties: int
    favors: int
    events: int
    goals: int


def build_demo(
    owner: Any,
    *,
    people: int = 300,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> DemoSummary:
    """Fill `owner`'s empty network with `people` demo contacts and their history."""
    if not 1 <= people <= MAX_PEOPLE:
        raise ValidationError(
            {"people": _("Choose from 1 to %(most)s people.") % {"most": f"{MAX_PEOPLE:,}"}}
        )
    report = progress or (lambda _done, _total: None)
    with transaction.atomic(), _sqlite_bulk_mode():
        if Person.objects.owned_by(owner).exists():
            raise ValidationError(
                {
                    "people": _(
                        "This account already has people: the demo only fills an empty network."
                    )
                }
            )
        ctx = _context(owner, random.Random(seed or 0), today or timezone.localdate())
        _setup(ctx, people)
        report(0, people)
        person_ids, interaction_ids = IdBlock(Person), IdBlock(Interaction)
        for start in range(0, people, CHUNK):
            size = min(CHUNK, people - start)
            made = make_people(ctx, start, person_ids.take(size))
            write_people(ctx, made)
            write_activity(ctx, made, interaction_ids)
            report(start + size, people)
        _goals_and_tasks(ctx)
        bulk_read.refresh_statistics(
            *(model._meta.db_table for model in (Person, Interaction, Participation, Tie, Favor))
        )
        scores.recompute(owner)
    counts = ctx.counts
    return DemoSummary(
        people=counts.people,
        organizations=counts.organizations,
        interactions=counts.interactions,
        ties=counts.ties,
        favors=counts.favors,
        events=counts.events,
        goals=counts.goals,
    )


@contextmanager
def _sqlite_bulk_mode() -> Iterator[None]:
    """A bigger page cache while the build runs: index updates stay in memory."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def _context(owner: Any, rng: random.Random, today: dt.date) -> Context:
    accounts.seed_circles(owner)
    zone_name = accounts.profile_for(owner).timezone or settings.TIME_ZONE
    try:
        zone: dt.tzinfo = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    circles = dict(Circle.objects.owned_by(owner).exclude(key="").values_list("key", "id"))
    sectors = dict(Sector.objects.values_list("code", "id"))
    now = db_datetime(timezone.now())
    return Context(owner, rng, today, zone, now, circles, sectors)


def _setup(ctx: Context, people: int) -> None:
    _organizations(ctx, people)
    _tags(ctx)
    _events(ctx)
    _memberships(ctx)


def _company_names(ctx: Context) -> list[tuple[str, str, str]]:
    """Made-up company names as (name, NACE division, language), shuffled."""
    candidates = [
        (f"{stem} {suffix}", code, "fr")
        for stem in (*vocab.COMPANY_STEMS_FR, *vocab.LAST_NAMES_FR)
        for suffix, code in vocab.COMPANY_SUFFIXES_FR
    ] + [
        (f"{stem} {suffix}", code, "en")
        for stem in (*vocab.COMPANY_STEMS_EN, *vocab.LAST_NAMES_EN)
        for suffix, code in vocab.COMPANY_SUFFIXES_EN
    ]
    ctx.rng.shuffle(candidates)
    return candidates


def _organizations(ctx: Context, people: int) -> None:
    wanted = max(30, min(6000, people // 20))
    fixed = {text.fold(name) for name, _kind, _code in vocab.FIXED_ORGANIZATIONS}
    rows: list[tuple[str, str, str, str]] = []
    taken = set(fixed)
    for name, code, lang in _company_names(ctx):
        if len(rows) == wanted:
            break
        if text.fold(name) not in taken:
            taken.add(text.fold(name))
            rows.append((name, "company", code, lang))
    rows += [(name, kind, code, "fr") for name, kind, code in vocab.FIXED_ORGANIZATIONS]
    objects = [_organization(ctx, *row) for row in rows]
    Organization.objects.bulk_create(objects, batch_size=1000)
    for (name, kind, code, lang), obj in zip(rows, objects, strict=True):
        tld = "example.com" if lang == "en" else "example.fr"
        org = Org(obj.pk, name, kind, ctx.sectors.get(code), f"{slug(name)}.{tld}")
        ctx.by_name[name] = org
        ctx.by_kind.setdefault(kind, []).append(org)
    ctx.companies = ctx.by_kind["company"][:wanted]
    ctx.home = ctx.companies[0]
    ctx.counts.organizations = len(objects)


def _organization(ctx: Context, name: str, kind: str, code: str, lang: str) -> Organization:
    city, country = ctx.rng.choice(vocab.CITIES_EN if lang == "en" else vocab.CITIES)
    tld = "example.com" if lang == "en" else "example.fr"
    return Organization(
        owner=ctx.owner,
        name=name,
        name_folded=text.fold(name),
        kind=kind,
        sector_id=ctx.sectors.get(code),
        website=f"https://www.{slug(name)}.{tld}/",
        city=city,
        country=country,
    )


def _tags(ctx: Context) -> None:
    objects = [
        Tag(owner=ctx.owner, name=name, name_folded=text.fold(name), kind=kind)
        for kind, names in (("expertise", vocab.EXPERTISE), ("interest", vocab.INTERESTS))
        for name in names
    ]
    Tag.objects.bulk_create(objects)
    for tag in objects:
        ctx.tags.setdefault(tag.kind, []).append(tag.pk)
        ctx.tag_names[tag.pk] = tag.name
    # The order the database sorts tag names in (its collation), as a person's tags are listed.
    ordered = Tag.objects.owned_by(ctx.owner).order_by("name").values_list("id", flat=True)
    ctx.tag_rank = {pk: rank for rank, pk in enumerate(ordered)}


def _events(ctx: Context) -> None:
    rng, objects = ctx.rng, []
    organizers = ctx.by_kind.get("network", []) + ctx.by_kind.get("association", [])
    for years_ago in (2, 1, 0):
        for name, kind, place, cost in vocab.EVENTS:
            starts = ctx.today - dt.timedelta(days=years_ago * 365 + rng.randint(5, 330))
            attended = rng.random() < 0.75
            event = _event(ctx, name, kind, place, cost, starts, organizers)
            event.status = "attended" if attended else "skipped"
            event.debrief = rng.choice(vocab.DEBRIEFS) if attended else ""
            objects.append(event)
    for name, kind, place, cost in rng.sample(vocab.EVENTS, 6):
        starts = ctx.today + dt.timedelta(days=rng.randint(5, 150))
        event = _event(ctx, name, kind, place, cost, starts, organizers)
        event.status = rng.choice(("registered", "considering"))
        event.why_go = rng.choice(vocab.WHY_GO)
        event.whom_to_meet = rng.choice(vocab.WHOM_TO_MEET)
        event.what_i_bring = rng.choice(vocab.WHAT_I_BRING)
        objects.append(event)
    Event.objects.bulk_create(objects)
    # Past events the owner went to, by date: interactions "at an event" point to one.
    went = [event for event in objects if event.status == "attended"]
    ctx.past_events = sorted(
        (Ev(event.pk, event.starts_on, event.status) for event in went),
        key=lambda event: event.starts_on,
    )
    ctx.event_days = [event.starts_on for event in ctx.past_events]
    ctx.counts.events = len(objects)


def _event(
    ctx: Context,
    name: str,
    kind: str,
    place: str,
    cost: int,
    starts: dt.date,
    organizers: list[Org],
) -> Event:
    days = 1 if kind not in {"trade-fair", "conference"} else ctx.rng.randint(1, 3)
    organizer = ctx.rng.choice(organizers) if organizers and ctx.rng.random() < 0.5 else None
    return Event(
        owner=ctx.owner,
        name=f"{name} {starts.year}",
        kind=kind,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=days - 1),
        place=place,
        organizer_id=organizer.id if organizer else None,
        cost=Decimal(cost) if cost else None,
    )


# (organisation, role, dues, period, meets every (days), hours per month, status)
MEMBERSHIPS = (
    ("Cercle des dirigeants de l'Ouest", "Membre du comité", 450, "yearly", 14, "6.0", "active"),
    ("Association des anciens de l'ESCO", "", 60, "yearly", 90, "1.0", "active"),
    ("Tennis club de la Tête d'Or", "", 35, "monthly", 7, "8.0", "active"),
    ("Ordre régional des experts-comptables", "", 120, "yearly", None, "0.5", "active"),
    ("Réseau des femmes entrepreneures", "", 200, "yearly", 30, "3.0", "considering"),
    ("Club Export Rhône-Alpes", "", 300, "yearly", 30, "2.0", "lapsed"),
)


def _memberships(ctx: Context) -> None:
    objects = []
    for name, role, dues, period, cadence, hours, status in MEMBERSHIPS:
        started = ctx.days_ago(200, 3000) if status != "considering" else None
        objects.append(
            Membership(
                owner=ctx.owner,
                organization_id=ctx.by_name[name].id,
                role=role,
                dues_amount=Decimal(dues),
                dues_period=period,
                started_on=started,
                renews_on=ctx.today + dt.timedelta(days=ctx.rng.randint(10, 300)),
                meeting_cadence_days=cadence,
                hours_per_month=Decimal(hours),
                status=status,
            )
        )
    Membership.objects.bulk_create(objects)
    ctx.counts.add("memberships", len(objects))


def _goals_and_tasks(ctx: Context) -> None:
    rng = ctx.rng
    pool = list(dict.fromkeys(ctx.sample + ctx.top_ids))
    helpers = ctx.top_ids or pool
    for index, (title, kind, keywords, codes) in enumerate(vocab.GOALS):
        goal = Goal.objects.create(
            owner=ctx.owner,
            title=title,
            kind=kind,
            keywords=keywords,
            deadline=ctx.today + dt.timedelta(days=rng.randint(45, 240)),
            status="achieved" if index == len(vocab.GOALS) - 1 else "active",
        )
        goal.target_sectors.set([ctx.sectors[code] for code in codes if code in ctx.sectors])
        goal.target_organizations.set([org.id for org in rng.sample(ctx.companies[1:], 2)])
        goal.target_people.set(rng.sample(pool, min(2, len(pool))))
        _asks(ctx, goal, rng.sample(pool, min(len(pool), rng.randint(3, 5))), helpers)
        ctx.counts.goals += 1
    _tasks(ctx, pool)


def _asks(ctx: Context, goal: Goal, people: list[int], helpers: list[int]) -> None:
    rng, asks = ctx.rng, []
    for pid in people:
        move = rng.choice(("ask", "ask", "introduction", "strengthen"))
        via = rng.choice(helpers) if move == "introduction" else None
        status = rng.choice(("planned", "asked", "helped", "declined", "no-answer"))
        asked_on = ctx.days_ago(1, 90) if status != "planned" else None
        asks.append(
            Ask(
                owner=ctx.owner,
                goal=goal,
                person_id=pid,
                move=move,
                via_id=via if via != pid else None,
                status=status,
                asked_on=asked_on,
                outcome="Très utile, m'a donné deux noms." if status == "helped" else "",
            )
        )
    Ask.objects.bulk_create(asks)
    ctx.counts.add("asks", len(asks))


def _tasks(ctx: Context, pool: list[int]) -> None:
    rng, tasks = ctx.rng, []
    for index, title in enumerate(vocab.TASKS):
        due = ctx.today + dt.timedelta(days=rng.randint(-6, 21))
        done = index % 3 == 2
        tasks.append(
            Task(
                owner=ctx.owner,
                person_id=rng.choice(pool) if pool and index % 4 else None,
                title=title,
                due_on=due,
                done_at=ctx.at(min(due, ctx.today), 18, 0) if done else None,
            )
        )
    Task.objects.bulk_create(tasks)
    ctx.counts.add("tasks", len(tasks))
