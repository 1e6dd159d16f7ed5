"""The agenda: facts in, a ranked and time-budgeted week of actions out.

Pure Python + numpy, no Django. The caller hands over plain facts (people as arrays, the
few favours, news, requests, events, memberships and tasks as small records, the owner's
decisions) and the owner's rules (time budget, cadences, guard rails); `propose` turns
them into actions, each with a kind, a person, a due date, an estimated duration, a value
and an urgency, and a reason code with its parameters (the Django layer turns codes into
translated sentences); `fit` fits them into the week.

The week runs from Monday to Sunday. Fitting, in rank order (top-10 people first, then
value x urgency, then due date, then key, so that the same facts always give the same
plan):

- Decisions first: done and dismissed actions are set aside ("suppressed"), as are
  actions snoozed beyond the week; an action snoozed to a day of the week waits for it.
- The top-10 rule: actions for the pinned top 10 are always planned, even beyond the time
  budget (the method: "if time is short, keep at least your top 10 warm"). Every other
  action is planned only while the budget has room; the rest goes to the overflow, with
  the reason it did not fit. Nothing is dropped: planned + overflow + suppressed = all.
- Guard rails: at most `daily_cap` outreaches a day (top-10 actions excepted when the
  week is full); no outreach to one person sooner than `min_gap_days` after the last one
  unless they replied since; a note where several messages went unanswered, and where many
  messages of one kind go out in one week (a "living spam" is what the method warns of).
- Days: the week's minutes are spread over its remaining days; an action with a deadline
  goes on the first day with room before it, an action tied to a day (a birthday, a
  cadence falling due on Thursday) on that day.

The rules themselves (which facts propose which actions) live in `agenda_rules`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from entregent.engines.agenda_facts import (
    Balance,
    BoolArray,
    Contact,
    Decided,
    Decision,
    Event,
    Facts,
    Favor,
    FloatArray,
    IntArray,
    Meeting,
    Membership,
    News,
    People,
    Request,
    Task,
)

__all__ = [
    "SPECS",
    "Action",
    "ActionKey",
    "Balance",
    "BoolArray",
    "Contact",
    "Decided",
    "Decision",
    "Event",
    "Facts",
    "Favor",
    "FloatArray",
    "Held",
    "IntArray",
    "Kind",
    "KindSpec",
    "Meeting",
    "Membership",
    "News",
    "Note",
    "People",
    "Plan",
    "Planned",
    "Proposals",
    "Request",
    "Rest",
    "Rules",
    "Task",
    "Why",
    "action_key",
    "fit",
    "parse_key",
    "plan",
    "ranked",
    "same_texts",
    "urgency",
    "week_of",
]

Param = str | int | float | dt.date | None
NO_PARAMS: Mapping[str, Param] = MappingProxyType({})


class Kind(StrEnum):
    FOLLOW_UP = "follow-up"
    THANK = "thank"
    CONGRATULATE = "congratulate"
    ANSWER_REQUEST = "answer-request"
    BIRTHDAY = "birthday"
    KEEP_IN_TOUCH = "keep-in-touch"
    GOING_COLD = "going-cold"
    RECIPROCATE = "reciprocate"
    REVIVE = "revive"
    PREPARE_EVENT = "prepare-event"
    MEMBERSHIP = "membership"
    TASK = "task"


@dataclass(frozen=True, slots=True)
class KindSpec:
    """How one kind of action is keyed, timed and valued.

    `prefix` and `model` make its key ("thank:favor:123"): the model names the row whose
    owner a key must match. An outreach is a message to a person (the guard rails apply).
    An `asap` action is done on the first day with room; the others on their due day.
    """

    prefix: str
    model: str
    minutes: int
    value: float
    outreach: bool
    asap: bool


SPECS: dict[Kind, KindSpec] = {
    Kind.FOLLOW_UP: KindSpec("follow-up", "person", 10, 1.0, outreach=True, asap=True),
    Kind.THANK: KindSpec("thank", "favor", 5, 1.0, outreach=True, asap=True),
    Kind.CONGRATULATE: KindSpec("congratulate", "news", 5, 0.8, outreach=True, asap=True),
    Kind.ANSWER_REQUEST: KindSpec("answer", "request", 20, 1.0, outreach=True, asap=True),
    Kind.BIRTHDAY: KindSpec("birthday", "person", 5, 0.7, outreach=True, asap=False),
    Kind.KEEP_IN_TOUCH: KindSpec("cadence", "person", 15, 0.4, outreach=True, asap=False),
    Kind.GOING_COLD: KindSpec("cold", "person", 15, 0.45, outreach=True, asap=True),
    Kind.RECIPROCATE: KindSpec("reciprocate", "person", 15, 0.35, outreach=True, asap=True),
    Kind.REVIVE: KindSpec("revive", "person", 10, 0.25, outreach=True, asap=True),
    Kind.PREPARE_EVENT: KindSpec("prepare", "event", 20, 0.8, outreach=False, asap=True),
    Kind.MEMBERSHIP: KindSpec("renew", "membership", 15, 0.5, outreach=False, asap=True),
    Kind.TASK: KindSpec("task", "task", 15, 0.9, outreach=False, asap=True),
}
KIND_BY_PREFIX = {spec.prefix: kind for kind, spec in SPECS.items()}
DEFAULT_MINUTES: dict[Kind, int] = {kind: spec.minutes for kind, spec in SPECS.items()}


# --- keys ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionKey:
    """A stable action key taken apart: "cadence:person:45:2026-11-23"."""

    kind: Kind
    model: str
    object_id: int
    extra: str = ""

    def __str__(self) -> str:
        spec = SPECS[self.kind]
        base = f"{spec.prefix}:{spec.model}:{self.object_id}"
        return f"{base}:{self.extra}" if self.extra else base


def action_key(kind: Kind, object_id: int, extra: str | dt.date = "") -> str:
    spec = SPECS[kind]
    text = extra.isoformat() if isinstance(extra, dt.date) else extra
    if text:
        return f"{spec.prefix}:{spec.model}:{object_id}:{text}"
    return f"{spec.prefix}:{spec.model}:{object_id}"


def parse_key(key: str) -> ActionKey | None:
    """The parts of a key made by `action_key`; None for anything else."""
    parts = key.split(":", 3)
    if len(parts) < 3 or parts[0] not in KIND_BY_PREFIX:
        return None
    kind = KIND_BY_PREFIX[parts[0]]
    if parts[1] != SPECS[kind].model or not parts[2].isdigit() or len(parts[2]) > 18:
        return None
    extra = parts[3] if len(parts) == 4 else ""
    if len(parts) == 4 and not extra:
        return None
    return ActionKey(kind, parts[1], int(parts[2]), extra)


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding `day`."""
    start = day - dt.timedelta(days=day.weekday())
    return start, start + dt.timedelta(days=6)


