"""Write a `Card` as vCard 3.0 or 4.0 text (see `entregent.io.vcard.write_card`).

UTF-8 characters, CRLF line ends, lines folded at 75 octets without cutting a UTF-8
sequence, text escaped (backslash, comma, semicolon, newline). Labels that are standard
TYPE values go in TYPE; one other label per property goes in an Apple `itemN.X-ABLabel`,
which keeps its case and spaces (a TYPE value would be lower-cased by most readers).
A birthday without a year is `--MMDD` in both versions (see `_Writer.date`); a 4.0 photo is
a data: URI whose comma is escaped (see `_photo`).
Raw properties are not written: an export describes entregent's data, not the old file.
"""

from __future__ import annotations

import base64

from entregent.io.vcard import Address, Card, Labeled, PartialDate

# Labels written as TYPE values; anything else goes in an X-ABLabel.
_TYPES = frozenset(
    ("home", "work", "cell", "voice", "fax", "pager", "text", "video", "msg", "textphone")
    + ("internet", "x400", "postal", "parcel", "dom", "intl", "car", "isdn", "modem", "bbs", "pcs")
)
# RFC 6350 RELATED types.
_RELATED_TYPES = frozenset(
    ("contact", "acquaintance", "friend", "met", "co-worker", "colleague", "co-resident")
    + ("neighbor", "child", "parent", "sibling", "spouse", "kin", "muse", "crush", "date")
    + ("sweetheart", "me", "agent", "emergency")
)
_STANDARD = {"RELATED": _RELATED_TYPES, "X-ABRELATEDNAMES": frozenset()}
# Apple's built-in labels, written as _$!<Name>!$_ so that Apple shows them translated.
_APPLE = {
    name.lower(): name
    for name in ("Other", "Main", "Mobile", "HomePage", "Anniversary", "Spouse", "Child")
    + ("Mother", "Father", "Parent", "Brother", "Sister", "Friend", "Manager", "Assistant")
    + ("Partner",)
}
_ESCAPES = str.maketrans({"\\": "\\\\", ",": "\\,", ";": "\\;", "\n": "\\n"})
_CONTROLS = dict.fromkeys(code for code in range(32) if chr(code) not in "\t\n")


def escape(value: str) -> str:
    """Escape text for a vCard value; control characters other than tab are dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.translate(_CONTROLS).translate(_ESCAPES)


def _param(value: str) -> str:
    """A parameter value, quoted, with RFC 6868 carets where needed."""
    if value.isalnum():
        return value
    caret = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    return f'"{caret}"'


def fold(line: str) -> str:
    """Fold at 75 octets; continuation lines start with one space."""
    if len(line) <= 75 and (line.isascii() or len(line.encode("utf-8")) <= 75):
        return line
    if line.isascii():
        return "\r\n ".join([line[:75]] + [line[at : at + 74] for at in range(75, len(line), 74)])
    encoded, pieces, start, limit = line.encode("utf-8"), [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and encoded[end] & 0xC0 == 0x80:  # inside a character
            end -= 1
        pieces.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(pieces)


class _Writer:
    """The lines of one card; `item` numbers Apple groups."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.lines: list[str] = ["BEGIN:VCARD", f"VERSION:{version}"]
        self.items = 0

    def add(self, name: str, value: str, params: str = "", group: str = "") -> None:
        head = f"{group}.{name}" if group else name
        self.lines.append(f"{head}{params}:{value}")

    def labeled(self, name: str, value: str, entry: Labeled | Address, extra: str = "") -> None:
        """A property with TYPE labels, PREF and at most one X-ABLabel."""
        standard = _STANDARD.get(name, _TYPES)
        if name == "X-SOCIALPROFILE":  # the service is the TYPE: X-SOCIALPROFILE;TYPE=twitter
            standard = frozenset(entry.labels)
        types = [label for label in entry.labels if label in standard]
        custom = [label for label in entry.labels if label not in standard]
        types += custom[1:]  # only one X-ABLabel per property
        params = f";TYPE={','.join(_param(kind) for kind in types)}" if types else ""
        if entry.preferred:
            params += ";PREF=1" if self.version == "4.0" else (",pref" if types else ";TYPE=pref")
        self.add_grouped(name, value, params + extra, custom[0] if custom else "")

    def add_grouped(self, name: str, value: str, params: str, label: str) -> None:
        if not label:
            self.add(name, value, params)
            return
        self.items += 1
        group = f"item{self.items}"
        self.add(name, value, params, group)
        apple = f"_$!<{_APPLE[label]}>!$_" if label in _APPLE else escape(label)
        self.add("X-ABLabel", apple, group=group)

    def text(self, name: str, value: str) -> None:
        if value:
            self.add(name, escape(value))

    def date(self, name: str, value: PartialDate | None) -> None:
        if value is None:
            return
        year, month, day = value
        if not year:
            # vCard 3.0 has no date without a year. `--MMDD` (RFC 6350, ISO 8601 truncated)
            # is what Google Contacts writes in its own 3.0 exports; khard shows it as
            # --03-15 and Radicale stores it unchanged (tests/io/test_carddav_roundtrip.py).
            # Apple's BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15 reads as the year 1604 in every
            # reader but Apple's own (khard, Nextcloud, Thunderbird), so it is read, not
            # written.
            self.add(name, f"--{month:02d}{day:02d}")
        elif self.version == "4.0":
            self.add(name, f"{year:04d}{month:02d}{day:02d}")
        else:
            self.add(name, f"{year:04d}-{month:02d}-{day:02d}")


