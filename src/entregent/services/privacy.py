"""The right of the people in a network to their data: export one person, erase one person.

`export_person` gathers everything the owner holds about one person (their record, contact
points, roles, circles, every interaction, tie, favour, introduction, request, news item,
ask, goal, task and decision that concerns them) as plain JSON-ready data. Other people
appear by name and id where the record is about a relation (a tie, an introduction, the
other participants of a meeting), because that is what the owner holds about this person.

`erase_person` removes the person completely, in one transaction: their record and contact
points; their participation in interactions, and the interactions left with nobody; their
ties, favours, introductions, requests, news, asks, tasks and decisions; their place among
a goal's target people and as the introducer named on others (both are cleared, the goal
and the other people stay); the import records of their rows; and their photo file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

import entregent
from entregent.models import (
    Ask,
    Decision,
    EmailAddress,
    Favor,
    Goal,
    ImportChange,
    Interaction,
    Introduction,
    Link,
    News,
    Participation,
    Person,
    PhoneNumber,
    Request,
    Role,
    Task,
    Tie,
)
from entregent.services import scores

EXPORT_FORMAT = "entregent-person"
EXPORT_VERSION = 1

# Columns an export leaves out: the owner, and caches rebuilt from the facts.
_SKIPPED = frozenset({"owner", "search_text", "sort_name", "address_normalized", "name_folded"})


def _check_owner(owner: Any, person: Person) -> None:
    if person.owner_id != owner.pk:
        raise PermissionError("not the owner of this person")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def row(obj: models.Model) -> dict[str, Any]:
    """Every column of a row, JSON-ready: foreign keys as ids, dates as ISO text."""
    return {
        column.attname if column.is_relation else column.name: _plain(getattr(obj, column.attname))
        for column in obj._meta.concrete_fields
        if column.name not in _SKIPPED
    }


def _named(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {"id": person.pk, "name": person.full_name}


def _rows(objects: Iterable[models.Model]) -> list[dict[str, Any]]:
    return [row(obj) for obj in objects]


def export_person(owner: Any, person: Person) -> dict[str, Any]:
    """Everything the owner's network holds about `person`, as JSON-ready data."""
    _check_owner(owner, person)
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "app_version": entregent.__version__,
        "exported_at": timezone.now().isoformat(),
        **_who(person),
        "interactions": _interactions(owner, person.pk),
        **_relations(owner, person.pk),
        **_plans(owner, person.pk),
    }


def _who(person: Person) -> dict[str, Any]:
    """The person's own record: names, contact points, roles, circles, sectors, tags."""
    return {
        "person": row(person),
        "introduced_by": _named(person.introduced_by),
        "met_at_event": person.met_at_event.name if person.met_at_event else None,
        "emails": _rows(EmailAddress.objects.filter(person=person).order_by("id")),
        "phones": _rows(PhoneNumber.objects.filter(person=person).order_by("id")),
        "links": _rows(Link.objects.filter(person=person).order_by("id")),
        "roles": [
            {**row(role), "organization": role.organization.name}
            for role in Role.objects.filter(person=person).select_related("organization")
        ],
        "circles": [circle.label for circle in person.circles.all()],
        "sectors": [sector.code for sector in person.sectors.all()],
        "tags": [{"name": tag.name, "kind": tag.kind} for tag in person.tags.all()],
    }


def _relations(owner: Any, pk: int) -> dict[str, Any]:
    """Ties, favours, introductions, and the people this person introduced."""
    ties = (
        Tie.objects.owned_by(owner)
        .filter(Q(person_a=pk) | Q(person_b=pk))
        .select_related("person_a", "person_b")
        .order_by("id")
    )
    favors = Favor.objects.owned_by(owner).filter(Q(giver=pk) | Q(receiver=pk)).order_by("id")
    introductions = _introductions(owner, pk).select_related("introducer", "person_a", "person_b")
    return {
        "ties": [{**row(tie), "other": _named(tie.other(pk))} for tie in ties],
        "favors": _rows(favors),
        "introductions": [
            {
                **row(intro),
                "introducer": _named(intro.introducer),
                "first_person": _named(intro.person_a),
                "second_person": _named(intro.person_b),
            }
            for intro in introductions
        ],
        "introduced": [
            _named(other) for other in Person.objects.owned_by(owner).filter(introduced_by=pk)
        ],
    }


def _plans(owner: Any, pk: int) -> dict[str, Any]:
    """Requests, news, asks, goals, tasks and decisions that concern the person."""
    asks = (
        Ask.objects.owned_by(owner)
        .filter(Q(person=pk) | Q(via=pk))
        .select_related("goal")
        .order_by("id")
    )
    goals = Goal.objects.owned_by(owner).filter(target_people=pk).order_by("id")
    return {
        "requests": _rows(Request.objects.owned_by(owner).filter(person=pk).order_by("id")),
        "news": _rows(News.objects.owned_by(owner).filter(person=pk).order_by("id")),
        "asks": [{**row(ask), "goal": ask.goal.title} for ask in asks],
        "goals_targeting": [{"id": goal.pk, "title": goal.title} for goal in goals],
        "tasks": _rows(Task.objects.owned_by(owner).filter(person=pk).order_by("id")),
        "decisions": _rows(Decision.objects.owned_by(owner).filter(person=pk).order_by("id")),
    }


