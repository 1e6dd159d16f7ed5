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

What each property means for the card (names, e-mails, Apple labels, dates, photos) is in
`vcard_rules`; this module cuts the file into cards and settles the names.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from entregent.io.vcard import Card, CardError, RawProperty, decoded, file_text, parse_params
from entregent.io.vcard_rules import HANDLERS, Builder, keep_raw

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


def build_card(props: list[list[str]], position: int, line: int) -> Card | CardError:
    """Map the properties of one card; CardError when nothing usable is left."""
    labels: dict[str, tuple[str, str]] = {}
    for group, name, params, raw in props:
        if name == "X-ABLABEL" and group:
            labels.setdefault(group.lower(), (group, decoded(raw, parse_params(params))))
    builder = Builder(position, line, labels)
    for group, name, params, raw in props:
        HANDLERS.get(name, keep_raw)(builder, name, group, parse_params(params), raw)
    return _finish(builder)


def _finish(builder: Builder) -> Card | CardError:
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
