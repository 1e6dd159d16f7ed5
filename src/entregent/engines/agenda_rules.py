"""The agenda's rules: which facts propose which actions, when they fall due, what they weigh.

Pure Python + numpy, no Django; the types live in `agenda_actions` and `agenda_facts`. The
rules over every person (cadence, going cold, dormant ties, birthdays) run as array passes,
so that a network of 100,000 people costs a few milliseconds; the others read the small lists
of facts.

Windows, in days (from the method: "strike while the iron is hot", thank quickly,
congratulate on news, answer before the date asked):

- follow-up: a first meeting or an event encounter of the last four days not followed by any
  other interaction; due two days after it.
- thank: help received in the last month and not thanked; due three days after it.
- congratulate: news of the last month not congratulated; due a week after it.
- answer: an open request received, due on its respond-by date (a week after it came when
  it has none), from a week ahead down to a month late.
- birthday: from three days ago to the end of the week, for the top 10 and relations.
- keep in touch: when the cadence falls due this week, and at most one cadence late (later
  than that a tie is dormant and the revive rule takes over), except for the top 10.
- going cold: a tie the scores flag as going cold, with a contact in the last year.
- reciprocate: at least two more favours received than given, one in the last year.
- revive: a few dormant ties a month (last contact one to five years ago), once more than
  bare contacts, chosen by a monthly rotation that the database can apply too.
- prepare an event starting within the week after this one, a week before it.
- renew or reconsider a membership two weeks before it renews (up to a month late).
- tasks with a due date up to the end of the week.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from entregent.engines import agenda_fit
from entregent.engines.agenda_actions import (
    SPECS,
    Action,
    Kind,
    Param,
    Proposals,
    Rest,
    Rules,
    parse_key,
)
from entregent.engines.agenda_context import LEVEL_OF_CLOSENESS, Context
from entregent.engines.agenda_facts import BoolArray, Decided, Facts, FloatArray, IntArray, People
from entregent.engines.scoring import Level

FOLLOW_UP_DAYS = 2
FOLLOW_UP_WINDOW = 4
THANK_DAYS = 3
THANK_WINDOW = 30
CONGRATULATE_DAYS = 7
CONGRATULATE_WINDOW = 30
ANSWER_DAYS = 7  # when a request has no respond-by date
ANSWER_AHEAD = 7
ANSWER_LATE = 30
BIRTHDAY_LATE = 3
COLD_WINDOW = 365
RECIPROCATE_GAP = 2
RECIPROCATE_WINDOW = 365
DORMANT_FROM = 365
DORMANT_TO = 5 * 365
REVIVE_PER_MONTH = 3
EVENT_AHEAD = 7
MEMBERSHIP_AHEAD = 14
MEMBERSHIP_LATE = 30

# The monthly rotation of dormant ties: ((id + month) * MULTIPLIER) % MODULUS, lowest first:
# each month moves the window a quarter of the way round a fixed pseudo-random order. Plain
# integer arithmetic, so that SQL orders by it too (exact in 64 bits for ids below 2**31).
REVIVE_MULTIPLIER = 2654435761
REVIVE_MODULUS = 2147483647


def revive_seed(day: dt.date) -> int:
    return day.year * 12 + day.month


def rotation(ids: IntArray, day: dt.date) -> IntArray:
    return ((ids + revive_seed(day)) * REVIVE_MULTIPLIER) % REVIVE_MODULUS


def _day(ordinal: int) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal > 0 else None


def _touches(ctx: Context) -> IntArray:
    """Per person, the day of the latest decision that counts as a contact: an outreach
    marked done, or a keep-in-touch (going cold, revive) dismissed, which restarts the
    cadence."""
    restart = {Kind.KEEP_IN_TOUCH, Kind.GOING_COLD, Kind.REVIVE}
    touch = np.zeros(len(ctx.people), dtype=np.int64)
    for decision in ctx.facts.decisions:
        parsed = parse_key(decision.key)
        if parsed is None or decision.person_id is None:
            continue
        counts = (decision.decision == Decided.DONE and SPECS[parsed.kind].outreach) or (
            decision.decision == Decided.DISMISSED and parsed.kind in restart
        )
        index = ctx.position.get(decision.person_id)
        if counts and index is not None:
            touch[index] = max(int(touch[index]), decision.decided_on.toordinal())
    return touch


CADENCE_SOURCES = ("person", "circle", "top", "close", "relation")


def cadences(ctx: Context) -> tuple[IntArray, IntArray]:
    """Each person's cadence in days (0: none) and where it comes from: their own setting,
    their circles' (the shortest), else the default of their rank and depth (the source, as
    an index of CADENCE_SOURCES). The top 10 keep their monthly default when a circle asks
    for less."""
    people, rules = ctx.people, ctx.rules
    default = np.where(
        ctx.pinned,
        rules.cadence_top_days,
        np.where(
            ctx.level >= Level.TRUSTED,
            rules.cadence_close_days,
            np.where(ctx.level == Level.RELATION, rules.cadence_relation_days, 0),
        ),
    ).astype(np.int64)
    circle = people.circle_cadence
    top_wins = ctx.pinned & (circle > 0) & (default < circle)
    source = np.select(
        [people.cadence > 0, (circle > 0) & ~top_wins, ctx.pinned, ctx.level >= Level.TRUSTED],
        [0, 1, 2, 3],
        4,
    )
    cadence = np.where(
        people.cadence > 0,
        people.cadence,
        np.where((circle > 0) & ~top_wins, circle, default),
    )
    return cadence.astype(np.int64), source.astype(np.int64)


@dataclass(frozen=True)
class _Bulk:
    """Actions of one kind for many people, as arrays until they are needed one by one."""

    kind: Kind
    rows: IntArray  # people rows
    due: IntArray  # day ordinals
    make: Callable[[int], Action]  # the action of entry j

    def __len__(self) -> int:
        return int(self.rows.shape[0])

    def scores(self, ctx: Context) -> FloatArray:
        """value x urgency of each entry, as Action.score computes it."""
        days = (self.due - ctx.today).astype(np.float64)
        soon = 1.0 / (1.0 + np.maximum(days, 0.0) / 7.0)
        late = 1.0 + np.minimum(-days, 30.0) / 60.0
        value = SPECS[self.kind].value * ctx.weight[self.rows]
        result: FloatArray = value * np.where(days <= 0, late, soon)
        return result


def keep_in_touch(ctx: Context) -> tuple[_Bulk, BoolArray]:
    people = ctx.people
    cadence, sources = cadences(ctx)
    base = np.maximum(people.last_contact, _touches(ctx))
    base = np.where(base > 0, base, people.since)
    base = np.where(base > 0, base, ctx.today - cadence)
    due = base + cadence
    live = (cadence > 0) & (due <= ctx.week_end) & (ctx.pinned | (due + cadence >= ctx.today))
    rows = np.flatnonzero(live)
    reasons = [f"cadence-{name}" for name in CADENCE_SOURCES]

    def make(j: int) -> Action:
        i = int(rows[j])
        day = dt.date.fromordinal(int(due[i]))
        params: dict[str, Param] = {
            "days": int(cadence[i]),
            "last": _day(int(people.last_contact[i])),
        }
        reason = reasons[int(sources[i])]
        return ctx.person_action(Kind.KEEP_IN_TOUCH, i, day, reason, params, day.isoformat())

    return _Bulk(Kind.KEEP_IN_TOUCH, rows, due[rows], make), live


def going_cold(ctx: Context, taken: BoolArray) -> tuple[_Bulk, BoolArray]:
    last = ctx.people.last_contact
    live = ctx.people.going_cold & (last >= ctx.today - COLD_WINDOW) & (last > 0) & ~taken
    rows = np.flatnonzero(live)

    def make(j: int) -> Action:
        i = int(rows[j])
        day = dt.date.fromordinal(int(last[i]))
        params: dict[str, Param] = {"last": day}
        today = ctx.rules.today
        return ctx.person_action(Kind.GOING_COLD, i, today, "going-cold", params, day.isoformat())

    return _Bulk(Kind.GOING_COLD, rows, np.full(len(rows), ctx.today, dtype=np.int64), make), live


def dormant(people: People, rules: Rules) -> BoolArray:
    """The ties the revive rule may pick: not in the top 10, last contact one to five years
    ago, once more than bare contacts."""
    today = rules.today.toordinal()
    last = people.last_contact
    level = np.maximum(people.level, LEVEL_OF_CLOSENESS[np.clip(people.closeness, 0, 5)])
    pinned = (people.priority >= 1) & (people.priority <= rules.top_size)
    window = (last >= today - DORMANT_TO) & (last <= today - DORMANT_FROM) & (last > 0)
    result: BoolArray = window & (level >= Level.ACQUAINTANCE) & ~pinned
    return result


def revive(ctx: Context, taken: BoolArray) -> list[Action]:
    """A few dormant ties this month, the first ones of the month's rotation."""
    people, today = ctx.people, ctx.rules.today
    last = people.last_contact
    candidates = np.flatnonzero(dormant(people, ctx.rules) & ~taken)
    order = np.lexsort((people.ids[candidates], rotation(people.ids[candidates], today)))
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    month = f"{today:%Y-%m}"
    return [
        ctx.person_action(Kind.REVIVE, i, month_end, "dormant", {"last": _day(int(last[i]))}, month)
        for i in candidates[order[:REVIVE_PER_MONTH]].tolist()
    ]


