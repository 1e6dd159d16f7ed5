"""Read vCard 2.1, 3.0 and 4.0 files into `Card` records (see `entregent.io.vcard`).

How the bytes become properties:

1. Encoding (`vcard.file_text`). A BOM wins (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM
   shows as a NUL in every other byte. Otherwise the file stays bytes, held as a latin-1
   string (one character per byte), so that a fold inside a multi-byte character is joined
   before anything is decoded. Each value is then decoded on its own: its CHARSET, else
   UTF-8, and a byte that is not valid there is read as cp1252, never as U+FFFD.
2. Lines. CR CR LF, CRLF, CR and LF all end a line. Cards are cut at BEGIN:VCARD and
   END:VCARD lines; whatever lies between cards (VADDRESSBOOK wrappers, garbage) is skipped.
3. Unfolding removes a line break and exactly one space or tab (RFC 6350): the second space
   of a two-space fold is content for Evolution and Gmail. Where it is not (macOS photos),
   base64 ignores it, and e-mail and web addresses drop whitespace altogether.
4. A quoted-printable value ending in "=" continues on the next line whatever that line
   looks like; a line with no "name:" continues the previous value (vCard 2.1 base64
   blocks ended by a blank line, newlines a writer forgot to escape).
5. Text is never cut at an unescaped comma: only N, ADR and ORG split (on ";"), and only
   CATEGORIES and NICKNAME are comma lists.
"""

from __future__ import annotations

import functools
import logging
import re
import urllib.parse
from collections.abc import Callable, Iterator

from entregent.io.vcard import (
    Address,
    Card,
    CardError,
    Labeled,
    Params,
    RawProperty,
    base64_bytes,
    decoded,
    file_text,
    param_value,
    parse_date,
    parse_params,
    split_escaped,
    unescape,
)

logger = logging.getLogger(__name__)

_MARKER = re.compile(r"^(?:[A-Za-z0-9_-]+\.)?(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*$", re.M | re.I)
_FOLD = re.compile(r"\n[ \t]")
# One match per line: group, name, parameters (quoted values may hold ; and :), value.
# A line with no "name:" matches with an empty name and the whole line as value.
_LINE = re.compile(
    r'^(?:(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)((?:;(?:[^;:"\n]|"[^"\n]*")*)*):)?(.*)$', re.M
)


def iter_cards(data: bytes | str) -> Iterator[Card | CardError]:
    """Yield a Card or CardError for each BEGIN:VCARD, in file order."""
    content = file_text(data)
    position, line, cursor = 0, 1, 0
    opened: tuple[int, int] | None = None  # (where the body starts, line of BEGIN)
    for marker in _MARKER.finditer(content):
        line += content.count("\n", cursor, marker.start())
        cursor = marker.start()
        is_begin = marker.group(1).upper() == "BEGIN"
        if opened is not None:  # END closes the card; a second BEGIN means END is missing
            position += 1
            body = content[opened[0] : marker.start()]
            yield _card(body, position, opened[1], complete=not is_begin)
        opened = (marker.end(), line) if is_begin else None
    if opened is not None:
        yield _card(content[opened[0] :], position + 1, opened[1], complete=False)


def _card(body: str, position: int, line: int, *, complete: bool) -> Card | CardError:
    try:
        result = build_card(properties(body), position, line)
    except Exception as error:  # one unreadable card must not sink the file
        logger.debug("vCard %d (line %d) unreadable", position, line, exc_info=True)
        return CardError(position, line, "", f"unreadable card: {error}", "unreadable")
    if not complete and isinstance(result, Card):
        message = "END:VCARD is missing; the card is kept as far as it was read"
        result.problems.append(CardError(position, line, "END", message, "missing-end"))
    return result


