"""A person record cleaned into facts that can be compared and merged (`prepare`).

Names tidied (titles to the prefix, a surname in capitals put last), e-mails checked and
lower-cased, phones to E.164 read in the card's country or else the owner's (kept as
written, with their digits as key, when they cannot be read), profile addresses to their
key, categories to circles or tags. What cannot be used is dropped with a notice naming it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from entregent.io.records import Notice, PersonRecord, Skip
from entregent.services.import_books import CircleBook, is_system_category
from entregent.services.matching import (
    folded,
    matching_phone,
    name_key,
    phone_key,
    profile_key,
    profile_url,
    tidy_name,
    url_key,
)
from entregent.services.validation import check_birthday

TEXT_LIMITS = {
    "prefix": 30,
    "first_name": 100,
    "middle_name": 100,
    "last_name": 100,
    "suffix": 30,
    "nickname": 100,
    "city": 100,
    "notes": 100_000,
}
NAME_FIELDS = ("prefix", "first_name", "middle_name", "last_name")
_URL = URLValidator(schemes=["http", "https"])
_LINK_KINDS = (("github.com", "github"), ("linkedin.com", "linkedin"))
_MASTODON_HOSTS = ("mastodon.", "mstdn.", "fosstodon.", "piaille.", "framapiaf.")
# The everyday address (ASCII letters, digits, dots, "_+-"; a dotted domain): accepted
# without Django's full validator, which it passes (tested). Anything else is checked by it.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_EMAIL = re.compile(
    rf"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,63}}"
)


@dataclasses.dataclass(slots=True)
class Prepared:
    """A record's facts, normalised and ready to compare and merge."""

    record: PersonRecord
    values: dict[str, Any]
    emails: list[tuple[str, str, str]]  # (address, lower-cased, label)
    phones: list[tuple[str, str, str]]  # (as written, E.164 or "", label)
    profile: str
    links: list[tuple[str, str, str]]  # (kind, url, key)
    organization: str
    title: str
    circle_ids: list[int]
    tag_names: list[str]
    name_key: str
    label: str

    @property
    def keyless(self) -> bool:
        return not (self.emails or self.phone_keys() or self.profile)

    def phone_keys(self) -> list[str]:
        if not self.phones:
            return []
        keys = (matching_phone(raw, e164) for raw, e164, _label in self.phones)
        return [key for key in keys if key]


@functools.lru_cache(maxsize=65536)
def to_e164(raw: str, region: str) -> str:
    """The E.164 form of a phone number, or "" when it cannot be read."""
    try:
        number = phonenumbers.parse(raw, region or None)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def contact_label(labels: str) -> str:
    """A ContactLabel value from an input's labels ("cell,work" is a mobile)."""
    words = set(labels.lower().replace(";", ",").split(","))
    if words & {"cell", "mobile", "iphone", "portable"}:
        return "mobile"
    if "work" in words:
        return "work"
    if "home" in words:
        return "home"
    return "other" if words - {""} else ""