@dataclass(frozen=True, slots=True)
class Rules:
    """The owner's upkeep settings (Profile) and the day the plan is made for."""

    today: dt.date
    budget_minutes: int = 120
    daily_cap: int = 10
    min_gap_days: int = 7
    max_unanswered: int = 2
    same_text_warning: int = 5
    cadence_top_days: int = 30
    cadence_close_days: int = 90
    cadence_relation_days: int = 180
    top_size: int = 10
    minutes: Mapping[Kind, int] = field(default_factory=lambda: dict(DEFAULT_MINUTES))
    week_start: dt.date = field(init=False, compare=False, repr=False)
    week_end: dt.date = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        start, end = week_of(self.today)
        object.__setattr__(self, "week_start", start)
        object.__setattr__(self, "week_end", end)

    def minutes_for(self, kind: Kind) -> int:
        return max(1, int(self.minutes.get(kind, SPECS[kind].minutes)))


# --- actions and plans ------------------------------------------------------------------------


class Action(NamedTuple):
    """One proposed action. A named tuple: a network of 100,000 people proposes thousands."""

    key: str
    kind: Kind
    person_id: int | None
    due: dt.date
    minutes: int
    value: float
    urgency: float
    reason: str
    params: Mapping[str, Param] = NO_PARAMS
    pinned: bool = False

    @property
    def score(self) -> float:
        return self.value * self.urgency

    @property
    def outreach(self) -> bool:
        return SPECS[self.kind].outreach and self.person_id is not None

    @property
    def asap(self) -> bool:
        return SPECS[self.kind].asap