def _interactions(owner: Any, person_id: int) -> list[dict[str, Any]]:
    interactions = (
        Interaction.objects.owned_by(owner)
        .filter(participation__person_id=person_id)
        .select_related("event")
        .prefetch_related("participants")
        .order_by("occurred_at", "id")
    )
    return [
        {
            **row(interaction),
            "event": interaction.event.name if interaction.event else None,
            "others": [
                _named(other) for other in interaction.participants.all() if other.pk != person_id
            ],
        }
        for interaction in interactions
    ]


def _introductions(owner: Any, person_id: int) -> models.QuerySet[Introduction]:
    return (
        Introduction.objects.owned_by(owner)
        .filter(Q(introducer=person_id) | Q(person_a=person_id) | Q(person_b=person_id))
        .order_by("id")
    )


@dataclass
class Erasure:
    """What erasing a person removes (a preview) or removed: counts by kind."""

    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _orphaned_interactions(person_id: int) -> models.QuerySet[Interaction]:
    """The person's interactions that have nobody else in them."""
    others = Participation.objects.filter(interaction=models.OuterRef("pk")).exclude(
        person_id=person_id
    )
    return Interaction.objects.filter(participation__person_id=person_id).exclude(
        models.Exists(others)
    )


def erasure_preview(owner: Any, person: Person) -> Erasure:
    """What `erase_person` would remove, counted, to show before asking for confirmation."""
    _check_owner(owner, person)
    pk = person.pk
    scoped = {
        "interactions_removed": _orphaned_interactions(pk).count(),
        "interactions_left": Participation.objects.filter(person_id=pk).count(),
        "ties": Tie.objects.filter(Q(person_a=pk) | Q(person_b=pk)).count(),
        "favors": Favor.objects.filter(Q(giver=pk) | Q(receiver=pk)).count(),
        "introductions": _introductions(owner, pk).count(),
        "requests": Request.objects.filter(person=pk).count(),
        "news": News.objects.filter(person=pk).count(),
        "asks": Ask.objects.filter(person=pk).count(),
        "goals": Goal.objects.filter(target_people=pk).count(),
        "tasks": Task.objects.filter(person=pk).count(),
        "decisions": Decision.objects.filter(person=pk).count(),
    }
    scoped["interactions_left"] -= scoped["interactions_removed"]
    return Erasure(person.full_name, scoped)


def describe_erasure(counts: dict[str, int]) -> list[str]:
    """One translated line per kind of thing an erasure removes (or leaves, for interactions)."""
    texts = {
        "interactions_removed": lambda n: ngettext(
            "%(count)s interaction with nobody else, deleted",
            "%(count)s interactions with nobody else, deleted",
            n,
        ),
        "interactions_left": lambda n: ngettext(
            "%(count)s interaction with others, kept without this person",
            "%(count)s interactions with others, kept without this person",
            n,
        ),
        "ties": lambda n: ngettext("%(count)s tie", "%(count)s ties", n),
        "favors": lambda n: ngettext("%(count)s favour", "%(count)s favours", n),
        "introductions": lambda n: ngettext("%(count)s introduction", "%(count)s introductions", n),
        "requests": lambda n: ngettext("%(count)s request", "%(count)s requests", n),
        "news": lambda n: ngettext("%(count)s news item", "%(count)s news items", n),
        "asks": lambda n: ngettext("%(count)s ask", "%(count)s asks", n),
        "goals": lambda n: ngettext(
            "their place among the targets of %(count)s goal",
            "their place among the targets of %(count)s goals",
            n,
        ),
        "tasks": lambda n: ngettext("%(count)s task", "%(count)s tasks", n),
        "decisions": lambda n: ngettext("%(count)s decision", "%(count)s decisions", n),
    }
    return [
        texts[key](count) % {"count": count}
        for key, count in counts.items()
        if count and key in texts
    ]


def _import_records(person: Person) -> Q:
    """The import records (for undo) of the person's own rows, whatever they hold."""
    condition = Q(model__iexact="person", object_id=person.pk) | Q(
        model__iexact="entregent.person", object_id=person.pk
    )
    for model, related in (
        (EmailAddress, "emails"),
        (PhoneNumber, "phones"),
        (Link, "links"),
        (Role, "roles"),
    ):
        ids = list(getattr(person, related).values_list("pk", flat=True))
        name = model._meta.model_name or ""
        if ids:
            condition |= Q(model__iexact=name, object_id__in=ids)
            condition |= Q(model__iexact=f"entregent.{name}", object_id__in=ids)
    return condition


@transaction.atomic
def erase_person(owner: Any, person: Person) -> Erasure:
    """Remove `person` and everything about them from the owner's network, all or nothing."""
    _check_owner(owner, person)
    erasure = erasure_preview(owner, person)
    person_pk = person.pk
    orphaned = list(_orphaned_interactions(person.pk).values_list("pk", flat=True))
    ImportChange.objects.filter(batch__owner=owner).filter(_import_records(person)).delete()
    photo, storage = (person.photo.name or ""), person.photo.storage
    ties = Tie.objects.owned_by(owner).filter(Q(person_a=person) | Q(person_b=person))
    partners = {pk for pair in ties.values_list("person_a_id", "person_b_id") for pk in pair}
    # The database cascades to the rest: participations, contact points, roles, ties,
    # favours, introductions, requests, news, asks, tasks, decisions, goal targets.
    person.delete()
    Interaction.objects.owned_by(owner).filter(pk__in=orphaned).delete()
    # The people who knew them know one person fewer: a part of their depth.
    scores.update_people(owner, partners - {person_pk})
    if photo:
        transaction.on_commit(lambda: storage.delete(photo))
    return erasure
