"""A person as an import sees them, and the merge rule (`merge_into`).

`PersonState` is someone already in the network (loaded in bulk) or someone this import
creates. `merge_into` adds a record's facts to a state: union of e-mails, phones, links,
roles, circles and tags; empty fields filled; a different non-empty value never overwrites,
it is kept and reported as a conflict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from entregent.services.import_prepare import NAME_FIELDS, Prepared, display_name
from entregent.services.matching import (
    folded,
    known_phone,
    name_key,
    phone_key,
    profile_key,
    url_key,
)


@dataclasses.dataclass(slots=True)
class PersonState:
    pid: int
    existing: bool
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    before: dict[str, Any] = dataclasses.field(default_factory=dict)
    emails: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    phones: dict[str, tuple[str, str, str]] = dataclasses.field(default_factory=dict)
    links: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    roles: dict[int, tuple[int | None, str]] = dataclasses.field(default_factory=dict)
    # Roles held now (not ended) when the import started: role id -> (organisation, start).
    current_roles: dict[int, tuple[int, dt.date | None]] = dataclasses.field(default_factory=dict)
    circles: set[int] = dataclasses.field(default_factory=set)
    tags: set[int] = dataclasses.field(default_factory=set)
    # What this import adds (for people it creates: everything).
    new_emails: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    new_phones: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    new_links: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    new_roles: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    role_titles: dict[int, str] = dataclasses.field(default_factory=dict)  # role id -> title
    ended_roles: dict[int, dt.date | None] = dataclasses.field(default_factory=dict)  # -> start
    new_circles: list[int] = dataclasses.field(default_factory=list)
    new_tags: list[int] = dataclasses.field(default_factory=list)
    photo: tuple[bytes, str] | None = None
    # False for someone this import creates until a second record merges into them: the
    # lookups above (emails, phones...) are then built from the lists of what is new.
    indexed: bool = True

    @property
    def label(self) -> str:
        return display_name(self.values)

    def index(self) -> None:
        """Fill the lookups of someone this import creates, from what their first record
        brought (every fact of theirs is new)."""
        self.emails = {
            normalized: (address, label) for address, normalized, label in self.new_emails
        }
        self.phones = {
            phone_key(raw, e164): (raw, e164, label) for raw, e164, label in self.new_phones
        }
        self.links = {url_key(url): (kind, url) for kind, url in self.new_links}
        self.roles = {org: (None, title) for org, title in self.new_roles}
        self.circles = set(self.new_circles)
        self.tags = set(self.new_tags)
        self.indexed = True


@dataclasses.dataclass(slots=True)
class Conflict:
    field: str
    kept: Any
    ignored: Any


def _same(field: str, current: Any, value: Any) -> bool:
    if field == "linkedin_url":
        return profile_key(current) == profile_key(value)
    if isinstance(current, str) and isinstance(value, str):
        return folded(current) == folded(value)
    return bool(current == value)


def merge_into(
    state: PersonState, item: Prepared, org_id: int | None, tag_ids: list[int]
) -> tuple[bool, list[Conflict]]:
    """Add `item`'s facts to `state`; whether anything changed, and the values not taken."""
    if not state.indexed:
        state.index()
    conflicts: list[Conflict] = []
    changed = _merge_values(state, item, conflicts)
    for address, normalized, label in item.emails:
        if normalized not in state.emails:
            state.emails[normalized] = (address, label)
            state.new_emails.append((address, normalized, label))
            changed = True
    for raw, e164, label in item.phones:
        key = phone_key(raw, e164)
        if not known_phone(key, state.phones):
            state.phones[key] = (raw, e164, label)
            state.new_phones.append((raw, e164, label))
            changed = True
    for kind, url, key in item.links:
        if key not in state.links:
            state.links[key] = (kind, url)
            state.new_links.append((kind, url))
            changed = True
    if org_id is not None and item.record.current_job and state.existing:
        changed |= _move_job(state, org_id, item.title, conflicts)
    elif org_id is not None:
        changed |= _merge_role(state, org_id, item.title, conflicts)
    for circle in item.circle_ids:
        if circle not in state.circles:
            state.circles.add(circle)
            state.new_circles.append(circle)
            changed = True
    for tag in tag_ids:
        if tag not in state.tags:
            state.tags.add(tag)
            state.new_tags.append(tag)
            changed = True
    return changed, conflicts


def person_values(item: Prepared) -> tuple[dict[str, Any], tuple[bytes, str] | None]:
    """A record's values as the fields of someone this import creates (the birthday in its
    three fields), and their photo. The record's own dict: it is not read again."""
    values = item.values
    if "birthday" in values:
        values["birthday_year"], values["birthday_month"], values["birthday_day"] = values.pop(
            "birthday"
        )
    return values, values.pop("photo", None)