def _window_days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def birthdays(ctx: Context) -> _Bulk:
    """Birthdays from a few days ago to Sunday, for the top 10 and relations."""
    people, rules = ctx.people, ctx.rules
    window: dict[int, dt.date] = {}
    for day in _window_days(rules.today - dt.timedelta(days=BIRTHDAY_LATE), rules.week_end):
        window[day.month * 100 + day.day] = day
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            window[229] = day  # born on 29 February: the 28th in other years
    code = people.birthday_month * 100 + people.birthday_day
    eligible = ctx.pinned | (ctx.level >= Level.RELATION)
    rows = np.flatnonzero(eligible & np.isin(code, np.fromiter(window, dtype=np.int64)))
    days = [window[int(c)] for c in code[rows].tolist()]

    def make(j: int) -> Action:
        day = days[j]
        params: dict[str, Param] = {"day": day}
        return ctx.person_action(Kind.BIRTHDAY, int(rows[j]), day, "birthday", params, f"{day}")

    due = np.asarray([day.toordinal() for day in days], dtype=np.int64)
    return _Bulk(Kind.BIRTHDAY, rows, due, make)


def _cut(ctx: Context, bulks: list[_Bulk], small: list[Action], head: int) -> float:
    """The score of the `head`-th unpinned action (ties at the cut included)."""
    pinned = [ctx.pinned[bulk.rows] for bulk in bulks]
    ranked = np.concatenate(
        [
            *(bulk.scores(ctx)[~pin] for bulk, pin in zip(bulks, pinned, strict=True)),
            np.asarray([a.score for a in small if not a.pinned], dtype=np.float64),
        ]
    )
    if ranked.shape[0] <= head:
        return -np.inf
    return float(np.partition(ranked, -head)[-head]) - 1e-9