def card_text(card: Card, version: str = "3.0") -> str:
    """The card as vCard 3.0 or 4.0 text, ending with CRLF."""
    if version not in ("3.0", "4.0"):
        raise ValueError(f"cannot write vCard {version}: only 3.0 and 4.0")
    writer = _Writer(version)
    _identity(writer, card)
    for name, entries in (("EMAIL", card.emails), ("TEL", card.phones), ("URL", card.urls)):
        for entry in entries:
            writer.labeled(name, _uri(entry.value) if name == "URL" else escape(entry.value), entry)
    for address in card.addresses:
        parts = (address.po_box, address.extended, address.street, address.locality) + (
            address.region,
            address.postal_code,
            address.country,
        )
        label = f";LABEL={_param(address.label)}" if address.label else ""
        writer.labeled("ADR", ";".join(escape(part) for part in parts), address, label)
    writer.date("BDAY", card.birthday)
    writer.date("ANNIVERSARY" if version == "4.0" else "X-ANNIVERSARY", card.anniversary)
    writer.text("NOTE", card.note)
    if card.categories:
        writer.add("CATEGORIES", ",".join(escape(category) for category in card.categories))
    _photo(writer, card)
    for profile in card.social:
        writer.labeled("X-SOCIALPROFILE", _uri(profile.value), profile)
    for person in card.related:
        _related(writer, person)
    writer.lines.append("END:VCARD")
    return "\r\n".join(fold(line) for line in writer.lines) + "\r\n"


def _uri(value: str) -> str:
    return "".join(value.split())


def _identity(writer: _Writer, card: Card) -> None:
    if card.is_organization:
        writer.add(*(("KIND", "org") if writer.version == "4.0" else ("X-ABShowAs", "COMPANY")))
    writer.text("UID", card.uid)
    writer.add("FN", escape(card.formatted_name))  # required, even when empty
    parts = (card.last_name, card.first_name, card.middle_name, card.prefix, card.suffix)
    writer.add("N", ";".join(escape(part) for part in parts))
    writer.text("NICKNAME", card.nickname)
    if card.organization or card.department:
        org = escape(card.organization)
        writer.add("ORG", f"{org};{escape(card.department)}" if card.department else org)
    writer.text("TITLE", card.title)
    writer.text("ROLE", card.role)


def _photo(writer: _Writer, card: Card) -> None:
    if card.photo:
        data = base64.b64encode(card.photo).decode("ascii")
        mime = card.photo_type or "application/octet-stream"
        if writer.version == "4.0":
            # The comma is escaped, as RFC 6350 3.4 asks of every comma in a value (the
            # example in 6.2.4 leaves it bare; erratum 3845). Readers built on vobject, Radicale
            # among them, keep a bare data: URI only up to its comma and lose the photo;
            # ez-vcard, sabre/vobject, ical.js and entregent unescape it.
            writer.add("PHOTO", f"data:{mime};base64\\,{data}")
        else:
            subtype = mime.partition("/")[2].upper()
            writer.add("PHOTO", data, f";ENCODING=b;TYPE={subtype}" if subtype else ";ENCODING=b")
    elif card.photo_url:
        writer.add("PHOTO", _uri(card.photo_url), ";VALUE=uri" if writer.version == "3.0" else "")


def _related(writer: _Writer, person: Labeled) -> None:
    """RELATED;VALUE=text (4.0) or Apple's itemN.X-ABRELATEDNAMES with an X-ABLabel (3.0)."""
    if writer.version == "4.0":
        writer.labeled("RELATED", escape(person.value), person, ";VALUE=text")
    else:
        writer.labeled("X-ABRELATEDNAMES", escape(person.value), person)
