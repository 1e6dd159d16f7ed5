"""What an import looks up many times: ids handed out ahead, organisations, tags, circles.

Each book is loaded once per import with one query and grows in memory: a 30,000-row file
naming 8,000 companies asks the database nothing per row. New rows get their primary key
up front (`IdPool`), so that people, roles and interactions can point at each other before
anything is written, then go in with a handful of bulk inserts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import translation

from entregent.models import SEEDED_CIRCLES, Circle, Organization, Tag, TagKind
from entregent.services.bulk_write import IdBlock
from entregent.services.matching import folded

POOL_BLOCK = 1000

# Address-book categories that name one of the seeded circles (folded, English and French).
CATEGORY_CIRCLES = {
    "family": "family",
    "famille": "family",
    "friends": "friends",
    "friend": "friends",
    "amis": "friends",
    "ami": "friends",
    "neighbours": "neighbours",
    "neighbors": "neighbours",
    "voisins": "neighbours",
    "classmates": "classmates",
    "school": "classmates",
    "ecole": "classmates",
    "camarades": "classmates",
    "colleagues": "colleagues",
    "coworkers": "colleagues",
    "collegues": "colleagues",
    "work": "colleagues",
    "travail": "colleagues",
    "former colleagues": "former-colleagues",
    "anciens collegues": "former-colleagues",
    "suppliers": "suppliers",
    "fournisseurs": "suppliers",
    "subcontractors": "subcontractors",
    "sous-traitants": "subcontractors",
    "clients": "clients",
    "customers": "clients",
    "client": "clients",
    "partners": "partners",
    "partenaires": "partners",
    "sport": "sports",
    "sports": "sports",
    "associations": "associations",
    "association": "associations",
    "culture": "culture",
    "politics": "politics",
    "politique": "politics",
    "linkedin": "online-networks",
}
# Groups that address books add on their own; they say nothing about the person.
SYSTEM_CATEGORIES = frozenset({"mycontacts", "my contacts", "starred", "starred in android"})


class IdPool:
    """Primary keys for one table, taken from the database a block at a time."""

    def __init__(self, model: type[Model]) -> None:
        self.block = IdBlock(model)
        self.free: list[int] = []

    def take(self) -> int:
        if not self.free:
            # PostgreSQL: ids drawn from the sequence, a block per query. SQLite: counted on
            # from the highest id (the import holds the write lock); unused ones are a gap.
            self.free = self.block.take(POOL_BLOCK)[::-1]
        return self.free.pop()


class OrgBook:
    """The owner's organisations by folded name; new ones get an id when first named."""

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self.pool = IdPool(Organization)
        self.ids: dict[str, int] = dict(
            Organization.objects.owned_by(owner).values_list("name_folded", "id")
        )
        self.new: dict[int, str] = {}

    def id_for(self, name: str) -> int:
        name = name.strip()[:200]
        key = folded(name)
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = self.pool.take()
            self.new[found] = name
        return found


class TagBook:
    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self.pool = IdPool(Tag)
        rows = Tag.objects.owned_by(owner).values_list("kind", "name_folded", "id")
        self.ids: dict[tuple[str, str], int] = {(kind, key): pk for kind, key, pk in rows}
        self.new: dict[int, tuple[str, str]] = {}

    def id_for(self, name: str, kind: str = TagKind.INTEREST) -> int:
        name = name.strip()[:100]
        key = (kind, folded(name))
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = self.pool.take()
            self.new[found] = (name, kind)
        return found


class CircleBook:
    """Circles by seeded key, and by any label a category may use for them."""

    def __init__(self, owner: Any) -> None:
        circles = list(Circle.objects.owned_by(owner))
        self.by_key = {circle.key: circle.pk for circle in circles if circle.key}
        self.by_label: dict[str, int] = {}
        for word, key in CATEGORY_CIRCLES.items():
            if key in self.by_key:
                self.by_label[word] = self.by_key[key]
        labels = {key: label for key, _layer, label in SEEDED_CIRCLES}
        for language in ("en", "fr"):
            with translation.override(language):
                for key, label in labels.items():
                    if key in self.by_key:
                        self.by_label.setdefault(folded(str(label)), self.by_key[key])
        for circle in circles:
            if circle.name:
                self.by_label[folded(circle.name)] = circle.pk

    def for_category(self, category: str) -> int | None:
        return self.by_label.get(folded(category))


def is_system_category(category: str) -> bool:
    return folded(category).strip("* ") in SYSTEM_CATEGORIES