def properties(body: str) -> list[list[str]]:
    """The logical lines of a card body as [group, NAME, parameters, raw value]."""
    if "\n " in body or "\n\t" in body:
        body = _FOLD.sub("", body)
    found: list[list[str]] = []
    last: list[str] | None = None
    for group, name, params, value in _LINE.findall(body):
        if last and last[3].endswith("=") and parse_params(last[2]).encoding == "QUOTED-PRINTABLE":
            # A soft line break: the next line continues the value, even "ORG:..." or "".
            head = f"{group}.{name}" if group else name
            last[3] += "\n" + (f"{head}{params}:{value}" if name else value)
            continue
        if not name:
            if last is not None and value.strip():
                last[3] += "\n" + value
            continue
        last = [group, name.upper(), params, value]
        found.append(last)
    return found


# --- From properties to a Card -------------------------------------------------------------


class _Builder:
    """One card being filled, with what the property rules need to remember."""

    __slots__ = ("card", "kind_org", "labels", "n_seen", "nicknames", "notes", "used")

    def __init__(self, position: int, line: int, labels: dict[str, tuple[str, str]]) -> None:
        self.card = Card(position=position, line=line)
        self.labels = labels  # lower-cased group -> (group, X-ABLabel value, still escaped)
        self.used: set[str] = set()
        self.notes: list[str] = []
        self.nicknames: list[str] = []
        self.n_seen = False
        self.kind_org = False

    def keep(self, name: str, group: str, params: Params, raw: str) -> None:
        value = decoded(raw, params)
        if params.encoding == "B":
            value = "".join(value.split())
        self.card.raw.append(RawProperty(name, params.pairs, value, group))

    def label(self, group: str) -> str:
        """The X-ABLabel of an Apple item group, marked as used."""
        key = group.lower()
        if not group or key not in self.labels:
            return ""
        self.used.add(key)
        return unescape(self.labels[key][1]).strip()

    def labels_for(self, group: str, params: Params, noise: str = "") -> tuple[str, ...]:
        labels = params.types
        if noise and noise in labels:
            labels = tuple(kind for kind in labels if kind != noise)
        custom = self.label(group)
        return tuple(dict.fromkeys(labels + apple_label(custom))) if custom else labels

    def problem(self, field: str, message: str, code: str) -> None:
        card = self.card
        card.problems.append(CardError(card.position, card.line, field, message, code))


_Handler = Callable[[_Builder, str, str, Params, str], None]


def build_card(props: list[list[str]], position: int, line: int) -> Card | CardError:
    """Map the properties of one card; CardError when nothing usable is left."""
    labels: dict[str, tuple[str, str]] = {}
    for group, name, params, raw in props:
        if name == "X-ABLABEL" and group:
            labels.setdefault(group.lower(), (group, decoded(raw, parse_params(params))))
    builder = _Builder(position, line, labels)
    for group, name, params, raw in props:
        _HANDLERS.get(name, _keep)(builder, name, group, parse_params(params), raw)
    return _finish(builder)


def _finish(builder: _Builder) -> Card | CardError:
    card = builder.card
    card.note = "\n\n".join(builder.notes)
    card.nickname = ", ".join(dict.fromkeys(builder.nicknames))
    for key, (group, label) in builder.labels.items():
        if key not in builder.used:  # the label of a property kept raw
            card.raw.append(RawProperty("X-ABLABEL", (), label, group))
    _settle_names(card, kind_org=builder.kind_org)
    usable = (card.formatted_name, card.nickname, card.emails, card.phones, card.addresses)
    if not any(usable) and not (card.urls or card.social):
        message = "no name, organisation, e-mail, phone, address or web address"
        return CardError(card.position, card.line, "", message, "empty")
    return card


def _settle_names(card: Card, *, kind_org: bool) -> None:
    """FN from N or ORG when missing; a company card (N:;;;; or no N) named after its ORG."""
    parts = (card.prefix, card.first_name, card.middle_name, card.last_name, card.suffix)
    person = any(parts)
    named_after_org = card.formatted_name in ("", card.organization)
    card.is_organization = kind_org or bool(card.organization and not person and named_after_org)
    if not card.formatted_name:
        card.formatted_name = " ".join(part for part in parts if part) or card.organization
    elif not person and not card.is_organization:
        _split_formatted_name(card)


