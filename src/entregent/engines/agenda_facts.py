"""The agenda's facts: plain records of what the network holds, as `agenda.propose` reads them.

Pure Python + numpy, no Django. People come as arrays (one row per person); the rest are
small lists of records. Days in arrays are proleptic ordinals (`date.toordinal()`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _ints(values: ArrayLike | None, n: int) -> IntArray:
    if values is None:
        return np.zeros(n, dtype=np.int64)
    array = np.asarray(values, dtype=np.int64)
    if array.shape != (n,):
        raise ValueError(f"expected {n} values, got shape {array.shape}")
    return array


_PEOPLE_COLUMNS = (
    "priority",
    "closeness",
    "level",
    "cadence",
    "circle_cadence",
    "last_contact",
    "since",
    "first_met",
    "birthday_month",
    "birthday_day",
)


@dataclass(frozen=True, slots=True)
class People:
    """One row per person; 0 means unknown or none. Days are proleptic ordinals
    (`date.toordinal()`)."""

    ids: IntArray
    priority: IntArray  # pinned top-list rank
    closeness: IntArray  # the owner's rating, 1-5
    level: IntArray  # computed depth level (scoring.Level)
    depth: FloatArray  # computed depth, 0-1
    cadence: IntArray  # the person's own cadence in days
    circle_cadence: IntArray  # the shortest cadence of their circles
    last_contact: IntArray  # day of the last interaction
    since: IntArray  # day they were met or added: the start of a cadence with no contact
    first_met: IntArray  # day of the first meeting, as entered
    going_cold: BoolArray
    birthday_month: IntArray
    birthday_day: IntArray

    @classmethod
    def build(
        cls,
        ids: ArrayLike,
        *,
        depth: ArrayLike | None = None,
        going_cold: ArrayLike | None = None,
        **columns: ArrayLike | None,
    ) -> People:
        """Arrays of one length; the columns not given are zeros."""
        id_array = np.asarray(ids, dtype=np.int64).reshape(-1)
        n = id_array.shape[0]
        names = _PEOPLE_COLUMNS
        unknown = set(columns) - set(names)
        if unknown:
            raise TypeError(f"unknown columns: {sorted(unknown)}")
        return cls(
            ids=id_array,
            depth=(
                np.zeros(n) if depth is None else np.asarray(depth, dtype=np.float64).reshape(n)
            ),
            going_cold=(
                np.zeros(n, dtype=np.bool_)
                if going_cold is None
                else np.asarray(going_cold, dtype=np.bool_).reshape(n)
            ),
            **{name: _ints(columns.get(name), n) for name in names},
        )

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def index(self) -> dict[int, int]:
        """Row of each person id."""
        return dict(zip(self.ids.tolist(), range(len(self)), strict=True))


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting, call or event encounter of the last days with one person."""

    person_id: int
    day: dt.date
    first: bool  # their first interaction with the owner
    at_event: bool
    followed_up: bool  # a later interaction with them exists
    event_name: str = ""


@dataclass(frozen=True, slots=True)
class Favor:
    """Help received and not thanked yet."""

    id: int
    person_id: int
    kind: str
    day: dt.date
    description: str = ""


@dataclass(frozen=True, slots=True)
class News:
    """News of a person not congratulated yet."""

    id: int
    person_id: int
    kind: str
    day: dt.date
    headline: str = ""


@dataclass(frozen=True, slots=True)
class Request:
    """An open request received from a person."""

    id: int
    person_id: int
    received: dt.date
    respond_by: dt.date | None
    topic: str = ""


@dataclass(frozen=True, slots=True)
class Balance:
    """Give-and-take with one person: favours given and received, last one received."""

    person_id: int
    given: int
    received: int
    last_received: dt.date | None


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    name: str
    starts_on: dt.date
    missing: tuple[str, ...] = ()  # of "why", "whom", "what": the questions still open


@dataclass(frozen=True, slots=True)
class Membership:
    id: int
    name: str
    renews_on: dt.date


@dataclass(frozen=True, slots=True)
class Task:
    id: int
    title: str
    due_on: dt.date
    person_id: int | None = None


class Decided(StrEnum):
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class Decision:
    key: str
    decision: Decided
    decided_on: dt.date
    snoozed_until: dt.date | None = None
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """Recent outreach to one person, for the guard rails."""

    person_id: int
    last_outreach: dt.date | None = None  # the owner reached out
    last_reply: dt.date | None = None  # they reached out, or a two-way exchange
    unanswered: int = 0  # outreaches since their last reply

    @property
    def waiting(self) -> bool:
        """The last outreach has had no answer yet."""
        if self.last_outreach is None:
            return False
        return self.last_reply is None or self.last_reply < self.last_outreach


@dataclass(frozen=True, slots=True)
class Facts:
    people: People
    meetings: Sequence[Meeting] = ()
    favors: Sequence[Favor] = ()
    news: Sequence[News] = ()
    requests: Sequence[Request] = ()
    balances: Sequence[Balance] = ()
    events: Sequence[Event] = ()
    memberships: Sequence[Membership] = ()
    tasks: Sequence[Task] = ()
    decisions: Sequence[Decision] = ()
