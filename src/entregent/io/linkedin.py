"""A LinkedIn data export (the zip, or its unzipped folder) to import records.

Pure Python, no Django. What each file becomes:

- Connections.csv: people in the "online networks" circle, their company and position as
  the current role, "Connected On" as the day first met. The profile address is the
  person's stable key.
- messages.csv: one interaction per conversation and day (external id: conversation id
  and day, so that a second import adds nothing), with every participant but the owner;
  outgoing when the owner wrote every message that day, incoming when nobody else did...
  The owner is the participant of (nearly) every conversation who is not a connection.
- Invitations.csv: a "social" interaction, in the invitation's direction.
- Recommendations_Given/Received.csv and Endorsement_Given/Received_Info.csv: give-and-take
  (kind "recommendation").
- Positions.csv: the owner's own employers, kept so that former colleagues can be found.

Every other file of the export is left alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from entregent.engines.text import fold
from entregent.io.detect import LINKEDIN_FILES, InputFile
from entregent.io.linkedin_csv import (
    cell,
    file_text,
    garbled,
    parse_day,
    parse_moment,
    plain,
    read_table,
    repaired,
    split_full_name,
)
from entregent.io.records import (
    FavorRecord,
    InteractionRecord,
    Notice,
    OwnerProfile,
    PersonRecord,
    PersonRef,
    PositionRecord,
    Record,
    Skip,
    Where,
)

SOURCE = "linkedin"
SUMMARY_LIMIT = 280
_URL_SEPARATORS = re.compile(r"[;,\s]+")


def read_export(files: Iterable[InputFile]) -> Iterator[Record]:
    """The records of a LinkedIn export, people first, then what happened between you."""
    tables: dict[str, InputFile] = {}
    for item in files:
        name = table_name(item)
        if name is None:
            yield Skip(Where(item.name), "unknown-table")
        else:
            tables.setdefault(name, item)
    connections = list(_connections(tables.get("connections.csv")))
    messages = list(_messages(tables.get("messages.csv")))
    owner = ""
    if messages:
        known = {_key(item.linkedin_url) for item in connections if isinstance(item, PersonRecord)}
        owner = _owner(messages, known, _profile_name(tables.get("profile.csv")))
    if owner:
        yield OwnerProfile(owner)
    yield from connections
    yield from _positions(tables.get("positions.csv"))
    yield from _conversations(messages, owner)
    yield from _invitations(tables.get("invitations.csv"))
    for name, given, kind in _FAVOR_FILES:
        yield from _favors(tables.get(name), kind, given=given)


_SIGNATURES = (
    ("connections.csv", ("first name", "last name", "url", "connected on")),
    ("messages.csv", ("conversation id", "from", "sender profile url")),
    ("invitations.csv", ("from", "to", "sent at", "direction")),
)


def table_name(item: InputFile) -> str | None:
    """Which table of the export a file is: by its name, else by its header (a renamed file)."""
    name = item.basename.lower()
    if name in LINKEDIN_FILES:
        return name
    head = file_text(item.read()[:4096]).lower()
    for table, columns in _SIGNATURES:
        if all(column in head for column in columns):
            return table
    return None


def _key(url: str) -> str:
    """A loose profile key (the service uses its own, stricter one)."""
    url = url.strip().lower().split("?", 1)[0].rstrip("/")
    return url.split("linkedin.com/", 1)[-1] if "linkedin.com/" in url else ""


def _connections(item: InputFile | None) -> Iterator[PersonRecord | Skip | Notice]:
    if item is None:
        return
    table = read_table(item, ("first name", "last name"))
    if isinstance(table, Skip):
        yield table
        return
    columns, rows = table
    # A missing column reads the empty cell added at the end, and so do short rows.
    places = [columns.get(name, len(columns)) for name in _CONNECTION_COLUMNS]
    pick = operator.itemgetter(*places)
    width = max(places) + 1
    padding = [""] * width
    strip = str.strip
    for where, row in rows:
        if len(row) < width:
            row = row + padding[len(row) :]
        first, last, url, email, company, position, connected = map(strip, pick(row))
        if garbled(first + last + company + position):
            first, last, company, position = map(repaired, (first, last, company, position))
        if not (first or last):
            yield Skip(where, "no-name")
            continue
        last, _comma, suffix = last.partition(", ")  # "Dupont, PhD"
        record = PersonRecord(
            where,
            first_name=first,
            last_name=last,
            suffix=suffix,
            linkedin_url=url,
            organization=company,
            title=position,
            current_job=True,
            circle_keys=["online-networks"],
        )
        if email:
            record.emails.append((email, ""))
        if connected:
            record.first_met_on = parse_day(connected)
            if record.first_met_on is None:
                params = {"value": connected, "column": "Connected On"}
                record.notices.append(Notice(where, "bad-date", params))
        yield record


_CONNECTION_COLUMNS = (
    "first name",
    "last name",
    "url",
    "email address",
    "company",
    "position",
    "connected on",
)


@dataclasses.dataclass(slots=True)
class _Message:
    where: Where
    conversation: str
    title: str
    sender: tuple[str, str]  # (profile address, name)
    recipients: list[tuple[str, str]]
    sent_at: dt.datetime
    text: str


def _messages(item: InputFile | None) -> Iterator[_Message | Skip]:
    if item is None:
        return
    table = read_table(item, ("conversation id", "from", "date"))
    if isinstance(table, Skip):
        yield table
        return
    columns, rows = table
    for where, row in rows:
        if cell(row, columns, "is message draft").lower() in ("yes", "true"):
            yield Skip(where, "draft")
            continue
        raw_date = cell(row, columns, "date")
        sent_at = parse_moment(raw_date)
        if sent_at is None:
            yield Skip(where, "bad-date", {"value": raw_date, "column": "DATE"})
            continue
        urls = [
            url
            for url in _URL_SEPARATORS.split(cell(row, columns, "recipient profile urls"))
            if url
        ]
        names = [repaired(name.strip()) for name in cell(row, columns, "to").split(",")]
        if len(names) != len(urls):
            names = [""] * len(urls)
        subject = cell(row, columns, "subject")
        yield _Message(
            where,
            cell(row, columns, "conversation id"),
            cell(row, columns, "conversation title"),
            (cell(row, columns, "sender profile url"), repaired(cell(row, columns, "from"))),
            list(zip(urls, names, strict=True)),
            sent_at,
            subject or cell(row, columns, "content"),
        )


def _owner(messages: list[_Message | Skip], connections: set[str], name: str) -> str:
    """The owner's profile address: in the most conversations, and not their own connection."""
    members: dict[str, set[str]] = {}
    urls: dict[str, str] = {}
    senders: dict[str, str] = {}
    for message in messages:
        if isinstance(message, _Message):
            people = [message.sender, *message.recipients]
            for url, _person in people:
                if key := _key(url):
                    members.setdefault(message.conversation, set()).add(key)
                    urls.setdefault(key, url)
            if key := _key(message.sender[0]):
                senders.setdefault(fold(message.sender[1]), key)
    counts = Counter(key for keys in members.values() for key in keys)
    ranked = [(count, key) for key, count in counts.items() if key not in connections]
    ranked.sort(reverse=True)
    if len(ranked) == 1 or (len(ranked) > 1 and ranked[0][0] > ranked[1][0]):
        return urls[ranked[0][1]]
    by_name = senders.get(fold(name)) if name else None
    if by_name and by_name not in connections:
        return urls[by_name]
    return ""


