"""Contacts exported as CSV: Google Contacts, Outlook, Thunderbird, or any table with a mapping.

Pure Python, no Django. `read_text` finds the encoding (UTF-8 with or without BOM, UTF-16 with
a BOM, else Windows-1252) and `sniff_delimiter` the separator (`,`, `;` as French spreadsheets
write it, or tab). `layout_for` recognises the header of each known export:

- Google Contacts, current ("First Name", "E-mail 1 - Label", "Labels") and old ("Given Name",
  "E-mail 1 - Type", "Group Membership") layouts: several values in one cell are separated by
  " ::: ", and a `*` before a label marks the primary value.
- Outlook, in English or French ("First Name"/"Prénom", "E-mail Address"/"Adresse de
  messagerie"...): "0/0/00" is an empty date; French exports write dates day first.
- Thunderbird ("Primary Email", "Display Name", "Birth Year"...).

Any other table is read through a mapping from entregent's fields to its columns
(`first_name=Prénom,last_name=Nom,emails=Courriel`). `records` streams one `PersonRecord` per
row with its line number; a row that cannot be read is a `Skip` naming the line, never dropped
in silence. Labels and categories are kept as categories: the service makes them circles when
they name one, tags otherwise.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator

from entregent.engines.text import fold
from entregent.io.address_book import country_code
from entregent.io.detect import InputFile
from entregent.io.linkedin_csv import parse_day, split_full_name
from entregent.io.records import Notice, PersonRecord, Record, Skip, Where

FORMAT = "csv"
DELIMITERS = (",", ";", "\t")
MULTI_SEPARATOR = " ::: "
# Fields a mapping may name (with their aliases), as `PersonRecord` spells them.
SINGLE_FIELDS = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "nickname",
    "organization",
    "title",
    "notes",
    "city",
    "country",
    "linkedin_url",
)
MULTI_FIELDS = ("emails", "phones", "links", "categories")
OTHER_FIELDS = ("name", "birthday", "birth_year", "birth_month", "birth_day")
MAPPED_FIELDS = SINGLE_FIELDS + MULTI_FIELDS + OTHER_FIELDS
FIELD_ALIASES = {
    "email": "emails",
    "phone": "phones",
    "link": "links",
    "website": "links",
    "company": "organization",
    "job_title": "title",
    "labels": "categories",
    "tags": "categories",
    "circles": "categories",
    "full_name": "name",
    "note": "notes",
}


class MappingError(ValueError):
    """A mapping that cannot be used: `part` is the piece at fault."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    """Where a field is read: the cell at `index`, its label written or read at `label_index`."""

    field: str
    index: int
    label: str = ""
    label_index: int = -1


@dataclasses.dataclass(slots=True)
class Layout:
    name: str  # google, outlook, thunderbird, mapped
    columns: list[Column]
    day_first: bool = False


# --- Text and separators ---------------------------------------------------------------------


def read_text(data: bytes) -> str:
    """The file as text: a BOM says the encoding, else UTF-8, else Windows-1252."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(first_line: str) -> str:
    """The separator of a header line: the one of `,` `;` tab found most outside quotes."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {delimiter: outside.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def header_of(text: str) -> tuple[list[str], str]:
    """The header cells (as written) and the separator of a CSV text."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    delimiter = sniff_delimiter(first)
    cells = next(csv.reader([first], delimiter=delimiter), [])
    return [cell.strip() for cell in cells], delimiter


# --- Layouts ---------------------------------------------------------------------------------

