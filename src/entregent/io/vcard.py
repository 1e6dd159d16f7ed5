"""vCard 2.1, 3.0 and 4.0: the plain records an import reads and an export writes.

Pure Python, no Django. `read_vcards` turns the bytes of a .vcf file into a stream with one
item per card: a `Card`, or a `CardError` when the card held nothing usable (no name, no
organisation, no e-mail, phone, address, web or social profile) or could not be read at all.
A kept card lists its smaller problems in `Card.problems` (an unreadable birthday, a missing
END:VCARD); one bad card never stops the cards after it. `write_card` writes one card as
vCard 3.0 or 4.0 text.

Real files are messy: any encoding (UTF-8, UTF-16, cp1252, per-property CHARSET), any line
ending, quoted-printable with soft line breaks, Apple `itemN.` groups, unescaped commas.
`vcard_read` (cards and lines) and `vcard_rules` (properties) explain each rule where it
applies; the format primitives both directions share (encodings, parameters, escapes,
dates, base64) are at the end of this module.
"""

from __future__ import annotations

import binascii
import codecs
import dataclasses
import datetime
import functools
import re
from collections.abc import Iterator
from typing import Literal, NamedTuple


class PartialDate(NamedTuple):
    """A birthday or anniversary; the year is None when the card leaves it out."""

    year: int | None
    month: int
    day: int


@dataclasses.dataclass(frozen=True, slots=True)
class Labeled:
    """An e-mail, phone, web address, social profile or related person, with its labels.

    Labels are the lower-cased TYPE values ("work", "cell", "fax") followed by an Apple
    `X-ABLabel` when the card has one ("other", or free text such as "Bureau", kept as
    written). TYPE values that every entry of its kind carries ("internet" for e-mails,
    "voice" for phones) and "pref" are left out; "pref" sets `preferred`.
    """

    value: str
    labels: tuple[str, ...] = ()
    preferred: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Address:
    """One ADR property; `label` is the vCard 4.0 LABEL parameter (the printed label)."""

    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    po_box: str = ""
    extended: str = ""
    labels: tuple[str, ...] = ()
    preferred: bool = False
    label: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class RawProperty:
    """A property the reader does not map, kept so that nothing in the file is lost.

    `value` is decoded (charset, quoted-printable) but not unescaped; `params` keeps the
    parameters in file order with upper-cased names.
    """

    name: str
    params: tuple[tuple[str, str], ...]
    value: str
    group: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class CardError:
    """A problem with the card at `position` (1-based) that begins on file line `line`.

    `field` names the property ("BDAY", "PHOTO", "END"), or is empty when the whole card is
    concerned. `code` is a stable key for translated messages: "empty" and "unreadable"
    mean the card was skipped; the others ("date", "photo", "missing-end") come with a card
    that was kept.
    """

    position: int
    line: int
    field: str
    message: str
    code: str = "invalid"


@dataclasses.dataclass(slots=True)
class Card:
    """Everything the reader understood of one vCard."""

    position: int = 0
    line: int = 0
    version: str = ""
    uid: str = ""
    formatted_name: str = ""
    prefix: str = ""
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    nickname: str = ""
    organization: str = ""
    department: str = ""
    title: str = ""
    role: str = ""
    is_organization: bool = False
    emails: list[Labeled] = dataclasses.field(default_factory=list)
    phones: list[Labeled] = dataclasses.field(default_factory=list)
    addresses: list[Address] = dataclasses.field(default_factory=list)
    urls: list[Labeled] = dataclasses.field(default_factory=list)
    social: list[Labeled] = dataclasses.field(default_factory=list)
    related: list[Labeled] = dataclasses.field(default_factory=list)
    birthday: PartialDate | None = None
    anniversary: PartialDate | None = None
    note: str = ""
    categories: list[str] = dataclasses.field(default_factory=list)
    photo: bytes | None = None
    photo_type: str = ""
    photo_url: str = ""
    raw: list[RawProperty] = dataclasses.field(default_factory=list)
    problems: list[CardError] = dataclasses.field(default_factory=list)

    @property
    def display_name(self) -> str:
        """The name to show: FN, else the organisation, nickname, e-mail or phone."""
        for candidate in (self.formatted_name, self.organization, self.nickname):
            if candidate:
                return candidate
        for entries in (self.emails, self.phones):
            if entries:
                return entries[0].value
        return ""