def _profile_name(item: InputFile | None) -> str:
    if item is None:
        return ""
    table = read_table(item, ("first name", "last name"))
    if isinstance(table, Skip):
        return ""
    columns, rows = table
    for _where, row in rows:
        first, last = cell(row, columns, "first name"), cell(row, columns, "last name")
        return repaired(f"{first} {last}".strip())
    return ""


def _conversations(messages: list[_Message | Skip], owner: str) -> Iterator[Record]:
    """One interaction per conversation and day (UTC), with its participants but the owner."""
    owner_key = _key(owner)
    days: dict[tuple[str, dt.date], list[_Message]] = {}
    for message in messages:
        if isinstance(message, Skip):
            yield message
        else:
            days.setdefault((message.conversation, message.sent_at.date()), []).append(message)
    if days and not owner_key:
        first = next(iter(days.values()))[0]
        yield Notice(Where(first.where.file), "owner-unknown")
    for (conversation, day), group in days.items():
        group.sort(key=lambda message: message.sent_at)
        people: dict[str, PersonRef] = {}
        mine = theirs = 0
        for message in group:
            sender_key = _key(message.sender[0])
            if owner_key and sender_key == owner_key:
                mine += 1
            else:
                theirs += 1
            for url, name in [message.sender, *message.recipients]:
                key = _key(url) or fold(name)
                if key and key != owner_key and key not in people and not _nobody(url, name):
                    given, family = split_full_name(name)
                    people[key] = PersonRef(url, given, family)
        direction = (
            "mutual" if not owner_key or (mine and theirs) else ("outgoing" if mine else "incoming")
        )
        first_message = group[0]
        yield InteractionRecord(
            first_message.where,
            SOURCE,
            f"{conversation}:{day.isoformat()}",
            first_message.sent_at,
            "message",
            direction,
            plain(first_message.title or first_message.text, SUMMARY_LIMIT),
            list(people.values()),
        )