@dataclass(frozen=True, slots=True)
class Rest:
    """Proposed actions left as a count: each ranks after every action of the proposals."""

    count: int = 0
    minutes: int = 0
    least_minutes: int = 0  # the shortest of them


@dataclass(frozen=True, slots=True)
class Proposals:
    actions: list[Action]
    rest: Rest = Rest()


def urgency(due: dt.date, today: dt.date) -> float:
    """1 on the due day; up to 1.5 when a month late; falling towards 0 the further ahead."""
    days = (due - today).days
    if days <= 0:
        return 1.0 + min(-days, 30) / 60.0
    return 1.0 / (1.0 + days / 7.0)


def rank_key(action: Action) -> tuple[bool, float, dt.date, str]:
    """Top-10 first, then value x urgency, then the earlier due date, then the key."""
    return (not action.pinned, -round(action.score, 9), action.due, action.key)


def ranked(actions: Iterable[Action]) -> list[Action]:
    return sorted(actions, key=rank_key)


class Why(StrEnum):
    """Why an action is in the overflow."""

    BUDGET = "budget"  # no time left this week
    DAILY_CAP = "daily-cap"  # every remaining day has its most outreaches
    MIN_GAP = "min-gap"  # too soon after the last message to this person


@dataclass(frozen=True, slots=True)
class Note:
    """A guard-rail warning: a code and its parameters, translated by the caller."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Planned:
    action: Action
    day: dt.date
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Held:
    action: Action
    why: Why
    earliest: dt.date | None = None  # the first day it could go, when known
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    rules: Rules
    planned: tuple[Planned, ...]
    overflow: tuple[Held, ...]
    suppressed: tuple[Action, ...]
    notes: tuple[Note, ...]
    available_minutes: int  # the budget less what was done earlier this week
    done_minutes: int
    rest: Rest = Rest()  # proposed, ranked after everything else, not fitted: overflow
    used_minutes: int = 0

    @property
    def complete(self) -> bool:
        """Whether the rest would have found no room either: the plan is the one of all
        the actions."""
        room = self.available_minutes - self.used_minutes
        return self.rest.count == 0 or room < self.rest.least_minutes

    @property
    def planned_minutes(self) -> int:
        return sum(item.action.minutes for item in self.planned)

    @property
    def overflow_minutes(self) -> int:
        """Minutes of everything that did not fit, the rest included."""
        return sum(item.action.minutes for item in self.overflow) + self.rest.minutes

    @property
    def overflow_count(self) -> int:
        return len(self.overflow) + self.rest.count


# --- fitting the week -------------------------------------------------------------------------


def done_minutes(decisions: Iterable[Decision], rules: Rules) -> int:
    """Minutes of the actions marked done since Monday: they used this week's budget."""
    total = 0
    for decision in decisions:
        if decision.decision != Decided.DONE:
            continue
        if not rules.week_start <= decision.decided_on <= rules.today:
            continue
        parsed = parse_key(decision.key)
        if parsed is not None:
            total += rules.minutes_for(parsed.kind)
    return total


