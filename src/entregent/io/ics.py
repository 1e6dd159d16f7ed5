"""iCalendar files (.ics) to import records: one interaction a past meeting with others.

Pure Python, no Django; parsing by `icalendar` (byte-order marks, folded lines, tabs
included, and Windows time-zone names such as "Romance Standard Time").

- A VEVENT with attendees is a "meeting", or a "video" call when its location, description
  or conference address holds a Zoom, Google Meet, Teams or Webex link.
- Its people are its attendees and organiser but the owner, matched by e-mail address
  (case does not count). Rooms and resources, attendees who declined and non-participants
  are left out. Someone not in the network yet is added when the invitation gives a name
  (CN); a bare address (often a shared mailbox or a room) is left out and counted
  ("unknown" people).
- Outgoing when the owner organised it, incoming when someone else did, mutual when the
  event names no organiser.
- Recurring events (RRULE, RDATE, EXDATE, and occurrences moved or cancelled with a
  RECURRENCE-ID) are expanded within the window (by default the last three years up to
  today); only occurrences already begun become interactions.
- Cancelled events and events that nobody but the owner attends are skipped and counted.

External id: the UID, and for an occurrence of a recurring event the UID with the
occurrence's start (in UTC), which is also what its RECURRENCE-ID says: importing the same
calendar again, or a later export of it, adds nothing twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from dateutil import rrule  # type: ignore[import-untyped]
from icalendar import Calendar, Component

from entregent.io.detect import InputFile
from entregent.io.mailbox import split_name
from entregent.io.records import InteractionRecord, PersonRef, Record, Skip, Where

SOURCE = "calendar"
SUMMARY_LIMIT = 280
DEFAULT_YEARS = 3
MAX_OCCURRENCES = 5000  # of one recurring event within the window
_VIDEO = re.compile(
    r"(?:zoom\.us/|zoomgov\.com/|meet\.google\.com/|teams\.microsoft\.com/|teams\.live\.com/"
    r"|webex\.com/)",
    re.I,
)
_LEFT_OUT_TYPES = frozenset({"ROOM", "RESOURCE"})
_LEFT_OUT_STATUS = frozenset({"DECLINED"})


@dataclasses.dataclass(frozen=True)
class Window:
    """Occurrences from `since` (midnight UTC) to `until` (the end of that day) or now."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def of(
        cls,
        since: dt.date | None = None,
        until: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> Window:
        now = now or dt.datetime.now(dt.UTC)
        since = since or now.date().replace(year=now.year - DEFAULT_YEARS, day=1)
        end = now
        if until is not None:
            end = min(now, dt.datetime.combine(until, dt.time.max, tzinfo=dt.UTC))
        return cls(dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC), end)