def link_kind(url: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    for domain, kind in _LINK_KINDS:
        if host == domain or host.endswith(f".{domain}"):
            return kind
    if host.startswith(_MASTODON_HOSTS) or "/@" in url:
        return "mastodon"
    return "website"


def prepare(record: PersonRecord, region: str, circles: CircleBook) -> Prepared | Skip:
    """The normalised facts of `record`; a Skip when it names no one."""
    where, notices = record.where, record.notices
    values = _texts(record)
    emails = _emails(record, notices) if record.emails else []
    phones = _phones(record, record.region or region, notices) if record.phones else []
    if record.links:
        profile, links = _links(record, notices)
    else:
        profile, links = (profile_key(record.linkedin_url) if record.linkedin_url else ""), []
    if profile:
        values["linkedin_url"] = profile_url(profile)
    get = values.get
    first, middle, last = get("first_name", ""), get("middle_name", ""), get("last_name", "")
    nickname = get("nickname", "")
    if not (first or last or nickname):
        fallback = (emails and emails[0][0]) or (phones and phones[0][0]) or ""
        if not fallback:
            return Skip(where, "no-name")
        values["nickname"] = nickname = fallback[:100]
        notices.append(Notice(where, "named-after-contact", {"name": fallback}))
    if record.country and len(country := record.country.strip()) == 2 and country.isalpha():
        values["country"] = country.upper()
    if record.first_met_on:
        values["first_met_on"] = record.first_met_on
    if record.birthday:
        values.update(_birthday(record, notices))
    if record.photo:
        values["photo"] = (record.photo, record.photo_type)
    if record.categories:
        circle_ids, tag_names = _categories(record, circles)
    else:
        by_key = circles.by_key
        circle_ids, tag_names = [by_key[key] for key in record.circle_keys if key in by_key], []
    organization, title = record.organization, record.title
    return Prepared(
        record=record,
        values=values,
        emails=emails,
        phones=phones,
        profile=profile,
        links=links,
        organization=organization.strip()[:200] if organization else "",
        title=title.strip()[:200] if title else "",
        circle_ids=circle_ids,
        tag_names=tag_names,
        name_key=name_key(first, middle, last, nickname),
        label=" ".join(f"{first} {middle} {last}".split()) or nickname,
    )


def _texts(record: PersonRecord) -> dict[str, Any]:
    """The names (tidied), nickname, city and notes that are not empty, cut to their field."""
    name = tidy_name(record.prefix, record.first_name, record.middle_name, record.last_name)
    values: dict[str, Any] = {}
    if name.prefix:
        values["prefix"] = name.prefix[:30]
    if name.first_name:
        values["first_name"] = name.first_name[:100]
    if name.middle_name:
        values["middle_name"] = name.middle_name[:100]
    if name.last_name:
        values["last_name"] = name.last_name[:100]
    if record.suffix and (value := record.suffix.strip()):
        values["suffix"] = value[:30]
    if record.nickname and (value := record.nickname.strip()):
        values["nickname"] = value[:100]
    if record.city and (value := record.city.strip()):
        values["city"] = value[:100]
    if record.notes and (value := record.notes.strip()):
        values["notes"] = value[: TEXT_LIMITS["notes"]]
    return values


def display_name(values: dict[str, Any]) -> str:
    get = values.get
    name = f"{get('first_name', '')} {get('middle_name', '')} {get('last_name', '')}"
    return " ".join(name.split()) or get("nickname", "")


def valid_email(address: str) -> bool:
    """Whether `address` is an e-mail address Django's validator accepts."""
    if address.isascii() and _PLAIN_EMAIL.fullmatch(address):
        return True
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _emails(record: PersonRecord, notices: list[Notice]) -> list[tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    for address, labels in record.emails:
        address = address.strip().removeprefix("mailto:")
        if not address:
            continue
        if not valid_email(address):
            notices.append(Notice(record.where, "bad-email", {"value": address}))
            continue
        if len(address) <= 254:
            normalized = address.lower()
            found.setdefault(normalized, (address, normalized, contact_label(labels)))
    return list(found.values())


def _phones(record: PersonRecord, region: str, notices: list[Notice]) -> list[tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    for raw, labels in record.phones:
        raw = raw.strip().removeprefix("tel:")[:50]
        if not raw:
            continue
        e164 = to_e164(raw, region.upper())
        digits = "".join(ch for ch in raw if ch.isdigit())
        if not e164 and len(digits) < 3:
            notices.append(Notice(record.where, "bad-phone", {"value": raw}))
            continue
        # Kept as written when it cannot be read as a number: nothing the user wrote is lost.
        found.setdefault(phone_key(raw, e164), (raw, e164, contact_label(labels)))
    return list(found.values())


def _links(record: PersonRecord, notices: list[Notice]) -> tuple[str, list[tuple[str, str, str]]]:
    profile = profile_key(record.linkedin_url) if record.linkedin_url else ""
    found: dict[str, tuple[str, str, str]] = {}
    for url in record.links:
        url = url.strip()
        if not url:
            continue
        if "://" not in url:
            url = f"https://{url}"
        try:
            _URL(url)
        except ValidationError:
            notices.append(Notice(record.where, "bad-url", {"value": url}))
            continue
        key = url_key(url)
        if key.startswith("linkedin.com/in/") and not profile:
            profile = key
            continue
        if key != profile and len(url) <= 500:
            found.setdefault(key, (link_kind(url), url, key))
    return profile, list(found.values())


def _birthday(record: PersonRecord, notices: list[Notice]) -> dict[str, Any]:
    assert record.birthday is not None
    year, month, day = record.birthday
    try:
        found = check_birthday(day, month, year)
    except ValidationError:
        shown = f"{year or '--'}-{month:02d}-{day:02d}"
        notices.append(Notice(record.where, "bad-birthday", {"value": shown}))
        return {}
    return {"birthday": (found.year, found.month, found.day)}


def _categories(record: PersonRecord, circles: CircleBook) -> tuple[list[int], list[str]]:
    circle_ids = [circles.by_key[key] for key in record.circle_keys if key in circles.by_key]
    if not record.categories:
        return circle_ids, []
    tags: list[str] = []
    for category in record.categories:
        category = category.strip()
        if not category or is_system_category(category):
            continue
        circle = circles.for_category(category)
        if circle is not None:
            circle_ids.append(circle)
        elif folded(category) not in {folded(tag) for tag in tags}:
            tags.append(category)
    return list(dict.fromkeys(circle_ids)), tags
