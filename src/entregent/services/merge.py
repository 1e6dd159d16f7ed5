"""Merging two people of the network into one, keeping every fact from both sides.

`merge_people(owner, keep, other)` moves everything that points at `other` onto `keep`:
e-mails, phones and links (without doubles), roles, circles, sectors and tags, interactions
(participations), ties, favours, introductions, requests, news, asks, tasks, decisions,
goals that target them, people they introduced... then deletes `other`. Fields `keep` has
empty are filled from `other`; where both hold different values, `keep`'s stays and
`other`'s is written into the notes, so that nothing is lost.

Relations are found by introspection (`Person._meta.related_objects`), so a model added
later that points at a person is carried over without touching this module.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from entregent.models import (
    EmailAddress,
    Link,
    LinkKind,
    Participation,
    Person,
    PhoneNumber,
    Role,
    Tie,
)
from entregent.services import import_undo, scores
from entregent.services import people as people_service
from entregent.services.import_report import field_label
from entregent.services.matching import folded, known_phone, phone_key, profile_key, url_key

# Filled when empty; when both differ, `keep`'s value stays and `other`'s goes to the notes.
FIELDS = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "nickname",
    "city",
    "country",
    "language",
    "closeness",
    "priority",
    "cadence_days",
    "met_at_event_id",
    "introduced_by_id",
)
_HANDLED = {EmailAddress, PhoneNumber, Link, Role, Participation, Tie}


@dataclasses.dataclass
class MergeResult:
    person: Person
    conflicts: list[tuple[str, str, str]]  # (field, kept, other's value, now in the notes)


@transaction.atomic
def merge_people(owner: Any, keep: Person, other: Person) -> MergeResult:
    """Merge `other` into `keep` (both the owner's); `other` is deleted."""
    if keep.owner_id != owner.pk or other.owner_id != owner.pk:
        raise PermissionError("not the owner of these people")
    if keep.pk == other.pk:
        raise ValidationError({"other": _("A person cannot be merged with themselves.")})
    _contact_points(owner, keep, other)
    _roles(keep, other)
    _participations(keep, other)
    friends = _ties(owner, keep, other)
    _other_relations(keep, other)
    for name in ("circles", "sectors", "tags"):
        getattr(keep, name).add(*getattr(other, name).all())
    keep.refresh_from_db()
    conflicts = _fields(keep, other)
    _forget_creation(owner, keep, other)
    other.delete()
    keep.save()
    people_service.refresh_search(keep)
    # Whoever knew both now knows one person fewer: a part of their depth.
    scores.update_people(owner, {keep.pk} | friends)
    return MergeResult(keep, conflicts)


def _forget_creation(owner: Any, keep: Person, other: Person) -> None:
    """An import that created `keep` no longer removes them on undo: they now hold facts
    from elsewhere (unless the same import created both)."""
    same = import_undo.batches_that_created(owner, "Person", other.pk)
    import_undo.forget_created(owner, "Person", keep.pk, keep_batches=same)


def _contact_points(owner: Any, keep: Person, other: Person) -> None:
    emails = set(keep.emails.values_list("address_normalized", flat=True))
    for email in other.emails.all():
        if email.address_normalized in emails:
            email.delete()
        else:
            emails.add(email.address_normalized)
            EmailAddress.objects.filter(pk=email.pk).update(person=keep, is_primary=False)
    phones = {phone_key(phone.raw, phone.e164) for phone in keep.phones.all()}
    for phone in other.phones.all():
        key = phone_key(phone.raw, phone.e164)
        if known_phone(key, phones):
            phone.delete()
        else:
            phones.add(key)
            PhoneNumber.objects.filter(pk=phone.pk).update(person=keep, is_primary=False)
    links = {url_key(link.url) for link in keep.links.all()}
    links.add(profile_key(keep.linkedin_url) or "-")
    for link in other.links.all():
        if url_key(link.url) in links:
            link.delete()
        else:
            links.add(url_key(link.url))
            Link.objects.filter(pk=link.pk).update(person=keep)
    if other.linkedin_url:
        if not keep.linkedin_url:
            keep.linkedin_url = other.linkedin_url
            Person.objects.filter(pk=keep.pk).update(linkedin_url=other.linkedin_url)
        elif profile_key(other.linkedin_url) not in links:
            Link.objects.create(
                owner=owner, person=keep, kind=LinkKind.LINKEDIN, url=other.linkedin_url
            )


def _roles(keep: Person, other: Person) -> None:
    seen = {
        (role.organization_id, folded(role.title), role.started_on, role.ended_on)
        for role in keep.roles.all()
    }
    for role in other.roles.all():
        key = (role.organization_id, folded(role.title), role.started_on, role.ended_on)
        if key in seen:
            role.delete()
        else:
            seen.add(key)
            Role.objects.filter(pk=role.pk).update(person=keep)


def _participations(keep: Person, other: Person) -> None:
    shared = Participation.objects.filter(person=keep).values("interaction_id")
    Participation.objects.filter(person=other, interaction_id__in=shared).delete()
    Participation.objects.filter(person=other).update(person=keep)


def _ties(owner: Any, keep: Person, other: Person) -> set[int]:
    """Ties are stored once per pair (smaller id first): re-pair them, drop doubles. The
    people `other` knew."""
    friends: set[int] = set()
    for tie in Tie.objects.filter(Q(person_a=other) | Q(person_b=other)):
        friend = tie.person_b_id if tie.person_a_id == other.pk else tie.person_a_id
        friends.add(friend)
        if friend == keep.pk:
            tie.delete()
            continue
        low, high = sorted((keep.pk, friend))
        if Tie.objects.filter(
            owner=owner, person_a_id=low, person_b_id=high, source=tie.source
        ).exists():
            tie.delete()
            continue
        Tie.objects.filter(pk=tie.pk).update(person_a_id=low, person_b_id=high)
    return friends


def _other_relations(keep: Person, other: Person) -> None:
    """Every other row that points at `other` now points at `keep`."""
    for relation in Person._meta.related_objects:
        related: type[Model] = relation.related_model  # type: ignore[assignment]
        if related in _HANDLED:
            continue
        name = relation.field.name
        if relation.many_to_many:
            # A model's many-to-many towards people (goals targeting them): add, then remove.
            for owner_row in related._default_manager.filter(**{name: other}):
                getattr(owner_row, name).add(keep)
                getattr(owner_row, name).remove(other)
        else:
            related._default_manager.filter(**{name: other}).update(**{name: keep})
    Person.objects.filter(pk=keep.pk, introduced_by=keep).update(introduced_by=None)


def _fields(keep: Person, other: Person) -> list[tuple[str, str, str]]:
    conflicts: list[tuple[str, str, str]] = []
    for name in FIELDS:
        mine, theirs = getattr(keep, name), getattr(other, name)
        if theirs in ("", None):
            continue
        if mine in ("", None):
            setattr(keep, name, theirs)
        elif _differ(mine, theirs) and not name.endswith("_id"):
            conflicts.append((name, str(mine), str(theirs)))
    if keep.introduced_by_id == keep.pk:
        keep.introduced_by_id = None
    _dates(keep, other, conflicts)
    if not keep.photo and other.photo:
        keep.photo = other.photo
    notes = [keep.notes.strip()] if keep.notes.strip() else []
    if other.notes.strip() and folded(other.notes) not in folded(keep.notes):
        notes.append(other.notes.strip())
    if other.how_we_met.strip() and not keep.how_we_met.strip():
        keep.how_we_met = other.how_we_met
    elif other.how_we_met.strip() and folded(other.how_we_met) != folded(keep.how_we_met):
        conflicts.append(("how_we_met", keep.how_we_met, other.how_we_met))
    if conflicts:
        lines = [_("Merged with %(name)s, who had:") % {"name": other.full_name}]
        lines += [f"{field_label(field)}: {theirs}" for field, _mine, theirs in conflicts]
        notes.append("\n".join(lines))
    keep.notes = "\n\n".join(notes)
    return conflicts


def _differ(mine: Any, theirs: Any) -> bool:
    if isinstance(mine, str) and isinstance(theirs, str):
        return folded(mine) != folded(theirs)
    return bool(mine != theirs)


def _dates(keep: Person, other: Person, conflicts: list[tuple[str, str, str]]) -> None:
    if other.first_met_on and (not keep.first_met_on or other.first_met_on < keep.first_met_on):
        keep.first_met_on = other.first_met_on  # they met earlier than we thought
    if other.birthday is None:
        return
    if keep.birthday is None:
        keep.birthday_day, keep.birthday_month = other.birthday_day, other.birthday_month
        keep.birthday_year = other.birthday_year
    elif (keep.birthday_month, keep.birthday_day) == (other.birthday_month, other.birthday_day):
        keep.birthday_year = keep.birthday_year or other.birthday_year
        if other.birthday_year and keep.birthday_year != other.birthday_year:
            conflicts.append(("birthday", str(keep.birthday), str(other.birthday)))
    else:
        conflicts.append(("birthday", str(keep.birthday), str(other.birthday)))