_GOOGLE_NUMBERED = re.compile(r"^(e-mail|phone|website|relation|address) (\d+) - (.+)$")
_GOOGLE_SINGLE = {
    "first name": "first_name",
    "given name": "first_name",
    "middle name": "middle_name",
    "additional name": "middle_name",
    "last name": "last_name",
    "family name": "last_name",
    "name prefix": "prefix",
    "name suffix": "suffix",
    "nickname": "nickname",
    "name": "name",
    "organization name": "organization",
    "organization 1 - name": "organization",
    "organization title": "title",
    "organization 1 - title": "title",
    "birthday": "birthday",
    "notes": "notes",
    "labels": "categories",
    "group membership": "categories",
}
_OUTLOOK_SINGLE = {
    "first name": "first_name",
    "prenom": "first_name",
    "middle name": "middle_name",
    "deuxieme prenom": "middle_name",
    "last name": "last_name",
    "nom": "last_name",
    "title": "prefix",
    "suffix": "suffix",
    "suffixe": "suffix",
    "nickname": "nickname",
    "surnom": "nickname",
    "company": "organization",
    "societe": "organization",
    "job title": "title",
    "fonction": "title",
    "birthday": "birthday",
    "anniversaire": "birthday",
    "notes": "notes",
    "categories": "categories",
    "home city": "city",
    "ville (domicile)": "city",
    "business city": "city",
    "ville (bureau)": "city",
    "home country/region": "country",
    "pays/region (domicile)": "country",
    "business country/region": "country",
    "pays/region (bureau)": "country",
    "web page": "links",
    "page web": "links",
}
_OUTLOOK_LABELLED = {
    "e-mail address": ("emails", ""),
    "e-mail 2 address": ("emails", ""),
    "e-mail 3 address": ("emails", ""),
    "adresse de messagerie": ("emails", ""),
    "adresse de messagerie 2": ("emails", ""),
    "adresse de messagerie 3": ("emails", ""),
    "mobile phone": ("phones", "mobile"),
    "tel. mobile": ("phones", "mobile"),
    "business phone": ("phones", "work"),
    "business phone 2": ("phones", "work"),
    "tel. bureau": ("phones", "work"),
    "tel. bureau 2": ("phones", "work"),
    "home phone": ("phones", "home"),
    "home phone 2": ("phones", "home"),
    "tel. domicile": ("phones", "home"),
    "tel. domicile 2": ("phones", "home"),
    "other phone": ("phones", "other"),
    "autre telephone": ("phones", "other"),
    "primary phone": ("phones", ""),
    "telephone principal": ("phones", ""),
}
_THUNDERBIRD_SINGLE = {
    "first name": "first_name",
    "prenom": "first_name",
    "last name": "last_name",
    "nom de famille": "last_name",
    "display name": "name",
    "nom a afficher": "name",
    "nickname": "nickname",
    "surnom": "nickname",
    "job title": "title",
    "profession": "title",
    "organization": "organization",
    "societe": "organization",
    "home city": "city",
    "ville": "city",
    "work city": "city",
    "home country": "country",
    "pays/region": "country",
    "work country": "country",
    "birth year": "birth_year",
    "annee de naissance": "birth_year",
    "birth month": "birth_month",
    "mois de naissance": "birth_month",
    "birth day": "birth_day",
    "jour de naissance": "birth_day",
    "notes": "notes",
    "web page 1": "links",
    "web page 2": "links",
    "page web 1": "links",
    "page web 2": "links",
}
_THUNDERBIRD_LABELLED = {
    "primary email": ("emails", ""),
    "premiere adresse electronique": ("emails", ""),
    "secondary email": ("emails", ""),
    "adresse electronique secondaire": ("emails", ""),
    "mobile number": ("phones", "mobile"),
    "portable": ("phones", "mobile"),
    "work phone": ("phones", "work"),
    "tel. professionnel": ("phones", "work"),
    "home phone": ("phones", "home"),
    "tel. personnel": ("phones", "home"),
}
_FRENCH_HEADERS = frozenset({"prenom", "nom", "adresse de messagerie", "anniversaire", "societe"})


def layout_for(header: list[str], mapping: list[tuple[str, str]] | None = None) -> Layout | None:
    """How to read the rows under `header`; None when no known export has these columns.

    A mapping wins over recognition: it names its columns (raises MappingError for a
    column the header lacks).
    """
    names = [fold(cell) for cell in header]
    if mapping:
        return _mapped(names, mapping)
    known = set(names)
    if any(_GOOGLE_NUMBERED.match(name) for name in names) and (
        known & {"labels", "group membership", "given name", "first name"}
    ):
        return _google(names)
    if known & {"primary email", "premiere adresse electronique"}:
        return _fixed("thunderbird", names, _THUNDERBIRD_SINGLE, _THUNDERBIRD_LABELLED)
    if known & {"e-mail address", "adresse de messagerie"} or (
        {"first name", "last name", "job title", "company"} <= known
    ):
        layout = _fixed("outlook", names, _OUTLOOK_SINGLE, _OUTLOOK_LABELLED)
        layout.day_first = bool(known & _FRENCH_HEADERS)
        if "titre" in known:  # French Outlook: "Titre" is the job title, or the courtesy
            field = "prefix" if "fonction" in known else "title"  # title beside "Fonction"
            layout.columns.append(Column(field, names.index("titre")))
        return layout
    return None


