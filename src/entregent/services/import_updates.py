"""Writing an import's new facts about people who were already in the network.

Few rows, usually: an e-mail or a phone added here and there, a field filled. They go
through the ORM, and each change is recorded for undo (the row created, or the values
before and after). The search text of each person changed is refreshed by
`services.people.refresh_search` itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone

from entregent.models import ChangeAction, EmailAddress, Link, Person, PhoneNumber, Role
from entregent.services import people as people_service
from entregent.services.import_people import PersonState
from entregent.services.import_writer import Writer


def _email(pid: int, address: str, normalized: str, label: str, *, primary: bool) -> dict[str, Any]:
    return {
        "person_id": pid,
        "address": address,
        "address_normalized": normalized,
        "label": label,
        "is_primary": primary,
    }


def _phone(pid: int, raw: str, e164: str, label: str, *, primary: bool) -> dict[str, Any]:
    return {"person_id": pid, "raw": raw, "e164": e164, "label": label, "is_primary": primary}


def json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_existing_people(writer: Writer, states: list[PersonState]) -> list[int]:
    """New facts for people who were already there; the ids whose search text changed."""
    ended: dict[int, dt.date | None] = {}
    for state in states:
        _fields(writer, state)
        _contact_points(writer, state)
        _added_relations(writer, state)
        ended.update(state.ended_roles)
    _end_roles(writer, ended)
    writer.flush(EmailAddress, PhoneNumber, Link, Role)
    return [state.pid for state in states]


def _end_roles(writer: Writer, ended: dict[int, dt.date | None]) -> None:
    """Roles held until now (role id -> the day it started): they end today, or on the day
    they started when that is later. Undo opens them again."""
    today = timezone.localdate(writer.now)
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for role_id, started in ended.items():
        by_day[max(today, started) if started else today].append(role_id)
    for day, ids in by_day.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            Role.objects.filter(pk__in=chunk).update(ended_on=day, updated_at=writer.now)
        change = {"values": {"ended_on": None}, "set": {"ended_on": day.isoformat()}}
        writer.changes += [("Role", role_id, ChangeAction.UPDATED, change) for role_id in ids]


def _fields(writer: Writer, state: PersonState) -> None:
    """Empty fields filled (and role titles): the values before and after, for undo."""
    if state.photo is not None:
        state.before.setdefault("photo", state.values.get("photo", ""))
        state.values["photo"] = writer.photo(state.photo)
    if state.before:
        changes = {name: state.values[name] for name in state.before}
        Person.objects.filter(pk=state.pid).update(**changes, updated_at=writer.now)
        values = {
            "values": {name: json_value(value) for name, value in state.before.items()},
            "set": {name: json_value(value) for name, value in changes.items()},
        }
        writer.changes.append(("Person", state.pid, ChangeAction.UPDATED, values))
    for role_id, title in state.role_titles.items():
        Role.objects.filter(pk=role_id).update(title=title, updated_at=writer.now)
        before = {"values": {"title": ""}, "set": {"title": title}}
        writer.changes.append(("Role", role_id, ChangeAction.UPDATED, before))


def _contact_points(writer: Writer, state: PersonState) -> None:
    """E-mails, phones, links and roles added; the first becomes primary if none was."""
    pid = state.pid
    primary = len(state.emails) == len(state.new_emails)
    for address, normalized, label in state.new_emails:
        values = _email(pid, address, normalized, label, primary=primary)
        writer.owned(EmailAddress, values, record=True)
        primary = False
    primary = len(state.phones) == len(state.new_phones)
    for raw, e164, label in state.new_phones:
        writer.owned(PhoneNumber, _phone(pid, raw, e164, label, primary=primary), record=True)
        primary = False
    for kind, url in state.new_links:
        writer.owned(Link, {"person_id": pid, "kind": kind, "url": url}, record=True)
    for org_id, title in state.new_roles:
        values = {"person_id": pid, "organization_id": org_id, "title": title}
        writer.owned(Role, values, record=True)


def _added_relations(writer: Writer, state: PersonState) -> None:
    if state.new_circles:
        Person.circles.through.objects.bulk_create(
            Person.circles.through(person_id=state.pid, circle_id=circle)
            for circle in state.new_circles
        )
        for circle in state.new_circles:
            writer.changes.append(
                ("Person.circles", state.pid, ChangeAction.CREATED, {"id": circle})
            )
    if state.new_tags:
        Person.tags.through.objects.bulk_create(
            Person.tags.through(person_id=state.pid, tag_id=tag) for tag in state.new_tags
        )
        for tag in state.new_tags:
            writer.changes.append(("Person.tags", state.pid, ChangeAction.CREATED, {"id": tag}))


def refresh_people(owner: Any, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        for person in Person.objects.owned_by(owner).filter(pk__in=ids[start : start + 500]):
            people_service.refresh_search(person)