def _next_outreach(
    contacts: Mapping[int, Contact], decisions: Iterable[Decision], rules: Rules
) -> dict[int, dt.date]:
    """Per person, the first day a new message respects the minimum gap."""
    gap = dt.timedelta(days=rules.min_gap_days)
    earliest: dict[int, dt.date] = {}
    for contact in contacts.values():
        if contact.waiting and contact.last_outreach is not None:
            earliest[contact.person_id] = contact.last_outreach + gap
    for decision in decisions:
        parsed = parse_key(decision.key)
        if decision.decision != Decided.DONE or decision.person_id is None or parsed is None:
            continue
        if not SPECS[parsed.kind].outreach:
            continue
        reply = contacts.get(decision.person_id, Contact(decision.person_id)).last_reply
        if reply is not None and reply >= decision.decided_on:
            continue
        day = decision.decided_on + gap
        if day > earliest.get(decision.person_id, dt.date.min):
            earliest[decision.person_id] = day
    return earliest


@dataclass
class _Week:
    """The state of the week while it fills up."""

    rules: Rules
    available: int
    used: int = 0
    outreach: Counter[dt.date] = field(default_factory=Counter)
    minutes: Counter[dt.date] = field(default_factory=Counter)

    days: list[dt.date] = field(default_factory=list)
    share: int = 1  # the minutes of one day if the week's time were spread evenly

    def __post_init__(self) -> None:
        first, last = self.rules.today, self.rules.week_end
        self.days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        self.share = max(1, math.ceil(self.available / max(1, len(self.days))))

    def room(self, day: dt.date, action: Action) -> bool:
        return not action.outreach or self.outreach[day] < self.rules.daily_cap

    def choose(self, action: Action, earliest: dt.date) -> dt.date | None:
        """The day for an action: on its due day, or the first with room before its deadline."""
        target = earliest if action.asap else max(earliest, action.due)
        days = [day for day in self.days if day >= target]
        deadline = action.due if action.due >= target else None
        in_time = [day for day in days if deadline is None or day <= deadline]
        for day in in_time:
            if self.room(day, action) and self.minutes[day] + action.minutes <= self.share:
                return day
        for day in (*in_time, *days):
            if self.room(day, action):
                return day
        return None

    def put(self, action: Action, day: dt.date) -> None:
        self.used += action.minutes
        self.minutes[day] += action.minutes
        if action.outreach:
            self.outreach[day] += 1


def _snoozes(decisions: Iterable[Decision]) -> tuple[dict[str, Decision], dict[str, dt.date]]:
    final: dict[str, Decision] = {}
    for decision in decisions:
        final[decision.key] = decision
    waits = {
        key: decision.snoozed_until
        for key, decision in final.items()
        if decision.decision == Decided.SNOOZED and decision.snoozed_until is not None
    }
    return final, waits


def _suppressed(action: Action, decision: Decision | None, rules: Rules) -> bool:
    if decision is None:
        return False
    if decision.decision in (Decided.DONE, Decided.DISMISSED):
        return True
    until = decision.snoozed_until
    return until is None or until > rules.week_end


def fit(
    actions: Sequence[Action],
    rules: Rules,
    *,
    decisions: Sequence[Decision] = (),
    contacts: Mapping[int, Contact] | None = None,
    rest: Rest | None = None,
) -> Plan:
    """Fit the proposed actions into the week (see the module's docstring). `rest` counts
    more actions, all ranked after these ones: they go to the overflow (see Plan.complete)."""
    rest = rest or Rest()
    contacts = contacts or {}
    final, waits = _snoozes(decisions)
    done = done_minutes(final.values(), rules)
    week = _Week(rules, available=max(0, rules.budget_minutes - done))
    next_outreach = _next_outreach(contacts, final.values(), rules)
    planned: list[Planned] = []
    overflow: list[Held] = []
    suppressed: list[Action] = []
    for action in ranked(actions):
        if _suppressed(action, final.get(action.key), rules):
            suppressed.append(action)
            continue
        if not action.pinned and week.used + action.minutes > week.available:
            overflow.append(Held(action, Why.BUDGET))
            continue
        earliest = max(rules.today, waits.get(action.key, rules.today))
        gap_day = next_outreach.get(action.person_id or 0) if action.outreach else None
        notes = _item_notes(action, contacts, rules)
        if gap_day is not None and gap_day > earliest:
            earliest = gap_day
            notes += (Note("min-gap", {"until": gap_day}),)
        if earliest > rules.week_end:
            overflow.append(Held(action, Why.MIN_GAP, earliest, notes))
            continue
        day = week.choose(action, earliest)
        if day is None and action.pinned:
            day = max(earliest, action.due) if not action.asap else earliest
            day = min(day, rules.week_end)
        if day is None:
            overflow.append(Held(action, Why.DAILY_CAP, None, notes))
            continue
        week.put(action, day)
        if action.outreach and action.person_id is not None:
            next_outreach[action.person_id] = day + dt.timedelta(days=rules.min_gap_days)
        planned.append(Planned(action, day, notes))
    planned.sort(key=lambda item: (item.day, rank_key(item.action)))
    return Plan(
        rules=rules,
        planned=tuple(planned),
        overflow=tuple(overflow),
        suppressed=tuple(suppressed),
        notes=_plan_notes(planned, overflow, week, rules, rest),
        available_minutes=week.available,
        done_minutes=done,
        rest=rest,
        used_minutes=week.used,
    )


