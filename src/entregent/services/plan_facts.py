"""The facts the week's plan is made of, read in a handful of owner-scoped queries.

No query per person: each kind of fact is one query (or two), whatever the size of the
network. The people, the large part, are read by `plan_people`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
)

from entregent.engines import agenda, agenda_rules
from entregent.models import (
    Decision,
    Direction,
    Event,
    EventStatus,
    Favor,
    InteractionKind,
    Membership,
    MembershipStatus,
    News,
    Participation,
    Person,
    Profile,
    Request,
    RequestDirection,
    RequestStatus,
    Task,
)
from entregent.services import plan_candidates, plan_people
from entregent.services.plan_people import Window

DECISIONS_KEPT_DAYS = 400  # older decisions concern no action a rule can still propose
MEETING_KINDS = (
    InteractionKind.MEETING,
    InteractionKind.MEAL,
    InteractionKind.CALL,
    InteractionKind.VIDEO,
    InteractionKind.EVENT,
)
CONTACT_WINDOW_DAYS = 120  # history enough for the guard rails


def rules_for(profile: Profile, today: dt.date) -> agenda.Rules:
    return agenda.Rules(
        today=today,
        budget_minutes=profile.weekly_minutes,
        daily_cap=profile.daily_cap,
        min_gap_days=profile.min_gap_days,
        max_unanswered=profile.max_unanswered,
        same_text_warning=profile.same_text_warning,
        cadence_top_days=profile.cadence_top_days,
        cadence_close_days=profile.cadence_close_days,
        cadence_relation_days=profile.cadence_relation_days,
    )


# --- the small facts ------------------------------------------------------------------------


def decisions(owner: Any, window: Window) -> list[agenda.Decision]:
    since = window.start(window.days_ago(DECISIONS_KEPT_DAYS))
    rows = (
        Decision.objects.owned_by(owner)
        .filter(updated_at__gte=since)
        .values_list("action_key", "decision", "updated_at", "snoozed_until", "person_id")
    )
    return [
        agenda.Decision(key, agenda.Decided(decision), window.day(at), until, person)
        for key, decision, at, until, person in rows
    ]


def favors(owner: Any, window: Window) -> list[agenda.Favor]:
    rows = (
        Favor.objects.owned_by(owner)
        .filter(
            giver__isnull=False,
            receiver__isnull=True,
            thanked_on__isnull=True,
            occurred_on__gte=window.days_ago(agenda_rules.THANK_WINDOW),
        )
        .order_by()
        .values_list("id", "giver_id", "kind", "occurred_on", "description")
    )
    return [agenda.Favor(*row) for row in rows]


def balances(owner: Any, window: Window) -> list[agenda.Balance]:
    """Give-and-take of the people who gave at least twice, lately too."""
    favors = Favor.objects.owned_by(owner)
    received = (
        favors.filter(giver__isnull=False, receiver__isnull=True)
        .values("giver_id")
        .annotate(count=Count("id"), last=Max("occurred_on"))
        .filter(
            count__gte=agenda_rules.RECIPROCATE_GAP,
            last__gte=window.days_ago(agenda_rules.RECIPROCATE_WINDOW),
        )
        .values_list("giver_id", "count", "last")
    )
    found = {person: (count, last) for person, count, last in received}
    if not found:
        return []
    given = dict(
        favors.filter(giver__isnull=True, receiver_id__in=list(found))
        .values("receiver_id")
        .annotate(count=Count("id"))
        .values_list("receiver_id", "count")
    )
    return [
        agenda.Balance(person, given.get(person, 0), count, last)
        for person, (count, last) in found.items()
    ]


def news(owner: Any, window: Window) -> list[agenda.News]:
    rows = (
        News.objects.owned_by(owner)
        .filter(
            congratulated_on__isnull=True,
            occurred_on__gte=window.days_ago(agenda_rules.CONGRATULATE_WINDOW),
        )
        .values_list("id", "person_id", "kind", "occurred_on", "headline")
    )
    return [agenda.News(*row) for row in rows]


def requests(owner: Any, window: Window, rules: agenda.Rules) -> list[agenda.Request]:
    first = window.days_ago(agenda_rules.ANSWER_LATE)
    last = rules.week_end + dt.timedelta(days=agenda_rules.ANSWER_AHEAD)
    undated = dt.timedelta(days=agenda_rules.ANSWER_DAYS)
    rows = (
        Request.objects.owned_by(owner)
        .filter(direction=RequestDirection.RECEIVED, status=RequestStatus.OPEN)
        .filter(
            Q(respond_by__range=(first, last))
            | Q(respond_by__isnull=True, received_on__range=(first - undated, last - undated))
        )
        .values_list("id", "person_id", "received_on", "respond_by", "topic")
    )
    return [agenda.Request(*row) for row in rows]


def events(owner: Any, window: Window, rules: agenda.Rules) -> list[agenda.Event]:
    last = rules.week_end + dt.timedelta(days=agenda_rules.EVENT_AHEAD)
    rows = (
        Event.objects.owned_by(owner)
        .filter(
            starts_on__range=(window.today, last),
            status__in=[EventStatus.CONSIDERING, EventStatus.REGISTERED],
        )
        .values_list("id", "name", "starts_on", "why_go", "whom_to_meet", "what_i_bring")
    )
    found = []
    for pk, name, starts_on, why, whom, what in rows:
        answers = {"why": why, "whom": whom, "what": what}
        missing = tuple(question for question, text in answers.items() if not text.strip())
        found.append(agenda.Event(pk, name, starts_on, missing))
    return found


def memberships(owner: Any, window: Window, rules: agenda.Rules) -> list[agenda.Membership]:
    first = window.days_ago(agenda_rules.MEMBERSHIP_LATE)
    last = rules.week_end + dt.timedelta(days=agenda_rules.MEMBERSHIP_AHEAD)
    rows = (
        Membership.objects.owned_by(owner)
        .filter(status=MembershipStatus.ACTIVE, renews_on__range=(first, last))
        .values_list("id", "organization__name", "renews_on")
    )
    return [agenda.Membership(*row) for row in rows]


def tasks(owner: Any, rules: agenda.Rules) -> list[agenda.Task]:
    rows = (
        Task.objects.owned_by(owner)
        .filter(done_at__isnull=True, due_on__lte=rules.week_end)
        .values_list("id", "title", "due_on", "person_id")
    )
    return [agenda.Task(*row) for row in rows]


def meetings(owner: Any, window: Window) -> list[agenda.Meeting]:
    """First meetings and event encounters of the last days that nothing followed yet."""
    # The interaction's time rather than the participation's own copy of it: the
    # participations are then read from their (interaction, person) index alone.
    person, when = OuterRef("person_id"), OuterRef("interaction__occurred_at")
    earlier = Participation.objects.filter(person_id=person, occurred_at__lt=when)
    later = Participation.objects.filter(person_id=person, occurred_at__gt=when)
    at_event = Q(interaction__kind=InteractionKind.EVENT) | Q(interaction__event__isnull=False)
    start = window.days_ago(agenda_rules.FOLLOW_UP_WINDOW)
    # `owner_id + 0`: SQLite must walk the interactions by date, not all of the owner's.
    rows = (
        Participation.objects.alias(owner_key=F("interaction__owner_id") + 0)
        .filter(
            owner_key=owner.pk,
            interaction__occurred_at__gte=window.start(start),
            interaction__occurred_at__lt=window.start(window.today + dt.timedelta(days=1)),
        )
        .filter(Q(interaction__kind__in=MEETING_KINDS) | Q(interaction__event__isnull=False))
        # Event encounters, and the others only when they were the first interaction.
        .filter(at_event | ~Exists(earlier))
        .filter(~Exists(later))
        .values_list(
            "person_id", "interaction__occurred_at", "interaction__kind", "interaction__event__name"
        )
    )
    found = []
    for pid, at, kind, event_name in rows:
        event = kind == InteractionKind.EVENT or event_name is not None
        # An event encounter may also be a first meeting; the event is what the reason says.
        found.append(
            agenda.Meeting(
                person_id=pid,
                day=window.day(at),
                first=not event,
                at_event=event,
                followed_up=False,
                event_name=event_name or "",
            )
        )
    return found


# --- people -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """The last exchange with a person, for message drafts."""

    day: dt.date
    kind: str
    summary: str


def contacts(owner: Any, window: Window, person_ids: Iterable[int]) -> dict[int, agenda.Contact]:
    """Recent outreach to these people, for the guard rails."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    # `owner_id + 0`: the owner check stays in SQL but out of SQLite's choice of index, which
    # must be the per-person timeline (5 s through the owner's interactions, 10 ms this way).
    rows = (
        Participation.objects.alias(owner_key=F("interaction__owner_id") + 0)
        .filter(
            person_id__in=ids,
            owner_key=owner.pk,
            occurred_at__gte=window.start(window.days_ago(CONTACT_WINDOW_DAYS)),
        )
        .order_by("person_id", "-occurred_at", "-interaction_id")
        .values_list("person_id", "occurred_at", "interaction__direction")
    )
    found = plan_people.fetch(rows)
    days = plan_people.local_days([at for _pid, at, _direction in found], window).tolist()
    history: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for (pid, _at, direction), day in zip(found, days, strict=True):
        history[pid].append((dt.date.fromordinal(day), direction))
    return {pid: _contact(pid, seen) for pid, seen in history.items()}


