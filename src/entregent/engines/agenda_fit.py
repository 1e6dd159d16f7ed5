"""Fitting the week: the proposed actions, the owner's decisions and recent outreach in, a
plan out (see `agenda` for the rules it follows).

Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from entregent.engines.agenda_actions import (
    SPECS,
    Action,
    Param,
    Rest,
    Rules,
    parse_key,
    rank_key,
    ranked,
)
from entregent.engines.agenda_facts import Contact, Decided, Decision


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


def _suppressed(decision: Decision | None, rules: Rules) -> bool:
    if decision is None:
        return False
    if decision.decision in (Decided.DONE, Decided.DISMISSED):
        return True
    until = decision.snoozed_until
    return until is None or until > rules.week_end


def handled(decisions: Iterable[Decision], rules: Rules) -> set[str]:
    """Keys of the actions that fitting sets aside: marked done or dismissed, or snoozed
    beyond the week (the last decision about each key counts)."""
    final, _waits = _snoozes(decisions)
    return {key for key, decision in final.items() if _suppressed(decision, rules)}


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
        if _suppressed(final.get(action.key), rules):
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
