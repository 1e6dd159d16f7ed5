"""What happens between people: log an interaction, record give-and-take, tie two people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entregent.models import (
    Direction,
    Event,
    Favor,
    FavorKind,
    Interaction,
    InteractionKind,
    Participation,
    Person,
    Setting,
    Tie,
    TieKind,
    TieSource,
)
from entregent.services import scores


def _owned_people(owner: Any, ids: list[int], field: str) -> list[Person]:
    unique_ids = list(dict.fromkeys(ids))
    people = list(Person.objects.owned_by(owner).filter(pk__in=unique_ids))
    if len(people) != len(unique_ids):
        raise ValidationError({field: _("Some of these people are not in your network.")})
    order = {pk: index for index, pk in enumerate(unique_ids)}
    return sorted(people, key=lambda person: order[person.pk])


def _check_choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ValidationError(
            {field: _("“%(value)s” is not one of the choices.") % {"value": value}}
        )
    return value


@transaction.atomic
def log_interaction(
    owner: Any,
    participant_ids: list[int],
    *,
    occurred_at: dt.datetime | None = None,
    kind: str = InteractionKind.MEETING,
    direction: str = Direction.MUTUAL,
    setting: str = Setting.PROFESSIONAL,
    summary: str = "",
    duration_minutes: int | None = None,
    event_id: int | None = None,
    source: str = "manual",
    external_id: str = "",
) -> Interaction:
    """Record one interaction with one or more people of the owner's network."""
    if not participant_ids:
        raise ValidationError({"participants": _("Choose at least one person.")})
    _check_choice(kind, InteractionKind, "kind")
    _check_choice(direction, Direction, "direction")
    _check_choice(setting, Setting, "setting")
    people = _owned_people(owner, participant_ids, "participants")
    occurred_at = occurred_at or timezone.now()
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if occurred_at > timezone.now() + dt.timedelta(days=1):
        raise ValidationError({"occurred_at": _("An interaction cannot be in the future.")})
    if duration_minutes is not None and not 0 < duration_minutes <= 24 * 60:
        raise ValidationError({"duration_minutes": _("Give a duration of at most a day.")})
    event = None
    if event_id is not None:
        event = Event.objects.owned_by(owner).filter(pk=event_id).first()
        if event is None:
            raise ValidationError({"event": _("No such event in your network.")})
    interaction = Interaction.objects.create(
        owner=owner,
        occurred_at=occurred_at,
        kind=kind,
        direction=direction,
        setting=setting,
        summary=summary.strip(),
        duration_minutes=duration_minutes,
        event=event,
        source=source,
        external_id=external_id,
    )
    Participation.objects.bulk_create(
        Participation(interaction=interaction, person=person, occurred_at=occurred_at)
        for person in people
    )
    scores.update_people(owner, [person.pk for person in people])
    return interaction


@transaction.atomic
def delete_interaction(owner: Any, interaction: Interaction) -> None:
    if interaction.owner_id != owner.pk:
        raise PermissionError("not the owner of this interaction")
    people = list(interaction.participants.values_list("pk", flat=True))
    interaction.delete()
    scores.update_people(owner, people)


def _parse_amount(amount: Decimal | str | None) -> Decimal | None:
    if amount is None or amount == "":
        return None
    try:
        value = Decimal(str(amount).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValidationError(
            {"amount": _("“%(value)s” is not an amount.") % {"value": amount}}
        ) from None
    if value < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    return value


@transaction.atomic
def record_favor(
    owner: Any,
    person_id: int,
    *,
    given: bool,
    kind: str,
    occurred_on: dt.date | None = None,
    description: str = "",
    amount: Decimal | str | None = None,
    currency: str = "EUR",
    thanked_on: dt.date | None = None,
) -> Favor:
    """Record something the owner gave to a person (`given=True`) or received from them."""
    _check_choice(kind, FavorKind, "kind")
    (person,) = _owned_people(owner, [person_id], "person")
    value = _parse_amount(amount)
    if value is not None and kind != FavorKind.BUSINESS:
        raise ValidationError({"amount": _("Only business passed on has an amount.")})
    occurred_on = occurred_on or timezone.localdate()
    if thanked_on is not None and thanked_on < occurred_on:
        raise ValidationError({"thanked_on": _("You cannot thank before the favour.")})
    favor = Favor.objects.create(
        owner=owner,
        giver=None if given else person,
        receiver=person if given else None,
        kind=kind,
        occurred_on=occurred_on,
        description=description.strip(),
        amount=value,
        currency=(currency or "EUR").upper()[:3],
        thanked_on=thanked_on,
    )
    scores.update_people(owner, [person.pk])
    return favor


def mark_thanked(owner: Any, favor: Favor, on: dt.date | None = None) -> Favor:
    if favor.owner_id != owner.pk:
        raise PermissionError("not the owner of this favour")
    favor.thanked_on = on or timezone.localdate()
    favor.save(update_fields=["thanked_on", "updated_at"])
    return favor


@transaction.atomic
def add_tie(
    owner: Any,
    person_id: int,
    other_id: int,
    *,
    kind: str = TieKind.KNOWS,
    strength: float = 0.5,
    since: dt.date | None = None,
    note: str = "",
) -> Tie:
    """Declare that two people of the owner's network know each other (stored once per pair)."""
    if person_id == other_id:
        raise ValidationError({"other": _("A person cannot be tied to themselves.")})
    _check_choice(kind, TieKind, "kind")
    if not 0.0 <= strength <= 1.0:
        raise ValidationError({"strength": _("Give a strength from 0 to 1.")})
    first, second = _owned_people(owner, sorted([person_id, other_id]), "other")
    tie, _created = Tie.objects.update_or_create(
        owner=owner,
        person_a=first,
        person_b=second,
        source=TieSource.DECLARED,
        defaults={"kind": kind, "strength": strength, "since": since, "note": note.strip()},
    )
    scores.update_people(owner, [first.pk, second.pk])  # shared ties count in depth
    return tie


@transaction.atomic
def remove_tie(owner: Any, tie: Tie) -> None:
    if tie.owner_id != owner.pk:
        raise PermissionError("not the owner of this tie")
    pair = [tie.person_a_id, tie.person_b_id]
    tie.delete()
    scores.update_people(owner, pair)  # shared ties count in depth