def _google(names: list[str]) -> Layout:
    columns: list[Column] = []
    labels: dict[tuple[str, str], int] = {}
    for index, name in enumerate(names):
        if match := _GOOGLE_NUMBERED.match(name):
            kind, number, part = match.groups()
            if part in ("label", "type"):
                labels[(kind, number)] = index
    for index, name in enumerate(names):
        if name in _GOOGLE_SINGLE:
            columns.append(Column(_GOOGLE_SINGLE[name], index))
        elif match := _GOOGLE_NUMBERED.match(name):
            kind, number, part = match.groups()
            field = {
                ("e-mail", "value"): "emails",
                ("phone", "value"): "phones",
                ("website", "value"): "links",
                ("address", "city"): "city",
                ("address", "country"): "country",
            }.get((kind, part))
            if field:
                columns.append(Column(field, index, label_index=labels.get((kind, number), -1)))
    return Layout("google", columns)


def _fixed(
    name: str,
    names: list[str],
    single: dict[str, str],
    labelled: dict[str, tuple[str, str]],
) -> Layout:
    columns: list[Column] = []
    for index, header in enumerate(names):
        if header in single:
            columns.append(Column(single[header], index))
        elif header in labelled:
            field, label = labelled[header]
            columns.append(Column(field, index, label))
    return Layout(name, columns)