def _split_formatted_name(card: Card) -> None:
    """First and last name from FN when N says nothing: "Doe, John" or "John Doe"."""
    name = card.formatted_name
    last, comma, first = name.partition(",")
    if comma and " " not in last.strip() and "," not in first:
        card.first_name, card.last_name = first.strip(), last.strip()
        return
    words = name.split()
    card.first_name = " ".join(words[:-1]) if len(words) > 1 else name
    card.last_name = words[-1] if len(words) > 1 else ""


_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_APPLE_SPLIT = {
    "homefax": ("home", "fax"),
    "workfax": ("work", "fax"),
    "otherfax": ("other", "fax"),
    "assistantphone": ("assistant",),
}


@functools.lru_cache(maxsize=512)
def apple_label(label: str) -> tuple[str, ...]:
    """Apple's built-in labels (_$!<Other>!$_) lower-cased; free text kept as written."""
    match = _APPLE_LABEL.fullmatch(label)
    if match is None:
        return (label,) if label else ()
    name = match.group(1).lower()
    return _APPLE_SPLIT.get(name, (name,))


# --- Property rules: each takes (builder, NAME, group, params, raw value) ------------------


def _keep(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    builder.keep(name, group, params, raw)


def _skip(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    if not group:
        builder.keep(name, group, params, raw)


def _version(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    builder.card.version = raw.strip()


def _single(attribute: str) -> _Handler:
    """FN, TITLE, ROLE, UID: the first one counts, later ones are kept raw."""

    def handle(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
        value = _text(raw, params)
        if value and getattr(builder.card, attribute):
            builder.keep(name, group, params, raw)
        elif value:
            setattr(builder.card, attribute, value)

    return handle


def _parts(value: str, size: int) -> list[str]:
    """The components of a decoded N, ADR or ORG value, padded to `size`."""
    parts = [unescape(part).strip() for part in split_escaped(value, ";")]
    return parts + [""] * (size - len(parts))


def _name(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    if builder.n_seen:
        builder.keep(name, group, params, raw)
        return
    builder.n_seen = True
    card = builder.card
    parts = _parts(decoded(raw, params), 5)
    card.last_name, card.first_name, card.middle_name, card.prefix = parts[:4]
    card.suffix = " ".join(part for part in parts[4:] if part)


def _org(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    parts = _parts(decoded(raw, params), 1)
    if not any(parts):
        return
    card = builder.card
    if card.organization or card.department:
        builder.keep(name, group, params, raw)
        return
    card.organization = parts[0]
    card.department = ", ".join(part for part in parts[1:] if part)


def _list(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    items = [unescape(item).strip() for item in split_escaped(decoded(raw, params), ",")]
    if name == "NICKNAME":
        builder.nicknames.extend(item for item in items if item)
        return
    categories = builder.card.categories
    categories.extend(item for item in dict.fromkeys(items) if item and item not in categories)


def _note(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    value = unescape(decoded(raw, params))
    if value.strip():
        builder.notes.append(value)


def _entry(collection: str, clean: Callable[[str, Params], str], tag: str = "") -> _Handler:
    """E-mails, phones, web addresses, related people, IM handles: a value with labels.

    `tag` is the label the property name implies (X-AIM: "aim", X-SPOUSE: "spouse").
    TYPE values that every entry of the kind carries (internet, voice) are left out.
    """
    noise = {"emails": "internet", "phones": "voice"}.get(collection, "")

    def handle(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
        value = clean(raw, params)
        if value:
            labels = builder.labels_for(group, params, noise)
            labels = tuple(dict.fromkeys((tag, *labels))) if tag else labels
            entries: list[Labeled] = getattr(builder.card, collection)
            entries.append(Labeled(value, labels, params.preferred))

    return handle


def _text(raw: str, params: Params) -> str:
    return unescape(decoded(raw, params)).strip()


def _uri(raw: str, params: Params) -> str:
    """Web addresses, e-mails: whitespace is never part of them (two-space folds)."""
    return "".join(unescape(decoded(raw, params)).split())


_ANGLE = re.compile(r"<([^<>]*)>")


def _email_value(raw: str, params: Params) -> str:
    value = unescape(decoded(raw, params))
    angle = _ANGLE.search(value)  # "John Doe <john@example.org>"
    value = "".join((angle.group(1) if angle else value).split())
    return value[7:] if value[:7].lower() == "mailto:" else value


def _phone_value(raw: str, params: Params) -> str:
    value = decoded(raw, params).strip()
    if value[:4].lower() == "tel:":  # vCard 4.0 tel: URI, not escaped
        return value[4:].replace(";ext=", " ext. ")
    return unescape(value)


def _address(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    value, label = decoded(raw, params), params.get("LABEL")
    if label and ":" in value and 'LABEL="' not in params.source.upper():
        value, label = _resplit_label(value, label)
    parts = _parts(value, 7)
    if not any(parts):
        return
    builder.card.addresses.append(
        Address(
            po_box=parts[0],
            extended=parts[1],
            street=parts[2],
            locality=parts[3],
            region=parts[4],
            postal_code=parts[5],
            country=", ".join(part for part in parts[6:] if part),
            labels=builder.labels_for(group, params),
            preferred=params.preferred,
            label=label,
        )
    )


def _resplit_label(value: str, label: str) -> tuple[str, str]:
    """An unquoted LABEL holding colons ended at the wrong colon (ez-vcard issue 114).

    The real value starts at the last colon that still leaves seven ADR components.
    """
    if ":" not in split_escaped(value, ";")[0]:
        return value, label
    for colon in reversed([match.start() for match in re.finditer(":", value)]):
        if len(split_escaped(value[colon + 1 :], ";")) >= 7:
            return value[colon + 1 :], f"{label}:{param_value(value[:colon])}"
    return value, label


def _date(attribute: str) -> _Handler:
    """BDAY and the anniversaries: the first readable date counts; others are kept raw."""

    def handle(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
        value = _text(raw, params)
        if not value:
            return
        if getattr(builder.card, attribute) is not None:
            builder.keep(name, group, params, raw)
            return
        try:
            setattr(builder.card, attribute, parse_date(value, params))
        except ValueError:
            builder.problem(name, f"unreadable date {value!r}", "date")
            builder.keep(name, group, params, raw)

    return handle


_anniversary = _date("anniversary")


def _apple_date(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    """item1.X-ABDATE is an anniversary when its X-ABLabel says so."""
    label = unescape(builder.labels.get(group.lower(), ("", ""))[1]).strip()
    if apple_label(label) == ("anniversary",):
        builder.label(group)
        _anniversary(builder, name, group, params, raw)
    else:
        builder.keep(name, group, params, raw)


_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG", "image/png"), (b"GIF8", "image/gif"))


def _image_type(params: Params, data: bytes) -> str:
    if params.media_type:
        return params.media_type
    for kind in params.types:  # TYPE=JPEG (3.0), bare JPEG (2.1), TYPE=image/jpeg
        if "/" in kind:
            return kind
        if kind.isalnum():
            return f"image/{'jpeg' if kind == 'jpg' else kind}"
    return next((mime for magic, mime in _MAGIC if data.startswith(magic)), "")


def _data_uri(value: str) -> tuple[bytes, str]:
    """data:image/jpeg;base64,... (vCard 4.0), its comma and semicolon possibly escaped."""
    header, comma, payload = unescape(value).partition(",")
    if not comma:
        raise ValueError("data URI without a comma")
    mime = header[5:].split(";")[0].strip().lower()
    if ";base64" in header.lower():
        return base64_bytes(payload), mime
    return urllib.parse.unquote_to_bytes(payload), mime


def _photo(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    card, value = builder.card, raw.strip()
    if card.photo is not None or card.photo_url:
        builder.keep(name, group, params, raw)
        return
    try:
        if params.encoding == "B":
            data, mime = base64_bytes(value), ""
        elif value[:5].lower() == "data:":
            data, mime = _data_uri(value)
        else:
            card.photo_url = _uri(raw, params)
            return
    except ValueError as error:
        builder.problem(name, f"unreadable photo: {error}", "photo")
        builder.keep(name, group, params, raw)
        return
    if data:
        card.photo, card.photo_type = data, mime or _image_type(params, data)


def _social(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    """X-SOCIALPROFILE;TYPE=twitter and IMPP;X-SERVICE-TYPE=Skype: the service first."""
    value = _uri(raw, params) or params.get("X-USER")
    service = params.get("X-SERVICE-TYPE").lower()
    if name == "IMPP" and not service and ":" in value:
        service = value.partition(":")[0].lower()
    labels = builder.labels_for(group, params)
    if service:
        labels = tuple(dict.fromkeys((service, *labels)))
    if value:
        builder.card.social.append(Labeled(value, labels, params.preferred))


def _kind(builder: _Builder, name: str, group: str, params: Params, raw: str) -> None:
    """KIND:org (4.0) and X-ABShowAs:COMPANY (Apple) mark an organisation."""
    value = decoded(raw, params).strip().lower()
    if value in ("org", "organization", "company"):
        builder.kind_org = True
    elif value not in ("", "individual", "person"):
        builder.keep(name, group, params, raw)


_IM = {"X-AIM": "aim", "X-ICQ": "icq", "X-JABBER": "jabber", "X-MSN": "msn", "X-QQ": "qq"}
_IM |= {"X-YAHOO": "yahoo", "X-SKYPE": "skype", "X-SKYPE-USERNAME": "skype"}
_IM |= {"X-GOOGLE-TALK": "gtalk", "X-GTALK": "gtalk", "X-TWITTER": "twitter"}
_IM |= {"X-GADUGADU": "gadugadu", "X-MS-IMADDRESS": "im"}
_RELATIONS = {"X-SPOUSE": "spouse", "X-MANAGER": "manager", "X-ASSISTANT": "assistant"}
_RELATIONS |= {"X-EVOLUTION-SPOUSE": "spouse", "X-EVOLUTION-MANAGER": "manager"}
_RELATIONS |= {"X-EVOLUTION-ASSISTANT": "assistant", "X-MS-SPOUSE": "spouse"}
_RELATIONS |= {"X-MS-MANAGER": "manager", "X-MS-ASSISTANT": "assistant"}

_HANDLERS: dict[str, _Handler] = {
    "VERSION": _version,
    "UID": _single("uid"),
    "FN": _single("formatted_name"),
    "N": _name,
    "NICKNAME": _list,
    "ORG": _org,
    "TITLE": _single("title"),
    "ROLE": _single("role"),
    "EMAIL": _entry("emails", _email_value),
    "TEL": _entry("phones", _phone_value),
    "ADR": _address,
    "URL": _entry("urls", _uri),
    "NOTE": _note,
    "CATEGORIES": _list,
    "BDAY": _date("birthday"),
    "ANNIVERSARY": _anniversary,
    "X-ANNIVERSARY": _anniversary,
    "X-MS-ANNIVERSARY": _anniversary,
    "X-EVOLUTION-ANNIVERSARY": _anniversary,
    "X-ABDATE": _apple_date,
    "PHOTO": _photo,
    "X-SOCIALPROFILE": _social,
    "IMPP": _social,
    "RELATED": _entry("related", _text),
    "X-ABRELATEDNAMES": _entry("related", _text),
    "KIND": _kind,
    "X-ABSHOWAS": _kind,
    "X-ABLABEL": _skip,
}
_HANDLERS |= {name: _entry("social", _text, service) for name, service in _IM.items()}
_HANDLERS |= {name: _entry("related", _text, relation) for name, relation in _RELATIONS.items()}