def adopt(pid: int, item: Prepared, org_id: int | None, tag_ids: list[int]) -> PersonState:
    """Someone this import creates, from their first record, when a second one names them:
    every fact of the first is new. The lookups wait for `merge_into` (`PersonState.index`).
    """
    values, photo = person_values(item)
    return PersonState(
        pid,
        existing=False,
        values=values,
        new_emails=item.emails,
        new_phones=item.phones,
        new_links=[(kind, url) for kind, url, _key in item.links],
        new_roles=[] if org_id is None else [(org_id, item.title)],
        new_circles=item.circle_ids,
        new_tags=list(dict.fromkeys(tag_ids)),
        photo=photo,
        indexed=False,
    )


def _merge_values(state: PersonState, item: Prepared, conflicts: list[Conflict]) -> bool:
    values, changed = item.values, False
    same_name = name_key(*(state.values.get(f, "") for f in NAME_FIELDS[1:])) == item.name_key
    for field, value in values.items():
        if field in ("birthday", "photo") or (same_name and field in NAME_FIELDS[1:]):
            continue
        current = state.values.get(field)
        if current in ("", None):
            _set(state, field, value)
            changed = True
        elif field == "linkedin_url" and not _same(field, current, value):
            # A second profile is a fact too: kept as a link, not as a conflict.
            key = profile_key(value)
            if key not in state.links:
                state.links[key] = ("linkedin", value)
                state.new_links.append(("linkedin", value))
                changed = True
        elif field == "first_met_on" and value >= current:
            continue  # met earlier than the file says: both are true
        elif not _same(field, current, value):
            conflicts.append(Conflict(field, current, value))
    if "birthday" in values:
        changed |= _merge_birthday(state, values["birthday"], conflicts)
    if "photo" in values and not state.values.get("photo") and state.photo is None:
        state.photo = values["photo"]
        changed = True
    return changed


def _set(state: PersonState, field: str, value: Any) -> None:
    if state.existing and field not in state.before:
        state.before[field] = state.values.get(field)
    state.values[field] = value


def _merge_birthday(
    state: PersonState, birthday: tuple[int | None, int, int], conflicts: list[Conflict]
) -> bool:
    year, month, day = birthday
    current = (
        state.values.get("birthday_year"),
        state.values.get("birthday_month"),
        state.values.get("birthday_day"),
    )
    if current[1] is None:
        for field, value in zip(
            ("birthday_year", "birthday_month", "birthday_day"), birthday, strict=True
        ):
            _set(state, field, value)
        return True
    if (current[1], current[2]) == (month, day):
        if current[0] is None and year is not None:
            _set(state, "birthday_year", year)
            return True
        if year is None or current[0] == year:
            return False
    conflicts.append(Conflict("birthday", _date_text(current), _date_text(birthday)))
    return False


def _date_text(value: tuple[Any, Any, Any]) -> str:
    year, month, day = value
    return f"{year or '--'}-{month:02d}-{day:02d}"


def _merge_role(state: PersonState, org_id: int, title: str, conflicts: list[Conflict]) -> bool:
    found = state.roles.get(org_id)
    if found is None:
        state.roles[org_id] = (None, title)
        state.new_roles.append((org_id, title))
        return True
    role_id, current = found
    if not title or folded(title) == folded(current):
        return False
    if not current:
        state.roles[org_id] = (role_id, title)
        if role_id is None:  # a role this import adds: its title is filled in place
            state.new_roles = [(o, title if o == org_id else t) for o, t in state.new_roles]
        else:
            state.role_titles[role_id] = title
        return True
    conflicts.append(Conflict("title", current, title))
    return False


def _move_job(state: PersonState, org_id: int, title: str, conflicts: list[Conflict]) -> bool:
    """The record's organisation is where the person works now (LinkedIn's Connections).

    Already held there (a current role, or one this import adds): the title merges as usual.
    Otherwise their current roles elsewhere end (kept: they are the person's history) and a
    new current role starts there.
    """
    if any(org == org_id for org, _start in state.current_roles.values()) or any(
        org == org_id for org, _title in state.new_roles
    ):
        return _merge_role(state, org_id, title, conflicts)
    state.ended_roles.update(
        (role_id, started) for role_id, (_org, started) in state.current_roles.items()
    )
    state.current_roles.clear()
    state.roles[org_id] = (None, title)
    state.new_roles.append((org_id, title))
    return True
