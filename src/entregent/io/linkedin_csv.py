"""Reading the CSV tables of a LinkedIn export: text, header, rows, dates, names.

Pure Python, no Django. LinkedIn's files are messy in known ways: Connections.csv opens with
a "Notes:" paragraph before its header; rows may be blank; dates come in four spellings
("27 Nov 2026", "2026-11-27 10:15:31 UTC", "11/27/26, 10:15 AM", "2026/11/27 10:15:31 UTC"),
always with English month names, read here without the machine's locale; some names are
UTF-8 read as Latin-1 ("HÃ©lÃ¨ne").
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterator

from entregent.io.detect import InputFile
from entregent.io.records import Skip, Where

HEADER_SEARCH_LINES = 50
MONTHS = {
    **dict.fromkeys(("jan", "january", "janv", "janvier"), 1),
    **dict.fromkeys(("feb", "february", "fev", "fevr", "février", "févr", "fevrier"), 2),
    **dict.fromkeys(("mar", "march", "mars"), 3),
    **dict.fromkeys(("apr", "april", "avr", "avril"), 4),
    **dict.fromkeys(("may", "mai"), 5),
    **dict.fromkeys(("jun", "june", "juin"), 6),
    **dict.fromkeys(("jul", "july", "juil", "juillet"), 7),
    **dict.fromkeys(("aug", "august", "aou", "aout", "août"), 8),
    **dict.fromkeys(("sep", "sept", "september", "septembre"), 9),
    **dict.fromkeys(("oct", "october", "octobre"), 10),
    **dict.fromkeys(("nov", "november", "novembre"), 11),
    **dict.fromkeys(("dec", "december", "déc", "decembre", "décembre"), 12),
}
_ISO = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"\s*(?:UTC|GMT|Z)?$",
    re.I,
)
_US = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?"
    r"\s*(?:UTC|GMT)?$",
    re.I,
)
_MONTH_FIRST = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def file_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: never a decoding error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(
    item: InputFile, required: tuple[str, ...]
) -> tuple[dict[str, int], Iterator[tuple[Where, list[str]]]] | Skip:
    """The column positions (lower-case names) and rows of a LinkedIn CSV file.

    The header is the first line holding every `required` column, within the first lines:
    whatever comes before it (the "Notes:" paragraph) is skipped. Blank rows are left out:
    they hold nothing.
    """
    try:
        text = file_text(item.read())
    except OSError:
        return Skip(Where(item.name), "not-text")
    if "\x00" in text[:4096]:
        return Skip(Where(item.name), "not-text")
    stream = io.StringIO(text)
    wanted = {column.lower() for column in required}
    for number in range(1, HEADER_SEARCH_LINES + 1):
        line = stream.readline()
        if not line:
            break
        cells = next(csv.reader([line]), [])
        names = [cell.strip().lower() for cell in cells]
        if wanted <= set(names):
            columns = {name: index for index, name in enumerate(names) if name}
            return columns, _rows(item.name, stream, number)
    return Skip(Where(item.name), "no-header", {"columns": ", ".join(required)})


def _rows(name: str, stream: io.StringIO, header_line: int) -> Iterator[tuple[Where, list[str]]]:
    reader = csv.reader(stream)
    previous = 0
    for row in reader:
        start = header_line + previous + 1
        previous = reader.line_num
        if "".join(row).strip():
            yield Where(name, start), row


def cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


_MOJIBAKE = re.compile("[ÃÂâ]")


def garbled(value: str) -> bool:
    """Whether `value` may hold UTF-8 read as Latin-1 (one test for several cells joined)."""
    return _MOJIBAKE.search(value) is not None


def repaired(value: str) -> str:
    """Text that was UTF-8 decoded as Latin-1 or Windows-1252 ("HÃ©lÃ¨ne"), decoded again."""
    if not _MOJIBAKE.search(value):
        return value
    for codec in ("cp1252", "latin-1"):
        try:
            return value.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return value


def plain(value: str, limit: int = 0) -> str:
    """HTML tags out, spaces collapsed, cut at `limit` characters (with an ellipsis)."""
    value = _SPACES.sub(" ", _TAGS.sub(" ", value)).strip()
    if limit and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


def split_full_name(name: str) -> tuple[str, str]:
    """ "Jean Dupont" -> ("Jean", "Dupont"); the service tidies "DUPONT Jean"."""
    words = repaired(name).split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return " ".join(words[:-1]), words[-1]


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _day_in_words(value: str) -> dt.date | None:
    """ "27 Nov 2026" or "Nov 27, 2026"."""
    parts = value.split()
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
        month = _month(parts[1])
        if month is not None:
            return dt.date(int(parts[2]), month, int(parts[0]))
    if match := _MONTH_FIRST.match(value):
        month = _month(match.group(1))
        if month is not None:
            return dt.date(int(match.group(3)), month, int(match.group(2)))
    return None


@functools.lru_cache(maxsize=8192)
def parse_day(value: str) -> dt.date | None:
    """A date in any of LinkedIn's spellings, whatever the locale; None when unreadable.

    Remembered: 30,000 connections made over fifteen years share a few thousand days.
    """
    value = value.strip()
    try:
        day = _day_in_words(value)
    except ValueError:
        return None
    if day is not None:
        return day
    moment = _numeric_moment(value)
    return moment.date() if moment else None


def parse_moment(value: str) -> dt.datetime | None:
    """A date and time (UTC) from "2026-11-27 10:15:31 UTC" or "11/27/26, 10:15 AM"."""
    value = value.strip()
    moment = _numeric_moment(value)
    if moment is not None:
        return moment
    try:
        day = _day_in_words(value)
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None


def _numeric_moment(value: str) -> dt.datetime | None:
    try:
        if match := _ISO.match(value):
            year, month, day, hour, minute, second = (int(g or 0) for g in match.groups())
            return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
        if match := _US.match(value):
            month, day, year = (int(g) for g in match.groups()[:3])
            year += 2000 if year < 100 else 0
            hour, minute, second = (int(g or 0) for g in match.groups()[3:6])
            meridiem = (match.group(7) or "").upper()
            if meridiem == "PM" and hour < 12:
                hour += 12
            elif meridiem == "AM" and hour == 12:
                hour = 0
            return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except ValueError:
        return None
    return None