def _head(ctx: Context, bulks: list[_Bulk], cut: float, handled: set[str]) -> list[BoolArray]:
    """Which bulk entries to turn into actions: the top 10's, every one that ranks at or
    above the cut, and those of people with a handled action of that kind (one of them may
    be it: fitting sets it aside)."""
    keys = [parse_key(key) for key in handled]
    wanted = []
    for bulk in bulks:
        people = {key.object_id for key in keys if key is not None and key.kind == bulk.kind}
        wanted.append(
            ctx.pinned[bulk.rows]
            | (bulk.scores(ctx) >= cut)
            | np.isin(ctx.people.ids[bulk.rows], np.fromiter(people, np.int64, len(people)))
        )
    return wanted


def propose_top(facts: Facts, rules: Rules, head: int | None = None) -> Proposals:
    """The actions the facts call for this week, each once, in key order.

    With `head`, only the actions of the top 10, those that rank among the first `head`
    actions and those the owner handled (done, dismissed, snoozed beyond the week) are
    returned; the others are counted in `rest`, and every one of them ranks after every
    action returned. The keep-in-touch, going-cold and birthday actions (there may be
    thousands on a large network) are not even made for them.
    """
    # Imported here: the occasions' rules read this module's windows.
    from entregent.engines import agenda_occasions as occasions

    ctx = Context(facts, rules)
    kept, taken = keep_in_touch(ctx)
    cold, cooling = going_cold(ctx, taken)
    small = [
        *occasions.follow_ups(ctx),
        *occasions.thanks(ctx),
        *occasions.congratulations(ctx),
        *occasions.answers(ctx),
        *occasions.reciprocity(ctx),
        *revive(ctx, taken | cooling),
        *occasions.events(ctx),
        *occasions.memberships(ctx),
        *occasions.tasks(ctx),
    ]
    bulks = [kept, cold, birthdays(ctx)]
    cut = -np.inf if head is None else _cut(ctx, bulks, small, head)
    handled = agenda_fit.handled(facts.decisions, rules)
    wanted = [np.ones(len(bulk), dtype=np.bool_) for bulk in bulks]
    if head is not None:
        wanted = _head(ctx, bulks, cut, handled)
    made = [
        bulk.make(j)
        for bulk, keep in zip(bulks, wanted, strict=True)
        for j in np.flatnonzero(keep).tolist()
    ]
    unique = {action.key: action for action in (*small, *made)}
    # Below the cut, an action joins the rest: every action left as a count must rank after
    # every action returned, or fitting the head would plan it in place of a better one left
    # out. Only the actions the owner handled stay, for fitting to set aside (counted, they
    # would swell the overflow).
    later = [a for a in unique.values() if not a.pinned and a.score < cut and a.key not in handled]
    for action in later:
        del unique[action.key]
    left = [(bulk, ~keep) for bulk, keep in zip(bulks, wanted, strict=True) if np.any(~keep)]
    rest = Rest(
        count=sum(int(np.count_nonzero(mask)) for _bulk, mask in left) + len(later),
        minutes=sum(int(np.count_nonzero(mask)) * ctx.minutes[bulk.kind] for bulk, mask in left)
        + sum(a.minutes for a in later),
        least_minutes=min(
            [*(ctx.minutes[bulk.kind] for bulk, _mask in left), *(a.minutes for a in later)],
            default=0,
        ),
    )
    return Proposals([unique[key] for key in sorted(unique)], rest)


def propose(facts: Facts, rules: Rules) -> list[Action]:
    """Every action the facts call for this week, each once, in key order."""
    return propose_top(facts, rules).actions
