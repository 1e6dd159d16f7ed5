"""What each vCard property means for a `Card`: the rules `vcard_read.build_card` applies.

Pure Python, no Django. A rule takes (builder, NAME, group, parameters, raw value) and fills
the card the `Builder` holds: names, organisation, e-mails, phones and other labelled
entries (with Apple `itemN.X-ABLabel` labels), addresses, dates, photos, social profiles.
A property no rule maps, or a second one of a kind that counts once, is kept raw
(`RawProperty`), so that nothing in the file is lost.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Callable

from entregent.io.vcard import (
    Address,
    Card,
    CardError,
    Labeled,
    Params,
    RawProperty,
    base64_bytes,
    decoded,
    param_value,
    parse_date,
    split_escaped,
    unescape,
)


class Builder:
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


Handler = Callable[[Builder, str, str, Params, str], None]


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


def keep_raw(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
    """The rule of every property no other rule maps."""
    builder.keep(name, group, params, raw)


def _skip(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
    if not group:
        builder.keep(name, group, params, raw)


def _version(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
    builder.card.version = raw.strip()


def _single(attribute: str) -> Handler:
    """FN, TITLE, ROLE, UID: the first one counts, later ones are kept raw."""

    def handle(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
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


def _name(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
    if builder.n_seen:
        builder.keep(name, group, params, raw)
        return
    builder.n_seen = True
    card = builder.card
    parts = _parts(decoded(raw, params), 5)
    card.last_name, card.first_name, card.middle_name, card.prefix = parts[:4]
    card.suffix = " ".join(part for part in parts[4:] if part)


def _org(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
    parts = _parts(decoded(raw, params), 1)
    if not any(parts):
        return
    card = builder.card
    if card.organization or card.department:
        builder.keep(name, group, params, raw)
        return
    card.organization = parts[0]
    card.department = ", ".join(part for part in parts[1:] if part)


def _list(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
    items = [unescape(item).strip() for item in split_escaped(decoded(raw, params), ",")]
    if name == "NICKNAME":
        builder.nicknames.extend(item for item in items if item)
        return
    categories = builder.card.categories
    categories.extend(item for item in dict.fromkeys(items) if item and item not in categories)


def _note(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
    value = unescape(decoded(raw, params))
    if value.strip():
        builder.notes.append(value)


def _entry(collection: str, clean: Callable[[str, Params], str], tag: str = "") -> Handler:
    """E-mails, phones, web addresses, related people, IM handles: a value with labels.

    `tag` is the label the property name implies (X-AIM: "aim", X-SPOUSE: "spouse").
    TYPE values that every entry of the kind carries (internet, voice) are left out.
    """
    noise = {"emails": "internet", "phones": "voice"}.get(collection, "")

    def handle(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
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


def _address(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
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


def _date(attribute: str) -> Handler:
    """BDAY and the anniversaries: the first readable date counts; others are kept raw."""

    def handle(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
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


def _apple_date(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
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


def _photo(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
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


def _social(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
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


def _kind(builder: Builder, name: str, group: str, params: Params, raw: str) -> None:
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

HANDLERS: dict[str, Handler] = {
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
HANDLERS |= {name: _entry("social", _text, service) for name, service in _IM.items()}
HANDLERS |= {name: _entry("related", _text, relation) for name, relation in _RELATIONS.items()}