def _nobody(url: str, name: str) -> bool:
    """Deleted accounts and LinkedIn's own messages: no address, a placeholder name."""
    return not url and fold(name) in ("", "linkedin member", "linkedin", "membre linkedin")


def _invitations(item: InputFile | None) -> Iterator[Record]:
    if item is None:
        return
    table = read_table(item, ("from", "to", "sent at", "direction"))
    if isinstance(table, Skip):
        yield table
        return
    columns, rows = table
    for where, row in rows:
        outgoing = cell(row, columns, "direction").upper() == "OUTGOING"
        name = cell(row, columns, "to" if outgoing else "from")
        url = cell(row, columns, "inviteeprofileurl" if outgoing else "inviterprofileurl")
        raw_date = cell(row, columns, "sent at")
        sent_at = parse_moment(raw_date)
        if sent_at is None:
            yield Skip(where, "bad-date", {"value": raw_date, "column": "Sent At"})
            continue
        first, last = split_full_name(name)
        yield InteractionRecord(
            where,
            SOURCE,
            f"invitation:{_key(url) or fold(name)}:{sent_at.date().isoformat()}",
            sent_at,
            "social",
            "outgoing" if outgoing else "incoming",
            plain(cell(row, columns, "message"), SUMMARY_LIMIT),
            [PersonRef(url, first, last)],
        )


Cells = Callable[[str], str]  # a row's cell by column name


@dataclasses.dataclass(frozen=True, slots=True)
class _FavorTable:
    """A give-and-take table: recommendations and endorsements have the same shape, a date
    and the other person on each row."""

    required: tuple[str, ...]
    date_column: str  # as LinkedIn spells it, for the report
    row: Callable[[Cells], tuple[PersonRef, str]]  # the person, and what was given


def _recommendation(get: Cells) -> tuple[PersonRef, str]:
    person = PersonRef(
        "",
        repaired(get("first name")),
        repaired(get("last name")),
        repaired(get("company")),
        repaired(get("job title")),
    )
    return person, plain(get("text"))


def _endorsement(get: Cells, *, who: str) -> tuple[PersonRef, str]:
    """`who`: "endorsee" in the endorsements given, "endorser" in those received."""
    person = PersonRef(
        get(f"{who} public url"),
        repaired(get(f"{who} first name")),
        repaired(get(f"{who} last name")),
    )
    return person, f"✓ {get('skill name')}"


_RECOMMENDATIONS = _FavorTable(
    ("first name", "last name", "text"), "Creation Date", _recommendation
)
_ENDORSED = ("endorsement date", "skill name")
_FAVOR_FILES = (
    ("recommendations_given.csv", True, _RECOMMENDATIONS),
    ("recommendations_received.csv", False, _RECOMMENDATIONS),
    (
        "endorsement_given_info.csv",
        True,
        _FavorTable(_ENDORSED, "Endorsement Date", functools.partial(_endorsement, who="endorsee")),
    ),
    (
        "endorsement_received_info.csv",
        False,
        _FavorTable(_ENDORSED, "Endorsement Date", functools.partial(_endorsement, who="endorser")),
    ),
)


def _favors(item: InputFile | None, kind: _FavorTable, *, given: bool) -> Iterator[Record]:
    """Recommendations or endorsements, given by the owner or received: give-and-take
    (kind "recommendation") with the person each row names."""
    if item is None:
        return
    table = read_table(item, kind.required)
    if isinstance(table, Skip):
        yield table
        return
    columns, rows = table
    date_column = kind.date_column.lower()
    for where, row in rows:
        raw_date = cell(row, columns, date_column)
        day = parse_day(raw_date)
        if day is None:
            yield Skip(where, "bad-date", {"value": raw_date, "column": kind.date_column})
            continue
        person, description = kind.row(functools.partial(cell, row, columns))
        yield FavorRecord(where, person, given, "recommendation", day, description)


def _positions(item: InputFile | None) -> Iterator[Record]:
    if item is None:
        return
    table = read_table(item, ("company name", "title"))
    if isinstance(table, Skip):
        yield table
        return
    columns, rows = table
    for where, row in rows:
        yield PositionRecord(
            where,
            company=repaired(cell(row, columns, "company name")),
            title=repaired(cell(row, columns, "title")),
            started=cell(row, columns, "started on"),
            finished=cell(row, columns, "finished on"),
            location=repaired(cell(row, columns, "location")),
        )
