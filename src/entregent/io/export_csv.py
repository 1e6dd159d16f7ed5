"""Export people and interactions as CSV for spreadsheets and scripts.

The text is UTF-8 with a byte-order mark (BOM): Excel and LibreOffice then read accents
right without asking for the encoding, and other readers skip the BOM. Rows end with CRLF,
as RFC 4180 says. Headers are stable column keys (`first_name`, `emails`...), the same in
every language, so that a script or a later import can rely on them.

A cell that a spreadsheet would run as a formula (text starting with `=`, `+`, `-`, `@`, a
tab or a carriage return) is written with a leading `'`, which the spreadsheet shows as
text: a contact named "=HYPERLINK(...)" stays a name, never a link that leaks data
(OWASP "CSV injection"). Several values in one cell (e-mails, circles) are joined with
"; ". People and interactions are read a chunk at a time, never all at once.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from django.db.models import Prefetch
from django.utils import timezone

BOM = "\ufeff"
CHUNK = 1000
SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PEOPLE_COLUMNS = (
    "id",
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "nickname",
    "emails",
    "phones",
    "organization",
    "title",
    "city",
    "country",
    "language",
    "birthday",
    "linkedin_url",
    "links",
    "circles",
    "sectors",
    "expertise",
    "interests",
    "closeness",
    "top_list_rank",
    "cadence_days",
    "first_met_on",
    "how_we_met",
    "introduced_by",
    "notes",
    "archived",
    "last_interaction_at",
    "created_at",
)
INTERACTION_COLUMNS = (
    "id",
    "occurred_at",
    "kind",
    "direction",
    "setting",
    "participants",
    "participant_ids",
    "summary",
    "duration_minutes",
    "event",
    "source",
    "external_id",
)


def safe_cell(value: Any) -> Any:
    """The value for a cell: text that a spreadsheet would run as a formula gets a `'`."""
    if type(value) is str:  # the common case first: a few million cells for a big network
        return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
    return value


class _Line:
    """A file-like object that hands back what the csv writer wrote: one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text line by line, starting with the BOM and the header: for streaming."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


def write_csv(stream: TextSink, lines: Iterable[str]) -> int:
    """Write the lines to a text stream; the number of data rows."""
    count = -1  # the header
    for line in lines:
        stream.write(line)
        count += 1
    return max(count, 0)


def _joined(values: Iterable[Any]) -> str:
    return SEPARATOR.join(str(value) for value in values if value)


def _birthday(person: Any) -> str:
    if not (person.birthday_day and person.birthday_month):
        return ""
    if person.birthday_year:
        return f"{person.birthday_year:04d}-{person.birthday_month:02d}-{person.birthday_day:02d}"
    return f"--{person.birthday_month:02d}-{person.birthday_day:02d}"


def person_row(person: Any) -> list[Any]:
    """One person as a row in `PEOPLE_COLUMNS` order (prefetched as `people_rows` does)."""
    from entregent.io.export_vcard import current_role
    from entregent.models import TagKind

    role = current_role(person)
    tags = list(person.tags.all())
    return [
        person.pk,
        person.prefix,
        person.first_name,
        person.middle_name,
        person.last_name,
        person.suffix,
        person.nickname,
        _joined(email.address for email in person.emails.all()),
        _joined(phone.raw for phone in person.phones.all()),
        role.organization.name if role else "",
        role.title if role else "",
        person.city,
        person.country,
        person.language,
        _birthday(person),
        person.linkedin_url,
        _joined(link.url for link in person.links.all()),
        _joined(circle.label for circle in person.circles.all()),
        _joined(sector.code for sector in person.sectors.all()),
        _joined(tag.name for tag in tags if tag.kind == TagKind.EXPERTISE),
        _joined(tag.name for tag in tags if tag.kind == TagKind.INTEREST),
        person.closeness,
        person.priority,
        person.cadence_days,
        person.first_met_on,
        person.how_we_met,
        person.introduced_by_id,
        person.notes,
        person.archived,
        person.last_interaction_at,
        person.created_at,
    ]


def people_rows(
    owner: Any, *, include_archived: bool = True, progress: Callable[[int, int], None] | None = None
) -> Iterator[list[Any]]:
    """Every person of the owner's network as a row, by id."""
    from entregent.models import Person, Role

    rows = Person.objects.owned_by(owner)
    if not include_archived:
        rows = rows.filter(archived=False)
    rows = (
        rows.order_by("id")
        .defer("search_text")
        .prefetch_related(
            "emails",
            "phones",
            "links",
            "circles",
            "sectors",
            "tags",
            Prefetch("roles", queryset=Role.objects.select_related("organization")),
        )
    )
    total = rows.count() if progress else 0
    for done, person in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        yield person_row(person)
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)


_INTERACTION_FIELDS = [
    "id",
    "occurred_at",
    "kind",
    "direction",
    "setting",
    "summary",
    "duration_minutes",
    "event_id",
    "source",
    "external_id",
]


def interaction_rows(
    owner: Any, *, progress: Callable[[int, int], None] | None = None
) -> Iterator[list[Any]]:
    """Every interaction of the owner as a row, oldest first, with its participants.

    Read as plain values, a chunk at a time, with one query for the chunk's participants:
    model instances and prefetching cost twenty times as much for a big network.
    """
    from entregent.models import Event, Interaction

    events = dict(Event.objects.owned_by(owner).values_list("id", "name"))
    rows = (
        Interaction.objects.owned_by(owner)
        .order_by("occurred_at", "id")
        .values_list(*_INTERACTION_FIELDS)
    )
    total = rows.count() if progress else 0
    done = 0
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK), CHUNK):
        people = _participants([row[0] for row in chunk])
        for pk, when, kind, direction, setting, summary, minutes, event, source, external in chunk:
            names, ids = people.get(pk, ([], []))
            yield [
                pk,
                when,
                kind,
                direction,
                setting,
                _joined(names),
                _joined(ids),
                summary,
                minutes,
                events.get(event, ""),
                source,
                external,
            ]
        done += len(chunk)
        if progress:
            progress(done, total)


def _chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _participants(interaction_ids: list[int]) -> dict[int, tuple[list[str], list[int]]]:
    """Each interaction's participants: (names, ids), by person id."""
    from entregent.models import Participation

    found: dict[int, tuple[list[str], list[int]]] = {}
    rows = (
        Participation.objects.filter(interaction_id__in=interaction_ids)
        .order_by("interaction_id", "person_id")
        .values_list(
            "interaction_id",
            "person_id",
            "person__first_name",
            "person__middle_name",
            "person__last_name",
            "person__nickname",
        )
    )
    for interaction, person, first, middle, last, nickname in rows:
        names, ids = found.setdefault(interaction, ([], []))
        names.append(" ".join(part for part in (first, middle, last) if part) or nickname)
        ids.append(person)
    return found


def people_csv(owner: Any, **options: Any) -> Iterator[str]:
    """The people CSV, line by line."""
    return csv_lines(PEOPLE_COLUMNS, people_rows(owner, **options))


def interactions_csv(owner: Any, **options: Any) -> Iterator[str]:
    """The interactions CSV, line by line."""
    return csv_lines(INTERACTION_COLUMNS, interaction_rows(owner, **options))
