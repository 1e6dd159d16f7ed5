"""Who the week's plan reads from the scores cache: the people some rule may concern.

A network of 100,000 people holds a few thousand of them, read in parts and joined by id:

- one scan of the network for the rules on the columns the scores recompute (last
  interaction, depth level, going cold): a default cadence falling due this week, a tie
  going cold, a tie never contacted. No index serves them: the recompute rewrites those
  columns on every row, and on SQLite an index on them doubled the cost of that write;
  and the people they find, a tenth of a large network, lie on most pages of the table
  anyway. The scan also takes the cheap tests on the columns nobody recomputes (pinned,
  their own cadence, a birthday this week, met in the last days);
- the people the other facts name, and the members of circles with a cadence, by
  primary key;
- the first dormant ties of the month's rotation, by primary key in the rotation's order
  (`agenda_rules.rotation` is a permutation of the ids, computed here with numpy), until
  enough of them are found.

The parts are a superset of what the engine's rules keep (a test checks that the plan from
them is the plan from everyone).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.db.models import DateTimeField, F, FloatField, Func, Q, Value

from entregent.engines import agenda, agenda_rules
from entregent.engines.scoring import Level
from entregent.models import Person
from entregent.services.plan_people import (
    Window,
    as_people,
    circle_cadences,
    fetch,
    id_list,
    person_rows,
)

REVIVE_CANDIDATES = 20  # the rotation's first ones; the engine keeps a few of them
ROTATION_FIRST = 1024  # ids read at the head of the rotation, then four times more each time
ROTATION_SPAN = 4_000_000  # beyond this many ids, the database orders the rotation itself


class DaysBetween(Func):
    """Days (a float) from an earlier to a later instant, on SQLite and PostgreSQL alike."""

    arity = 2
    output_field = FloatField()

    def __init__(self, later: Any, earlier: Any) -> None:
        super().__init__(later, earlier)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "(julianday(%(expressions)s))"
        return self.as_sql(
            compiler, connection, template=template, arg_joiner=") - julianday(", **extra
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=" - ", **extra)


def people_from_cache(
    owner: Any, window: Window, rules: agenda.Rules, named: Iterable[int]
) -> agenda.People:
    """The people some rule may concern (see the module's docstring)."""
    circle_cadence = circle_cadences(owner)
    people = Person.objects.owned_by(owner).filter(archived__in=[False])
    end = Value(window.start(rules.week_end + dt.timedelta(days=1)), DateTimeField())
    scanned = people.alias(idle=DaysBetween(end, F("last_interaction_at")))
    rows = fetch(person_rows(scanned.filter(_scanned(window, rules))))
    seen = {row[0] for row in rows}
    wanted = sorted({*circle_cadence, *named} - seen)
    if wanted:
        rows += fetch(person_rows(people.filter(pk__in=id_list(wanted))))
    rows += _revive_candidates(owner, window, rules)
    return as_people(rows, window, circle_cadence)


def _birthdays(window: Window, rules: agenda.Rules) -> Q:
    days: dict[int, list[int]] = defaultdict(list)
    day = window.days_ago(agenda_rules.BIRTHDAY_LATE)
    while day <= rules.week_end:
        days[day.month].append(day.day)
        if (day.month, day.day) == (2, 28):
            days[2].append(29)
        day += dt.timedelta(days=1)
    found = Q(pk__in=[])
    for month, in_month in days.items():
        found |= Q(birthday_month=month) & Q(birthday_day__in=in_month)
    return found


def _scanned(window: Window, rules: agenda.Rules) -> Q:
    """What the scan keeps: the person rules, but for the people other facts name and the
    dormant ties (read apart). The order of the terms is the order SQLite tries them in:
    most rows fail the first range test at once."""
    start, today = window.start, window.today
    after_week = rules.week_end + dt.timedelta(days=1)
    # A default cadence falls due this week, at most one cadence late. Both levels share one
    # range test first, so that most rows cost one or two comparisons.
    levels = (
        (Q(closeness__gte=4) | Q(depth_level__gte=Level.TRUSTED), rules.cadence_close_days),
        (Q(closeness__gte=3) | Q(depth_level__gte=Level.RELATION), rules.cadence_relation_days),
    )
    ranges = [
        (start(today - dt.timedelta(days=2 * days)), start(after_week - dt.timedelta(days=days)))
        for _level, days in levels
    ]
    either = Q(pk__in=[])
    for (level, _days), (first, last) in zip(levels, ranges, strict=True):
        either |= Q(last_interaction_at__gte=first) & Q(last_interaction_at__lt=last) & level
    lowest, highest = min(first for first, _ in ranges), max(last for _, last in ranges)
    found = Q(last_interaction_at__gte=lowest) & Q(last_interaction_at__lt=highest) & either
    found |= Q(
        cold_from__lt=start(today),
        last_interaction_at__gte=start(window.days_ago(agenda_rules.COLD_WINDOW)),
    )
    found |= Q(last_interaction_at__isnull=True) & (levels[0][0] | levels[1][0])
    found |= Q(priority__isnull=False)
    # Their own cadence falls due by Sunday (a day of slack for time zones), at most one
    # cadence late; `idle` is aliased by the caller.
    found |= Q(cadence_days__isnull=False) & (
        Q(last_interaction_at__isnull=True)
        | Q(cadence_days__lte=F("idle") + 1, cadence_days__gte=(F("idle") - 8) / 2)
    )
    found |= _birthdays(window, rules) & (
        Q(priority__isnull=False) | Q(closeness__gte=3) | Q(depth_level__gte=Level.RELATION)
    )
    found |= Q(first_met_on__range=(window.days_ago(agenda_rules.FOLLOW_UP_WINDOW), today))
    return found


def _dormant(window: Window, rules: agenda.Rules) -> Q:
    """Dormant ties the revive rule may pick (as agenda_rules.dormant): not in the top 10,
    last contact one to five years ago, once more than bare contacts."""
    return (
        Q(last_interaction_at__gte=window.start(window.days_ago(agenda_rules.DORMANT_TO)))
        & Q(last_interaction_at__lt=window.start(window.days_ago(agenda_rules.DORMANT_FROM - 1)))
        & (Q(closeness__gte=2) | Q(depth_level__gte=Level.ACQUAINTANCE))
        & ~Q(priority__range=(1, rules.top_size))
    )


def _turn(window: Window) -> Any:
    """The month's rotation of dormant ties (agenda_rules.rotation), in SQL."""
    seed = agenda_rules.revive_seed(window.today)
    return ((F("id") + seed) * agenda_rules.REVIVE_MULTIPLIER) % agenda_rules.REVIVE_MODULUS


def _revive_candidates(owner: Any, window: Window, rules: agenda.Rules) -> list[tuple[Any, ...]]:
    """The first REVIVE_CANDIDATES dormant ties of the month's rotation. The ids between
    the owner's first and last person are put in the rotation's order, and the people are
    read by primary key from the head of it, a longer head each time, until enough of them
    are dormant ties: on a large network the first two thousand ids hold them."""
    people = Person.objects.owned_by(owner).filter(archived__in=[False])
    first = people.order_by("id").values_list("id", flat=True).first()
    last = people.order_by("-id").values_list("id", flat=True).first()
    if first is None or last is None:
        return []
    dormant = _dormant(window, rules)
    if last - first >= ROTATION_SPAN:
        ordered = person_rows(people.filter(dormant).alias(turn=_turn(window))).order_by("turn")
        return fetch(ordered[:REVIVE_CANDIDATES])
    # `owner_id + 0`: each id is one probe of the table, not of an index of the owner first.
    by_id = Person.objects.alias(owner_key=F("owner_id") + 0).filter(
        dormant, owner_key=owner.pk, archived=False
    )
    ids = np.arange(first, last + 1, dtype=np.int64)
    turns = agenda_rules.rotation(ids, window.today)
    found: list[tuple[Any, ...]] = []
    done, size = 0, ROTATION_FIRST
    while done < len(ids) and len(found) < REVIVE_CANDIDATES:
        size = min(size, len(ids))
        head = np.argpartition(turns, size - 1)[:size]
        head = head[np.argsort(turns[head])][done:]
        found += fetch(person_rows(by_id.filter(pk__in=id_list(ids[head].tolist()))))
        done, size = size, size * 4
    order = np.argsort(agenda_rules.rotation(np.asarray([row[0] for row in found]), window.today))
    return [found[index] for index in order[:REVIVE_CANDIDATES].tolist()]
