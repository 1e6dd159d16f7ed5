"""The demo's activity, one chunk of people at a time: interactions over three years with
realistic rhythms, ties between contacts, give-and-take, requests, introductions and news.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from entregent.data import demo_vocabulary as vocab
from entregent.models import Favor, Interaction, Introduction, News, Participation, Request, Tie
from entregent.services.bulk_write import IdBlock, insert_rows, owned_columns
from entregent.services.demo_base import Context, Ev, Weighted
from entregent.services.demo_people import GAPS, PERSONAL, WINDOW_DAYS, Made

KINDS_PRO = Weighted(
    ("meeting", "call", "video", "email", "meal", "message", "social", "note", "event"),
    (20, 18, 12, 22, 8, 8, 6, 3, 3),
)
KINDS_PERSONAL = Weighted(
    ("message", "call", "meal", "meeting", "social", "video"), (30, 25, 25, 10, 5, 5)
)
DIRECTIONS = Weighted(("outgoing", "incoming", "mutual"), (45, 30, 25))
TIMED = {"meeting": (30, 90), "meal": (60, 150), "call": (5, 45), "video": (20, 60)}
FAVOR_KINDS = Weighted(tuple(vocab.FAVOR_TEXTS), (20, 18, 12, 10, 6, 10, 8, 10, 6))
REQUEST_STATUSES = Weighted(("open", "answered", "declined"), (45, 45, 10))
AMOUNTS = (800, 1500, 2500, 4000, 6000, 12000, 25000)
REGULAR = {"weekly", "fortnightly", "monthly", "quarterly"}
# One interaction: when (aware), its database value, kind, direction, setting, summary,
# duration in minutes, event id.
Spec = tuple[dt.datetime, Any, str, str, str, str, int | None, int | None]

# Columns of the rows built below, in order.
INTERACTION_FIELDS = (
    "id",
    *owned_columns(
        "occurred_at kind direction setting summary duration_minutes event source external_id"
    ),
)
TIE_FIELDS = owned_columns("person_a person_b kind strength source since note")
FAVOR_FIELDS = owned_columns(
    "giver receiver kind occurred_on description amount currency thanked_on interaction"
)
REQUEST_FIELDS = owned_columns(
    "person direction topic details received_on respond_by status answered_on"
)
NEWS_FIELDS = owned_columns("person kind headline occurred_on url congratulated_on")
INTRODUCTION_FIELDS = owned_columns(
    "introducer person_a person_b purpose status asked_on made_on outcome"
)


@dataclass
class Groups:
    """People of the chunk by current employer, former employer and circle."""

    employer: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    former: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    circle: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, made_people: list[Made]) -> Groups:
        groups = cls()
        for made in made_people:
            pid = made.person.pk
            for role in made.roles:
                target = groups.employer if role.ended_on is None else groups.former
                if role.org.kind == "company":
                    target[role.org.id].append(pid)
            for circle in made.circles:
                groups.circle[circle].append(pid)
        return groups


def write_activity(ctx: Context, made_people: list[Made], interaction_ids: IdBlock) -> None:
    groups = Groups.of(made_people)
    history = write_interactions(ctx, made_people, groups, interaction_ids)
    write_ties(ctx, made_people, groups)
    write_exchanges(ctx, made_people, history)


def _dates(ctx: Context, made: Made) -> list[dt.date]:
    rng, person = ctx.rng, made.person
    end = ctx.today - dt.timedelta(days=1)
    start = max(ctx.today - dt.timedelta(days=WINDOW_DAYS), person.first_met_on or dt.date.min)
    gap = GAPS[made.band]
    if gap is not None and made.person.priority is None and rng.random() < 0.15:
        end -= dt.timedelta(days=rng.randint(2 * gap, 2 * gap + 360))  # a tie going cold
    span = (end - start).days
    if span < 0:
        return []
    if gap is None:
        count = 1 if made.band == "once" else rng.randint(1, 4)
        days = [start + dt.timedelta(days=rng.randint(0, span)) for _ in range(count)]
        return sorted(days)
    days, offset = [], rng.uniform(0, gap)
    while offset <= span:
        days.append(start + dt.timedelta(days=int(offset)))
        offset += gap * rng.uniform(0.5, 1.5)
    return days


def _summary(ctx: Context, made: Made, kind: str) -> str:
    rng = ctx.rng
    if rng.random() < 0.15:
        return ""
    english = made.lang == "en"
    templates = (vocab.SUMMARIES_EN if english else vocab.SUMMARIES_FR)[kind]
    employer = made.employer
    if employer is None:
        templates = tuple(t for t in templates if "{org}" not in t) or templates
    return rng.choice(templates).format(
        topic=rng.choice(vocab.TOPICS_EN if english else vocab.TOPICS_FR),
        org=employer.name if employer else made.person.city,
        first=made.person.first_name,
    )


def _one_interaction(ctx: Context, made: Made, day: dt.date) -> Spec:
    """(when, its database value, kind, direction, setting, summary, duration, event id)."""
    rng = ctx.rng
    personal = made.circles[0] in PERSONAL and rng.random() < 0.8
    if personal:
        kind = KINDS_PERSONAL.pick(rng)
        hour = rng.randint(11, 21)
    else:
        kind = KINDS_PRO.pick(rng)
        hour = rng.randint(8, 18)
    event_id = None
    if kind == "event":
        event = _event_before(ctx, day)
        met = made.person.first_met_on
        if event is not None and (met is None or event.starts_on >= met):
            event_id, day = event.id, event.starts_on
    low_high = TIMED.get(kind)
    duration = 5 * (rng.randint(*low_high) // 5) if low_high else None
    when, stamp = ctx.stamp(day, hour, rng.choice((0, 15, 30, 45)))
    direction = DIRECTIONS.pick(rng)
    setting = "personal" if personal else "professional"
    return (when, stamp, kind, direction, setting, _summary(ctx, made, kind), duration, event_id)


def _event_before(ctx: Context, day: dt.date) -> Ev | None:
    """The last event the owner went to in the six weeks up to `day`, if any."""
    index = bisect.bisect_right(ctx.event_days, day)
    if index and (day - ctx.past_events[index - 1].starts_on).days <= 45:
        return ctx.past_events[index - 1]
    return None


def _companions(ctx: Context, made: Made, groups: Groups) -> list[int]:
    """Others from the same employer or circle who were there too."""
    employer = made.employer
    pool = groups.employer.get(employer.id, []) if employer else []
    if len(pool) < 2:
        pool = groups.circle.get(made.circles[0], [])
    if len(pool) < 2:
        return []
    chosen = ctx.rng.sample(pool, min(len(pool), ctx.rng.randint(1, 3) + 1))
    return [pid for pid in chosen if pid != made.person.pk][:3]


def _met_at_event(ctx: Context, made: Made, day: dt.date) -> Spec:
    """The first encounter, at the event where we met."""
    person = made.person
    when, stamp = ctx.stamp(day, ctx.rng.randint(10, 17), 0)
    summary = "Rencontre au salon" if made.lang == "fr" else "Met at the event"
    return (when, stamp, "event", "mutual", "professional", summary, None, person.met_at_event_id)


def write_interactions(
    ctx: Context, made_people: list[Made], groups: Groups, ids: IdBlock
) -> dict[int, list[tuple[int, dt.date]]]:
    """Interactions and participations; (interaction id, date) per person, for favours."""
    specs: list[tuple[Spec, list[int]]] = []
    for made in made_people:
        pid = made.person.pk
        if made.person.met_at_event_id and made.person.first_met_on:
            specs.append((_met_at_event(ctx, made, made.person.first_met_on), [pid]))
        for day in _dates(ctx, made):
            people = [pid]
            if made.band in REGULAR and ctx.rng.random() < 0.12:
                people += _companions(ctx, made, groups)
            specs.append((_one_interaction(ctx, made, day), people))
    owner, now = ctx.owner.pk, ctx.now
    interactions: list[tuple[Any, ...]] = []
    participations: list[tuple[int, int, Any]] = []
    history: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for pk, ((when, stamp, *rest), people) in zip(ids.take(len(specs)), specs, strict=True):
        interactions.append((pk, owner, now, now, stamp, *rest, "demo", ""))
        for person_id in dict.fromkeys(people):
            participations.append((pk, person_id, stamp))
            history[person_id].append((pk, when.date()))
    insert_rows(Interaction, INTERACTION_FIELDS, interactions)
    insert_rows(Participation, ("interaction", "person", "occurred_at"), participations)
    ctx.counts.interactions += len(interactions)
    ctx.counts.participations += len(participations)
    return history


class _TieSet:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rows: list[tuple[Any, ...]] = []
        self.seen: set[tuple[int, int, str]] = set()

    def add(self, a: int, b: int, kind: str, source: str, strength: float) -> None:
        first, second = min(a, b), max(a, b)
        if first == second or (first, second, source) in self.seen:
            return
        self.seen.add((first, second, source))
        since = self.ctx.days_ago(400, 6000) if self.ctx.rng.random() < 0.3 else None
        owner, now = self.ctx.owner.pk, self.ctx.now
        row = (owner, now, now, first, second, kind, round(strength, 2), source, since, "")
        self.rows.append(row)


CIRCLE_TIES = {
    "family": ("family", 0.75, 1.0),
    "friends": ("friends", 0.55, 0.9),
    "classmates": ("classmates", 0.3, 0.6),
    "sports": ("knows", 0.3, 0.6),
    "associations": ("knows", 0.3, 0.6),
    "partners": ("business", 0.4, 0.7),
    "clients": ("business", 0.2, 0.5),
}


def write_ties(ctx: Context, made_people: list[Made], groups: Groups) -> None:
    """Inferred ties from shared employers, declared ones within circles and across chunks."""
    rng, ties = ctx.rng, _TieSet(ctx)
    for table, kind, low, high in (
        (groups.employer, "colleagues", 0.3, 0.7),
        (groups.former, "former-colleagues", 0.15, 0.45),
    ):
        for members in table.values():
            if len(members) < 2:
                continue
            for pid in members:
                for other in rng.sample(members, min(2, len(members))):
                    ties.add(pid, other, kind, "inferred", rng.uniform(low, high))
    for circle, (kind, low, high) in CIRCLE_TIES.items():
        members = groups.circle.get(circle, [])
        for pid in members if len(members) > 1 else []:
            if rng.random() < 0.5:
                ties.add(pid, rng.choice(members), kind, "declared", rng.uniform(low, high))
    for made in made_people:
        if rng.random() < 0.25:
            other = ctx.recent_person(20000)
            ties.add(made.person.pk, other, "knows", "declared", rng.uniform(0.2, 0.6))
    ctx.counts.ties += insert_rows(Tie, TIE_FIELDS, ties.rows)


def write_exchanges(
    ctx: Context, made_people: list[Made], history: dict[int, list[tuple[int, dt.date]]]
) -> None:
    favors, requests, news, introductions = [], [], [], []
    for made in made_people:
        seen = history.get(made.person.pk, [])
        regular = made.band in REGULAR
        if seen and ctx.rng.random() < (0.35 if regular else 0.05):
            favors.append(_favor(ctx, made.person.pk, ctx.rng.choice(seen)))
        if regular and ctx.rng.random() < 0.04:
            requests.append(_request(ctx, made.person.pk))
        if ctx.rng.random() < 0.03:
            news.append(_news(ctx, made))
        if regular and ctx.rng.random() < 0.015 and len(ctx.person_ids) > 1:
            introductions.append(_introduction(ctx, made.person.pk))
    ctx.counts.favors += insert_rows(Favor, FAVOR_FIELDS, favors)
    ctx.counts.add("requests", insert_rows(Request, REQUEST_FIELDS, requests))
    ctx.counts.add("news", insert_rows(News, NEWS_FIELDS, news))
    ctx.counts.add("introductions", insert_rows(Introduction, INTRODUCTION_FIELDS, introductions))


def _favor(ctx: Context, pid: int, seen: tuple[int, dt.date]) -> tuple[object, ...]:
    rng = ctx.rng
    interaction_id, day = seen
    given = rng.random() < 0.5
    kind = FAVOR_KINDS.pick(rng)
    description = vocab.FAVOR_TEXTS[kind][rng.random() < 0.3]
    amount = Decimal(rng.choice(AMOUNTS)) if kind == "business" else None
    thanked = None
    if not given and rng.random() < 0.7:
        thanked = min(ctx.today, day + dt.timedelta(days=rng.randint(0, 10)))
    giver, receiver = (None, pid) if given else (pid, None)
    owned = (ctx.owner.pk, ctx.now, ctx.now)
    currency = "EUR" if amount is not None or rng.random() < 0.9 else "GBP"
    return (
        *owned,
        giver,
        receiver,
        kind,
        day,
        description,
        amount,
        currency,
        thanked,
        interaction_id,
    )


def _request(ctx: Context, pid: int) -> tuple[object, ...]:
    rng = ctx.rng
    received = ctx.days_ago(1, 150)
    status = REQUEST_STATUSES.pick(rng)
    respond_by = received + dt.timedelta(days=rng.randint(5, 40)) if rng.random() < 0.8 else None
    answered = None
    if status != "open":
        answered = min(ctx.today, received + dt.timedelta(days=rng.randint(1, 20)))
    direction = "received" if rng.random() < 0.8 else "made"
    topic = rng.choice(vocab.REQUEST_TOPICS)
    return (
        ctx.owner.pk,
        ctx.now,
        ctx.now,
        pid,
        direction,
        topic,
        "",
        received,
        respond_by,
        status,
        answered,
    )


def _news(ctx: Context, made: Made) -> tuple[object, ...]:
    rng = ctx.rng
    kind, template = rng.choice(vocab.NEWS_TEMPLATES)
    employer = made.employer
    current = [role for role in made.roles if role.ended_on is None]
    headline = template.format(
        org=employer.name if employer else ctx.pick_company().name,
        title=current[0].title if current and current[0].title else "associé·e",
        city=made.person.city or "Lyon",
    )
    occurred = ctx.days_ago(1, 240)
    congratulated = None
    if rng.random() < 0.5:
        congratulated = min(ctx.today, occurred + dt.timedelta(days=rng.randint(0, 6)))
    return (
        ctx.owner.pk,
        ctx.now,
        ctx.now,
        made.person.pk,
        kind,
        headline,
        occurred,
        "",
        congratulated,
    )


def _introduction(ctx: Context, pid: int) -> tuple[object, ...]:
    """The owner introduces two contacts, or a contact introduces the owner to someone."""
    rng = ctx.rng
    other = ctx.recent_person(20000)
    if other == pid:
        other = ctx.person_ids[0] if ctx.person_ids[0] != pid else ctx.person_ids[1]
    status = rng.choice(("idea", "asked-first", "asked-second", "made", "made", "declined"))
    asked = ctx.days_ago(10, 400) if status != "idea" else None
    made_on = (
        min(ctx.today, asked + dt.timedelta(days=rng.randint(1, 15)))
        if (status == "made" and asked)
        else None
    )
    if rng.random() < 0.6:
        introducer, first, second = None, pid, other
        purpose = "Deux métiers qui se complètent : à faire se rencontrer."
    else:
        introducer, first, second = pid, None, other
        purpose = "Offered to introduce me to someone in their team."
    outcome = "Ils se sont vus, un projet commun en vue." if made_on else ""
    return (
        ctx.owner.pk,
        ctx.now,
        ctx.now,
        introducer,
        first,
        second,
        purpose,
        status,
        asked,
        made_on,
        outcome,
    )
