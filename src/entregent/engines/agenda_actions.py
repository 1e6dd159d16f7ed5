"""The agenda's actions: their kinds, stable keys, ranking, and the owner's rules.

Pure Python, no Django. Each kind of action has a spec (key prefix, the model its key
names, minutes, value, whether it is an outreach and done as soon as possible); an action
is ranked by its value x urgency (`rank_key`), the top 10's first. `agenda` gathers the
public names of the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

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


# --- actions -------------------------------------------------------------------------------


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
