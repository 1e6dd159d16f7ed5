"""What importers hand to the import service: plain records, one per person or exchange.

Pure Python, no Django. A reader (vCard, LinkedIn...) turns a file into a stream of these
records; `services.imports` matches them against the owner's network and writes them. Each
record says where it came from (`Where`), so that every skip, conflict or warning in the
report names the file and the line or card.

Messages are codes with parameters (`Skip`, `Notice`), never sentences: the report stores
the codes and translates them when shown, in the reader's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any


@dataclasses.dataclass(slots=True)  # not frozen: made once per row, frozen costs twice as much
class Where:
    """A place in the input: a file, and the line or the card (1-based) in it."""

    file: str
    line: int = 0
    card: int = 0

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"file": self.file}
        if self.line:
            found["line"] = self.line
        if self.card:
            found["card"] = self.card
        return found


@dataclasses.dataclass(frozen=True, slots=True)
class Skip:
    """A record (or a whole file) that was not imported, and why (`code`, `params`)."""

    where: Where
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know about a record that was kept (a dropped phone...)."""

    where: Where
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(slots=True)
class PersonRecord:
    """One person as an input describes them. Values are as read; the service normalises."""

    where: Where
    prefix: str = ""
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    nickname: str = ""
    emails: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (address, label)
    phones: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (as written, label)
    region: str = ""  # ISO country to read phone numbers without a country code
    linkedin_url: str = ""
    links: list[str] = dataclasses.field(default_factory=list)
    organization: str = ""
    title: str = ""
    # The organisation and title are the person's job now (LinkedIn's Connections): a
    # current role they held at another organisation has ended.
    current_job: bool = False
    birthday: tuple[int | None, int, int] | None = None  # (year, month, day)
    notes: str = ""
    city: str = ""
    country: str = ""
    first_met_on: dt.date | None = None
    circle_keys: list[str] = dataclasses.field(default_factory=list)  # seeded circles
    categories: list[str] = dataclasses.field(default_factory=list)  # circles or tags
    photo: bytes | None = None
    photo_type: str = ""
    notices: list[Notice] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(slots=True)
class OrganizationRecord:
    """An address-book entry for a company rather than a person."""

    where: Where
    name: str
    website: str = ""
    city: str = ""
    country: str = ""
    notes: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class PersonRef:
    """How an exchange names a person: a profile or e-mail address, else a name (and employer).

    The service finds them in the network, or adds them when they are not there yet (unless
    `create` is false: then someone not found is left out, and counted).
    """

    linkedin_url: str = ""
    first_name: str = ""
    last_name: str = ""
    organization: str = ""
    title: str = ""
    email: str = ""
    create: bool = True

    @property
    def is_empty(self) -> bool:
        return not (self.linkedin_url or self.first_name or self.last_name or self.email)


@dataclasses.dataclass(slots=True)
class InteractionRecord:
    """An exchange with one or more people; `external_id` makes re-imports change nothing."""

    where: Where
    source: str
    external_id: str
    occurred_at: dt.datetime
    kind: str
    direction: str
    summary: str
    participants: list[PersonRef]


@dataclasses.dataclass(slots=True)
class FavorRecord:
    """Give-and-take with one person: `given` when the owner gave it."""

    where: Where
    person: PersonRef
    given: bool
    kind: str
    occurred_on: dt.date
    description: str


@dataclasses.dataclass(slots=True)
class PositionRecord:
    """One of the owner's own past or present jobs (kept so that colleagues can be inferred)."""

    where: Where
    company: str
    title: str = ""
    started: str = ""
    finished: str = ""
    location: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class OwnerProfile:
    """The owner's own profile address, as an export shows it: never added as a contact."""

    linkedin_url: str


Record = (
    PersonRecord
    | OrganizationRecord
    | InteractionRecord
    | FavorRecord
    | PositionRecord
    | OwnerProfile
    | Skip
    | Notice
)