def parse_mapping(text: str) -> list[tuple[str, str]]:
    """ "first_name=Prénom,last_name=Nom,emails=Courriel" as (field, column) pairs.

    A field may come back (`emails=Courriel,emails=Courriel 2`). Raises MappingError naming
    the piece that is not `field=column` with a known field.
    """
    pairs: list[tuple[str, str]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        field, equals, column = part.partition("=")
        field = field.strip().lower().replace("-", "_").replace(" ", "_")
        field = FIELD_ALIASES.get(field, field)
        if not equals or not column.strip() or field not in MAPPED_FIELDS:
            raise MappingError(part.strip())
        pairs.append((field, column.strip()))
    if not pairs:
        raise MappingError(text)
    return pairs


def _mapped(names: list[str], mapping: list[tuple[str, str]]) -> Layout:
    columns = []
    for field, column in mapping:
        key = fold(column)
        if key not in names:
            raise MappingError(column)
        columns.append(Column(field, names.index(key)))
    return Layout("mapped", columns, day_first=True)


# --- Rows to records -------------------------------------------------------------------------


def records(
    files: Iterable[InputFile], mapping: list[tuple[str, str]] | None = None
) -> Iterator[Record]:
    """One record per row of each file, in order; whatever cannot be read is a Skip."""
    for item in files:
        yield from file_records(item, mapping)


def file_records(item: InputFile, mapping: list[tuple[str, str]] | None = None) -> Iterator[Record]:
    text = read_text(item.read())
    if "\x00" in text[:4096]:
        yield Skip(Where(item.name), "not-text")
        return
    header, delimiter = header_of(text)
    try:
        layout = layout_for(header, mapping)
    except MappingError as error:
        yield Skip(Where(item.name, 1), "csv-no-column", {"column": error.part})
        return
    if layout is None:
        shown = ", ".join(cell for cell in header[:8] if cell)
        yield Skip(Where(item.name, 1), "csv-unknown-columns", {"columns": shown})
        return
    day_first = layout.day_first or delimiter == ";"
    for where, row in rows(item.name, text, delimiter, len(header)):
        if isinstance(row, Skip):
            yield row
        else:
            yield row_record(where, row, layout, day_first=day_first)


def rows(
    name: str, text: str, delimiter: str, width: int
) -> Iterator[tuple[Where, list[str] | Skip]]:
    """The rows under the header line with the line each starts on; blank ones left out."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    previous = 0
    try:
        next(reader, None)
        previous = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            start = previous + 1
            previous = reader.line_num
            where = Where(name, start)
            if not "".join(row).strip():
                continue
            extra = row[width:]
            if any(cell.strip() for cell in extra):
                params = {"found": len(row), "expected": width}
                yield where, Skip(where, "csv-bad-row", params)
                continue
            yield where, row
    except csv.Error as error:
        where = Where(name, previous + 1)
        yield where, Skip(where, "csv-unreadable", {"detail": str(error)})


def row_record(where: Where, row: list[str], layout: Layout, *, day_first: bool) -> PersonRecord:
    record = PersonRecord(where)
    full_name = ""
    birth: dict[str, str] = {}
    for column in layout.columns:
        value = row[column.index].strip() if column.index < len(row) else ""
        if not value:
            continue
        field = column.field
        if field in SINGLE_FIELDS:
            if not getattr(record, field):
                setattr(record, field, value)
        elif field in MULTI_FIELDS:
            label = column.label
            if column.label_index >= 0 and column.label_index < len(row):
                label = row[column.label_index].strip()
            _add_values(record, field, value, label)
        elif field == "name":
            full_name = full_name or value
        elif field == "birthday":
            _set_birthday(record, value, day_first=day_first)
        else:
            birth[field] = value
    if full_name and not (record.first_name or record.last_name):
        record.first_name, record.last_name = split_full_name(full_name)
    if birth:
        _set_birth_parts(record, birth)
    if record.country:
        record.region = country_code(record.country)
        record.country = record.region
    return record


def _add_values(record: PersonRecord, field: str, value: str, label: str) -> None:
    primary = label.startswith("*")
    label = label.lstrip("* ").strip()
    if field == "categories":
        separators = r"\s*:::\s*|;|,"
        record.categories += [part.strip().lstrip("* ") for part in re.split(separators, value)]
        return
    parts = [part.strip() for part in value.split(":::") if part.strip()]
    if field == "links":
        record.links += parts
        return
    entries = [(part, fold(label)) for part in parts]
    target = record.emails if field == "emails" else record.phones
    if primary:
        target[:0] = entries
    else:
        target += entries


_EMPTY_DATE = re.compile(r"^[0/.\-\s:]*$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_NO_YEAR = re.compile(r"^--(\d{1,2})-(\d{1,2})$")


def parse_birthday(value: str, *, day_first: bool) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) from "1985-03-15", "--03-15", "15/03/1985" (day first) or
    "3/15/1985"; None when unreadable. Raises nothing; "0/0/00" is no date at all."""
    value = value.strip()
    if _NUMERIC.match(day_part := value.split(" ", 1)[0]):
        value = day_part  # "15/03/1985 00:00:00"
    if match := _NO_YEAR.match(value):
        return None, int(match.group(1)), int(match.group(2))
    if match := _NUMERIC.match(value):
        a, b, c = match.groups()
        if len(a) == 4:
            year, month, day = int(a), int(b), int(c)
        else:
            first, second = int(a), int(b)
            if first > 12 or (day_first and second <= 12):
                day, month = first, second
            else:
                month, day = first, second
            year = _full_year(c)
        return (year or None), month, day
    found = parse_day(value)
    return (found.year, found.month, found.day) if found else None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        this_year = dt.date.today().year % 100
        year += 2000 if year <= this_year else 1900
    return year


def _set_birthday(record: PersonRecord, value: str, *, day_first: bool) -> None:
    if _EMPTY_DATE.match(value):
        return
    found = parse_birthday(value, day_first=day_first)
    if found is None or not (1 <= found[1] <= 12 and 1 <= found[2] <= 31):
        notice = Notice(record.where, "bad-date", {"value": value, "column": "birthday"})
        record.notices.append(notice)
        return
    record.birthday = found


def _set_birth_parts(record: PersonRecord, birth: dict[str, str]) -> None:
    try:
        month, day = int(birth.get("birth_month", "0")), int(birth.get("birth_day", "0"))
        year = int(birth.get("birth_year") or 0) or None
    except ValueError:
        shown = "-".join(birth.get(key, "") for key in ("birth_year", "birth_month", "birth_day"))
        record.notices.append(Notice(record.where, "bad-birthday", {"value": shown}))
        return
    if month and day:
        record.birthday = (year, month, day)


# --- Detection -------------------------------------------------------------------------------


def looks_like_contacts(head: bytes) -> bool:
    """Whether the first bytes of a file are the header of a contacts export this reads."""
    header, _delimiter = header_of(read_text(head))
    return layout_for(header) is not None