def _item_notes(action: Action, contacts: Mapping[int, Contact], rules: Rules) -> tuple[Note, ...]:
    if not action.outreach or action.person_id is None:
        return ()
    contact = contacts.get(action.person_id)
    if contact is None or contact.unanswered < max(1, rules.max_unanswered):
        return ()
    return (Note("unanswered", {"count": contact.unanswered, "person": action.person_id}),)


def _plan_notes(
    planned: Sequence[Planned], overflow: Sequence[Held], week: _Week, rules: Rules, rest: Rest
) -> tuple[Note, ...]:
    notes: list[Note] = []
    pinned = sum(item.action.minutes for item in planned if item.action.pinned)
    if pinned > week.available:
        notes.append(Note("top-over-budget", {"minutes": pinned, "budget": week.available}))
    for why in Why:
        held = [item for item in overflow if item.why == why]
        count = len(held) + (rest.count if why == Why.BUDGET else 0)
        if count:
            minutes = sum(item.action.minutes for item in held)
            minutes += rest.minutes if why == Why.BUDGET else 0
            notes.append(Note(f"overflow-{why}", {"count": count, "minutes": minutes}))
    unanswered = {
        note.params["person"]: note
        for item in planned
        for note in item.notes
        if note.code == "unanswered"
    }
    notes.extend(unanswered[person] for person in sorted(unanswered, key=str))
    kinds = Counter(item.action.kind for item in planned if item.action.outreach)
    threshold = max(2, rules.same_text_warning)
    for kind in sorted(kinds):
        if kinds[kind] >= threshold:
            notes.append(Note("same-kind", {"kind": kind.value, "count": kinds[kind]}))
    return tuple(notes)


def plan(facts: Facts, rules: Rules, contacts: Mapping[int, Contact] | None = None) -> Plan:
    """Propose, then fit: the week's plan from the facts."""
    from entregent.engines.agenda_rules import propose

    return fit(propose(facts, rules), rules, decisions=facts.decisions, contacts=contacts)


# --- the same text to many people ---------------------------------------------------------------


def _skeleton(text: str, names: Iterable[str]) -> str:
    """A message with the recipient's names taken out, spaces and case evened out."""
    folded = " ".join(text.lower().split())
    for name in sorted((n for n in names if n), key=len, reverse=True):
        folded = folded.replace(name.lower(), "~")
    return folded


def same_texts(texts: Sequence[str], names: Sequence[Sequence[str]], threshold: int) -> list[int]:
    """Indexes of the messages that are one text sent to `threshold` people or more, once
    the recipients' names are taken out; empty texts are never counted."""
    groups: dict[str, list[int]] = {}
    for index, (text, own) in enumerate(zip(texts, names, strict=True)):
        if text.strip():
            groups.setdefault(_skeleton(text, own), []).append(index)
    return sorted(i for group in groups.values() if len(group) >= max(2, threshold) for i in group)