def last_exchanges(owner: Any, window: Window, person_ids: Iterable[int]) -> dict[int, Exchange]:
    """The last exchange with each of these people, whenever it was: one index probe each."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    latest = Participation.objects.filter(person_id=OuterRef("pk")).order_by(
        "-occurred_at", "-interaction_id"
    )
    # Unordered: ordered by name, SQLite would walk the whole network's name index.
    rows = (
        Person.objects.owned_by(owner)
        .filter(pk__in=ids)
        .order_by()
        .annotate(
            last_at=Subquery(latest.values("occurred_at")[:1]),
            last_kind=Subquery(latest.values("interaction__kind")[:1]),
            last_summary=Subquery(latest.values("interaction__summary")[:1]),
        )
        .filter(last_at__isnull=False)
        .values_list("pk", "last_at", "last_kind", "last_summary")
    )
    return {pid: Exchange(window.day(at), kind, summary or "") for pid, at, kind, summary in rows}


def _contact(pid: int, seen: list[tuple[dt.date, str]]) -> agenda.Contact:
    """From a person's exchanges, newest first: the last outreach, the last reply, and how
    many outreaches since that reply."""
    outreach = [day for day, direction in seen if direction == Direction.OUTGOING]
    replies = [day for day, direction in seen if direction != Direction.OUTGOING]
    unanswered = 0
    for _day, direction in seen:
        if direction != Direction.OUTGOING:
            break
        unanswered += 1
    return agenda.Contact(
        pid,
        last_outreach=outreach[0] if outreach else None,
        last_reply=replies[0] if replies else None,
        unanswered=unanswered,
    )


def gather(owner: Any, profile: Profile, window: Window) -> agenda.Facts:
    """Every fact of the week's rules, owner-scoped, in a fixed number of queries."""
    rules = rules_for(profile, window.today)
    found = agenda.Facts(
        people=agenda.People.build([]),
        decisions=decisions(owner, window),
        favors=favors(owner, window),
        balances=balances(owner, window),
        news=news(owner, window),
        requests=requests(owner, window, rules),
        events=events(owner, window, rules),
        memberships=memberships(owner, window, rules),
        tasks=tasks(owner, rules),
        meetings=meetings(owner, window),
    )
    named = {
        *(fact.person_id for fact in found.decisions),
        *(fact.person_id for fact in found.favors),
        *(fact.person_id for fact in found.balances),
        *(fact.person_id for fact in found.news),
        *(fact.person_id for fact in found.requests),
        *(fact.person_id for fact in found.tasks),
        *(fact.person_id for fact in found.meetings),
    }
    ids = {pid for pid in named if pid is not None}
    if plan_people.cached(owner):
        people = plan_candidates.people_from_cache(owner, window, rules, ids)
    else:
        people = plan_people.people_from_history(owner, window)
    return dataclasses.replace(found, people=people)