def read_calendars(
    files: Iterable[InputFile],
    own_emails: Iterable[str],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Iterator[Record]:
    own = frozenset(address.strip().lower() for address in own_emails if address.strip())
    window = Window.of(since, until, now)
    for item in files:
        yield from read_calendar(item, own, window)


def read_calendar(item: InputFile, own: frozenset[str], window: Window) -> Iterator[Record]:
    data = item.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        yield Skip(Where(item.name), "not-calendar", {"detail": str(error)[:200]})
        return
    if not calendars:
        yield Skip(Where(item.name), "not-calendar", {"detail": "BEGIN:VCALENDAR … END:VCALENDAR"})
        return
    lines = [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip().upper() == "BEGIN:VEVENT"
    ]
    events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    places = [Where(item.name, line=line) for line in lines]
    places = places[: len(events)] + [Where(item.name)] * (len(events) - len(places))
    moved: dict[str, dict[dt.datetime, Component]] = {}
    for event in events:
        if event.get("RECURRENCE-ID") is not None:
            key = _instant(event.get("RECURRENCE-ID").dt)
            moved.setdefault(_uid(event), {})[key] = event
    for event, where in zip(events, places, strict=True):
        yield from _event(event, where, own, window, moved)


def _event(
    event: Component,
    where: Where,
    own: frozenset[str],
    window: Window,
    moved: dict[str, dict[dt.datetime, Component]],
) -> Iterator[Record]:
    if event.get("DTSTART") is None:
        yield Skip(where, "no-date")
        return
    uid = _uid(event)
    start = event.get("DTSTART").dt
    recurring = event.get("RRULE") is not None or event.get("RDATE") is not None
    if event.get("RECURRENCE-ID") is not None:
        key = _instant(event.get("RECURRENCE-ID").dt)
        occurrences = [(start, f"{uid}:{key.isoformat()}")]
    elif recurring:
        if _cancelled(event):
            yield Skip(where, "cancelled")
            return
        overridden = moved.get(uid, {})
        occurrences = [
            (when, f"{uid}:{_instant(when).isoformat()}")
            for when in _expand(event, start, window)
            if _instant(when) not in overridden
        ]
    else:
        occurrences = [(start, uid)]
    occurrences = [
        (when, key) for when, key in occurrences if window.start <= _instant(when) <= window.end
    ]
    if not occurrences:
        return
    if _cancelled(event):
        yield Skip(where, "cancelled")
        return
    people, direction = _people(event, own)
    if not people:
        yield Skip(where, "no-attendees")
        return
    kind = "video" if _video(event) else "meeting"
    summary = " ".join(str(event.get("SUMMARY", "")).split())[:SUMMARY_LIMIT]
    for when, external_id in occurrences:
        yield InteractionRecord(
            where, SOURCE, external_id, _instant(when), kind, direction, summary, people
        )


def _uid(event: Component) -> str:
    uid = str(event.get("UID", "")).strip()
    if uid:
        return uid
    start = event.get("DTSTART")
    seed = f"{start.to_ical() if start is not None else ''}\n{event.get('SUMMARY', '')}"
    return "sha256:" + hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()[:32]


def _cancelled(event: Component) -> bool:
    return str(event.get("STATUS", "")).strip().upper() == "CANCELLED"


def _instant(value: dt.date | dt.datetime) -> dt.datetime:
    """A start as an aware UTC datetime: floating times and whole days read as UTC."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _expand(event: Component, start: Any, window: Window) -> list[dt.datetime | dt.date]:
    """The starts of a recurring event within the window, EXDATEs left out."""
    all_day = not isinstance(start, dt.datetime)
    begin = dt.datetime.combine(start, dt.time.min) if all_day else start
    rules = rrule.rruleset()
    for value in _values(event.get("RRULE")):
        rules.rrule(_rule(value, begin))
    for value in _values(event.get("RDATE")):
        for item in value.dts:
            rules.rdate(_like(item.dt, begin))
    rules.rdate(begin)
    for value in _values(event.get("EXDATE")):
        for item in value.dts:
            rules.exdate(_like(item.dt, begin))
    low, high = _like(window.start, begin), _like(window.end, begin)
    found: list[dt.datetime | dt.date] = []
    for when in rules.xafter(low, inc=True):
        if when > high or len(found) >= MAX_OCCURRENCES:
            break
        found.append(when.date() if all_day else when)
    return found


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _rule(value: Any, begin: dt.datetime) -> rrule.rrule:
    """A dateutil rule from an RRULE, its UNTIL made comparable with the start."""
    recur = dict(value)
    until = recur.pop("UNTIL", None)
    text = ";".join(
        f"{name}={','.join(_part(item) for item in _values(items))}"
        for name, items in recur.items()
    )
    rule = rrule.rrulestr(text, dtstart=begin)
    if until:
        rule = rule.replace(until=_like(until[0], begin, end_of_day=True))
    return rule


def _part(item: Any) -> str:
    if hasattr(item, "to_ical"):
        found = item.to_ical()
        return found.decode() if isinstance(found, bytes) else str(found)
    return str(item)


def _like(
    value: dt.date | dt.datetime, begin: dt.datetime, *, end_of_day: bool = False
) -> dt.datetime:
    """`value` as a datetime comparable with `begin` (both aware, or both naive)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.max if end_of_day else dt.time.min)
    if begin.tzinfo is None:
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=begin.tzinfo)
    return value.astimezone(begin.tzinfo)


def _address(value: Any) -> str:
    address = str(value).strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    return address.strip().lower() if "@" in address else ""


def _people(event: Component, own: frozenset[str]) -> tuple[list[PersonRef], str]:
    organizer = event.get("ORGANIZER")
    organizer_address = _address(organizer) if organizer is not None else ""
    direction = "mutual"
    if organizer_address:
        direction = "outgoing" if organizer_address in own else "incoming"
    attendees = _values(event.get("ATTENDEE"))
    if not attendees:
        return [], direction
    people: dict[str, PersonRef] = {}
    for attendee in [*attendees, *([organizer] if organizer_address else [])]:
        address = _address(attendee)
        params = getattr(attendee, "params", {})
        if (
            not address
            or address in own
            or address in people
            or str(params.get("CUTYPE", "")).upper() in _LEFT_OUT_TYPES
            or str(params.get("PARTSTAT", "")).upper() in _LEFT_OUT_STATUS
            or str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT"
        ):
            continue
        first, last = split_name(str(params.get("CN", "")).strip().strip("'\""), address)
        people[address] = PersonRef(
            first_name=first, last_name=last, email=address, create=bool(first or last)
        )
    return list(people.values()), direction


def _video(event: Component) -> bool:
    texts = [
        str(event.get(name, ""))
        for name in ("LOCATION", "DESCRIPTION", "URL", "X-GOOGLE-CONFERENCE", "CONFERENCE")
    ]
    return any(_VIDEO.search(text) for text in texts if text)