def read_vcards(data: bytes | str) -> Iterator[Card | CardError]:
    """Yield one `Card` or `CardError` per BEGIN:VCARD in `data`, in file order."""
    from entregent.io.vcard_read import iter_cards

    return iter_cards(data)


def write_card(card: Card, version: Literal["3.0", "4.0"] = "3.0") -> str:
    """The card as vCard text: UTF-8 characters, CRLF line ends, folded at 75 octets."""
    from entregent.io.vcard_write import card_text

    return card_text(card, version)


# --- Format primitives, shared by vcard_read and vcard_write: bytes to text -------------


def _cp1252_table() -> tuple[str, ...]:
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # five bytes cp1252 leaves undefined: read as latin-1
            chars.append(chr(byte))
    return tuple(chars)


_CP1252 = _cp1252_table()


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_CP1252[byte] for byte in bad), error.end


codecs.register_error("entregent-cp1252", _cp1252_fallback)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text leaves a NUL in every other byte."""
    head = data[:512]
    if b"\x00" not in head:
        return None
    even, odd, pairs = head[0::2].count(0), head[1::2].count(0), max(len(head) // 2, 1)
    if odd > pairs * 0.4 and even * 4 < odd:
        return "utf-16-le"
    if even > pairs * 0.4 and odd * 4 < even:
        return "utf-16-be"
    return None


def _str_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")  # bytes a decoder escaped come back
    except UnicodeEncodeError:  # a lone surrogate no decoder made
        return text.encode("utf-8", "replace")


def file_text(data: bytes | str) -> str:
    """The file as one latin-1 string (a character per byte) with LF line ends only."""
    if isinstance(data, str):
        data = _str_bytes(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    else:
        encoding = _sniff_utf16(data) or "utf-8"
    if encoding != "utf-8":
        data = data.decode(encoding, "replace").encode("utf-8")
    if b"\r" in data:
        data = data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.decode("latin-1")


def _decode(data: bytes, charset: str) -> str:
    try:
        text = data.decode(charset or "utf-8", "entregent-cp1252")
    except LookupError:  # a CHARSET Python does not know
        text = data.decode("utf-8", "entregent-cp1252")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_QP_STRAY = re.compile(rb"=(?![0-9A-Fa-f]{2}|\n)")


def _quoted_printable(raw: str) -> bytes:
    data = raw.encode("latin-1")
    if b"=" in data:
        # "=" that starts no escape is left from a soft break that was also folded: drop it.
        data = _QP_STRAY.sub(b"", data)
    return binascii.a2b_qp(data)


# --- Parameters ------------------------------------------------------------------------------


class Params(NamedTuple):
    """The parameters of one property, parsed once per distinct parameter string."""

    pairs: tuple[tuple[str, str], ...]
    types: tuple[str, ...]  # lower-cased TYPE values and bare vCard 2.1 types, without pref
    preferred: bool
    encoding: str  # "QUOTED-PRINTABLE", "B" (base64) or ""
    charset: str
    value_type: str  # the VALUE parameter, lower-cased
    media_type: str
    source: str = ""  # the parameters as written

    def get(self, name: str) -> str:
        """The first value of parameter `name`, or ""."""
        for key, value in self.pairs:
            if key == name:
                return value
        return ""


_NO_PARAMS = Params((), (), preferred=False, encoding="", charset="", value_type="", media_type="")
_PARAM_PIECES = re.compile(r'(?:[^;"]|"[^"]*"?)+')
_ENCODINGS = {"QUOTED-PRINTABLE": "QUOTED-PRINTABLE", "BASE64": "B", "B": "B"}
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_CARET = re.compile(r"\^([n'^])")
_CARETS = {"n": "\n", "'": '"', "^": "^"}


def param_value(value: str) -> str:
    """A parameter value without its quotes, RFC 6868 carets decoded."""
    value = value.strip()
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        value = value[1:-1]
    if "^" in value:  # RFC 6868: ^n newline, ^' double quote, ^^ caret
        value = _CARET.sub(lambda match: _CARETS[match.group(1)], value)
    return value


@functools.lru_cache(maxsize=4096)
def parse_params(text: str) -> Params:
    """Parse ";TYPE=work,voice;PREF=1" or the bare vCard 2.1 form ";WORK;VOICE"."""
    if not text:
        return _NO_PARAMS
    pieces = _PARAM_PIECES.findall(text) if '"' in text else text[1:].split(";")
    pairs: list[tuple[str, str]] = []
    types: list[str] = []
    for piece in pieces:
        name, equals, value = piece.partition("=")
        name = name.strip().upper()
        if not equals:
            if not name:
                continue
            name, value = ("ENCODING" if name in _BARE_ENCODINGS else "TYPE"), name
        if not value.isascii():  # parameters are bytes too: UTF-8, else cp1252
            value = _decode(value.encode("latin-1"), "")
        value = param_value(value)
        pairs.append((name, value))
        if name == "TYPE":
            types.extend(item.strip().strip('"').lower() for item in value.split(","))
    found = dict(reversed(pairs))  # the first value of each name
    return Params(
        pairs=tuple(pairs),
        types=tuple(dict.fromkeys(kind for kind in types if kind and kind != "pref")),
        preferred="pref" in types or found.get("PREF", "").strip() == "1",
        encoding=_ENCODINGS.get(found.get("ENCODING", "").upper(), ""),
        charset=found.get("CHARSET", ""),
        value_type=found.get("VALUE", "").lower(),
        media_type=found.get("MEDIATYPE", "").lower(),
        source=text,
    )


# --- Values --------------------------------------------------------------------------------


def decoded(raw: str, params: Params) -> str:
    """The value decoded (quoted-printable, charset) but still escaped."""
    if params.encoding == "QUOTED-PRINTABLE":
        return _decode(_quoted_printable(raw), params.charset)
    if raw.isascii():
        return raw
    return _decode(raw.encode("latin-1"), params.charset)


_ESCAPE = re.compile(r"\\(.)", re.S)
_ESCAPED = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\"}


def _unescape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    if char in _ESCAPED:
        return _ESCAPED[char]
    # Invalid escapes: Gmail and macOS write "http\://" and \"; the character stands for
    # itself. Before a letter or digit the backslash is kept, as in C:\Users.
    return match.group(0) if char.isalnum() else char


def unescape(value: str) -> str:
    """Undo vCard text escaping: \\, \\; \\\\ \\n \\N; other escapes keep their character."""
    return _ESCAPE.sub(_unescape_one, value) if "\\" in value else value


_SPLITTERS = {";": re.compile(r"\\.|;", re.S), ",": re.compile(r"\\.|,", re.S)}


def split_escaped(value: str, separator: str) -> list[str]:
    """Split on unescaped `separator` (";" or ","); the pieces stay escaped."""
    if "\\" not in value:
        return value.split(separator)
    pieces, start = [], 0
    for match in _SPLITTERS[separator].finditer(value):
        if match.group() == separator:
            pieces.append(value[start : match.start()])
            start = match.end()
    pieces.append(value[start:])
    return pieces


_DATE = re.compile(r"(?:(\d{4})|--)?[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:[T ].*)?", re.S)
_NO_YEAR = {0, 1604}  # Apple writes 1604 for "no year", some phones 0000


def parse_date(value: str, params: Params) -> PartialDate:
    """1985-03-15, 19850315, 1985-03-15T00:00:00Z, --0315, --03-15, 03-15; ValueError else."""
    value = value.strip()
    match = None if value.startswith("---") else _DATE.fullmatch(value)  # ---15: no month
    if match is None:
        raise ValueError(value)
    year = int(match.group(1)) if match.group(1) else None
    month, day = int(match.group(2)), int(match.group(3))
    if year is not None and (year in _NO_YEAR or str(year) == params.get("X-APPLE-OMIT-YEAR")):
        year = None
    datetime.date(year or 2000, month, day)  # raises ValueError on 2023-02-30 or month 13
    return PartialDate(year, month, day)


_B64_JUNK = re.compile(r"[^A-Za-z0-9+/]")
_URLSAFE = str.maketrans("-_", "+/")


def base64_bytes(value: str) -> bytes:
    """Decode base64 that may be folded, indented, URL-safe, unpadded or cut short.

    A dangling last character (length 4n+1) carries less than a byte and is dropped, as
    Java decoders do; binascii.Error (a ValueError) is left for data that is not base64.
    """
    value = _B64_JUNK.sub("", value.translate(_URLSAFE))
    if len(value) % 4 == 1:
        value = value[:-1]
    return binascii.a2b_base64(value + "=" * (-len(value) % 4))
