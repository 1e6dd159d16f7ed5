"""Undo an import: remove what it created, put back what it changed.

Replays the batch's `ImportChange` rows: rows it created are deleted (exchanges first, then
what it added to people who were already there, then the people it created, whose e-mails,
roles, participations... go with them, then organisations and tags no one uses any more);
fields it filled get their old value back, unless the user has changed them since, in which
case the user's value stays. One transaction: an undo lands whole or not at all.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from entregent.models import (
    BatchStatus,
    ChangeAction,
    EmailAddress,
    Favor,
    ImportBatch,
    ImportChange,
    Interaction,
    Link,
    Organization,
    Participation,
    Person,
    PhoneNumber,
    Role,
    Tag,
)
from entregent.services import imports
from entregent.services import people as people_service
from entregent.services.import_updates import json_value
from entregent.services.import_writer import id_runs

CHUNK = 500
_CHILDREN: dict[str, type[Model]] = {
    "Interaction": Interaction,
    "Favor": Favor,
    "EmailAddress": EmailAddress,
    "PhoneNumber": PhoneNumber,
    "Link": Link,
    "Role": Role,
}


@dataclasses.dataclass
class UndoResult:
    removed_people: int = 0
    restored_people: int = 0
    removed_other: int = 0
    kept_values: int = 0  # fields the user changed after the import: left as they are


def undo_batch(owner: Any, batch: ImportBatch) -> UndoResult:
    """Undo `batch` (an import that landed); refused for a preview or an undone batch."""
    result, touched = _undo(owner, batch)
    # The people who stay and lost exchanges or facts, scored as an import scores them.
    imports.rescore(owner, touched)
    return result


@transaction.atomic
def _undo(owner: Any, batch: ImportBatch) -> tuple[UndoResult, set[int]]:
    if batch.owner_id != owner.pk:
        raise PermissionError("not the owner of this import")
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.DONE:
        raise ValidationError({"batch": _("Only an import that landed can be undone.")})
    changes: dict[tuple[str, str], list[tuple[int, Any]]] = defaultdict(list)
    rows = batch.changes.order_by("-id").values_list("model", "action", "object_id", "before")
    for model, action, object_id, before in rows:
        changes[(model, action)].append((object_id, before))
    result = UndoResult()
    touched: set[int] = set()
    touched |= _in_exchanges(owner, changes)
    for label, child in _CHILDREN.items():
        ids = created_ids(changes.get((label, ChangeAction.CREATED), []))
        if label not in ("Interaction", "Favor"):
            children = child._default_manager.filter(owner_id=owner.pk, pk__in=ids)
            touched.update(children.values_list("person_id", flat=True))
        result.removed_other += _delete(child, owner, ids)
    touched |= _unlink(owner, changes)
    result.kept_values += _restore(owner, Role, changes.get(("Role", ChangeAction.UPDATED), []))
    updated = changes.get(("Person", ChangeAction.UPDATED), [])
    result.kept_values += _restore(owner, Person, updated)
    result.restored_people = len(updated)
    touched.update(pk for pk, _before in updated)
    created = created_ids(changes.get(("Person", ChangeAction.CREATED), []))
    photos = _photos(owner, created)
    result.removed_people = _delete(Person, owner, created)
    result.kept_values += _restore(
        owner, Organization, changes.get(("Organization", ChangeAction.UPDATED), [])
    )
    books: tuple[tuple[str, type[Model]], ...] = (("Organization", Organization), ("Tag", Tag))
    for label, book in books:
        ids = created_ids(changes.get((label, ChangeAction.CREATED), []))
        result.removed_other += _delete(book, owner, sorted(set(ids) - _referenced(book, ids)))
    for person in Person.objects.owned_by(owner).filter(pk__in=touched):
        people_service.refresh_search(person)
    batch.status = BatchStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.save(update_fields=["status", "undone_at", "updated_at"])
    _remove_on_commit(photos)
    return result, touched - set(created)


def _in_exchanges(owner: Any, changes: dict[tuple[str, str], list[tuple[int, Any]]]) -> set[int]:
    """The people of the interactions and favours about to be removed (their scores change)."""
    interactions = created_ids(changes.get(("Interaction", ChangeAction.CREATED), []))
    favors = created_ids(changes.get(("Favor", ChangeAction.CREATED), []))
    found = set(
        Participation.objects.filter(
            interaction__owner_id=owner.pk, interaction_id__in=interactions
        ).values_list("person_id", flat=True)
    )
    for giver, receiver in Favor.objects.filter(owner_id=owner.pk, pk__in=favors).values_list(
        "giver_id", "receiver_id"
    ):
        found.add(giver or receiver)
    return found


def created_ids(rows: list[tuple[int, Any]]) -> list[int]:
    """The ids of "created" changes, runs ({"last": id} in `before`) spelled out."""
    ids: list[int] = []
    for first, before in rows:
        last = before.get("last", first) if isinstance(before, dict) else first
        ids.extend(range(first, last + 1))
    return ids


def forget_created(owner: Any, model: str, pk: int, *, keep_batches: set[int]) -> None:
    """Take `pk` out of the "created" changes of the owner's batches (but `keep_batches`):
    undoing them will no longer delete that row."""
    rows = ImportChange.objects.filter(
        batch__owner=owner, model=model, action=ChangeAction.CREATED, object_id__lte=pk
    ).exclude(batch_id__in=keep_batches)
    for change in rows:
        ids = created_ids([(change.object_id, change.before)])
        if pk not in ids:
            continue
        change.delete()
        rest = [other for other in ids if other != pk]
        for first, last in id_runs(rest):
            ImportChange.objects.create(
                batch_id=change.batch_id,
                model=model,
                object_id=first,
                action=ChangeAction.CREATED,
                before=None if first == last else {"last": last},
            )


def batches_that_created(owner: Any, model: str, pk: int) -> set[int]:
    rows = ImportChange.objects.filter(
        batch__owner=owner, model=model, action=ChangeAction.CREATED, object_id__lte=pk
    )
    return {
        change.batch_id for change in rows if pk in created_ids([(change.object_id, change.before)])
    }


def _delete(model: type[Model], owner: Any, ids: list[int]) -> int:
    removed = 0
    for start in range(0, len(ids), CHUNK):
        rows = model._default_manager.filter(owner_id=owner.pk, pk__in=ids[start : start + CHUNK])
        removed += rows.count()
        rows.delete()
    return removed


def _unlink(owner: Any, changes: dict[tuple[str, str], list[tuple[int, Any]]]) -> set[int]:
    """Circles and tags the import added to people who were already there."""
    touched: set[int] = set()
    mine = set(Person.objects.owned_by(owner).values_list("id", flat=True))
    for name, through, column in (
        ("Person.circles", Person.circles.through, "circle_id"),
        ("Person.tags", Person.tags.through, "tag_id"),
    ):
        for pid, before in changes.get((name, ChangeAction.CREATED), []):
            if pid in mine and before:
                through.objects.filter(person_id=pid, **{column: before["id"]}).delete()
                touched.add(pid)
    return touched


def _restore(owner: Any, model: type[Model], updated: list[tuple[int, Any]]) -> int:
    """Put back the values before the import; a value changed since is left. How many left."""
    kept = 0
    objects = model._default_manager.filter(owner_id=owner.pk).in_bulk([pk for pk, _b in updated])
    for pk, change in updated:
        obj = objects.get(pk)
        if obj is None or not change:
            continue
        fields = []
        for name, old in change.get("values", {}).items():
            field = cast("Field[Any, Any]", obj._meta.get_field(name))
            current = getattr(obj, field.attname)
            current = current.name if hasattr(current, "name") and name == "photo" else current
            if json_value(current) != change.get("set", {}).get(name):
                kept += 1
                continue
            if name == "photo" and current:
                _remove_on_commit([str(current)])
            setattr(obj, field.attname, field.to_python(old) if old is not None else None)
            fields.append(field.attname)
        if fields:
            obj.save(update_fields=[*fields, "updated_at"])
    return kept


def _photos(owner: Any, ids: list[int]) -> list[str]:
    rows = Person.objects.owned_by(owner).filter(pk__in=ids).exclude(photo="")
    return [str(name) for name in rows.values_list("photo", flat=True)]


def _referenced(model: type[Model], ids: list[int]) -> set[int]:
    """Those of `ids` that another row still points at (a role, an event, a goal...)."""
    found: set[int] = set()
    if not ids:
        return found
    for relation in model._meta.related_objects:
        related = cast("type[Model]", relation.related_model)
        name = relation.field.name
        rows = related._default_manager.filter(**{f"{name}__in": ids})
        found.update(rows.values_list(name, flat=True))
    return found


def _remove_on_commit(names: list[str]) -> None:
    transaction.on_commit(lambda: _remove_files(names))


def _remove_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
