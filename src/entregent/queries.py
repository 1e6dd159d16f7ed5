"""Owner-scoped reads shared by the web pages, the API and the command line.

Every function takes the acting user first and returns rows of that user only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from entregent.engines import text
from entregent.models import (
    Circle,
    Event,
    Favor,
    Interaction,
    Organization,
    Participation,
    Person,
    Role,
    Sector,
    Tie,
)


@dataclass(frozen=True)
class PeopleFilter:
    query: str = ""
    circle_id: int | None = None
    sector_code: str = ""
    organization_id: int | None = None
    archived: bool = False


def people(owner: Any, filters: PeopleFilter | None = None) -> QuerySet[Person]:
    """People of the network, alphabetical, matching every word of the query.

    The search is accent- and case-insensitive: the query is folded the same way as the
    stored search text ("helene" finds "Hélène").
    """
    filters = filters or PeopleFilter()
    # `archived IN (x)`, not `archived = x`: Django writes the latter as `NOT archived`,
    # which SQLite cannot match against the (owner, archived, sort_name, id) index; it would
    # then sort the whole network to show one page (35 ms instead of 0.2 ms for 100,000
    # people). On SQLite, a covering index that adds search_text (migration 0003) lets a
    # text search walk the index in order and stop after a page.
    rows = Person.objects.owned_by(owner).filter(archived__in=[filters.archived])
    for term in text.search_terms(filters.query):
        rows = rows.filter(search_text__contains=term)
    if filters.circle_id:
        rows = rows.filter(circles__id=filters.circle_id)
    if filters.sector_code:
        rows = rows.filter(
            Q(sectors__code=filters.sector_code) | Q(sectors__parent__code=filters.sector_code)
        )
    if filters.organization_id:
        rows = rows.filter(roles__organization_id=filters.organization_id)
    if filters.sector_code or filters.organization_id:
        rows = rows.distinct()
    return rows.order_by("sort_name", "id")


def current_roles_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "roles",
        queryset=Role.objects.filter(ended_on__isnull=True).select_related("organization"),
        to_attr="current_roles",
    )


def people_page(rows: QuerySet[Person]) -> QuerySet[Person]:
    """What a list row shows: current employer and title."""
    return rows.prefetch_related(current_roles_prefetch())


def person(owner: Any, pk: int) -> Person:
    """One person with everything their page shows; Person.DoesNotExist for anyone else's."""
    found: Person = (
        Person.objects.owned_by(owner)
        .select_related("introduced_by", "met_at_event")
        .prefetch_related(
            "emails",
            "phones",
            "links",
            "circles",
            "sectors__parent",
            "tags",
            Prefetch("roles", queryset=Role.objects.select_related("organization")),
        )
        .get(pk=pk)
    )
    return found


def timeline(owner: Any, person_id: int, limit: int = 50) -> list[Interaction]:
    """The person's latest interactions, newest first, with all participants."""
    interaction_ids = list(
        Participation.objects.filter(person_id=person_id, person__owner=owner)
        .order_by("-occurred_at")
        .values_list("interaction_id", flat=True)[:limit]
    )
    return list(
        Interaction.objects.owned_by(owner)
        .filter(pk__in=interaction_ids)
        .prefetch_related("participants")
        .order_by("-occurred_at", "-id")
    )


def interaction_count(owner: Any, person_id: int) -> int:
    return Participation.objects.filter(person_id=person_id, person__owner=owner).count()


def favors_with(owner: Any, person_id: int) -> QuerySet[Favor]:
    return (
        Favor.objects.owned_by(owner)
        .filter(Q(giver_id=person_id) | Q(receiver_id=person_id))
        .order_by("-occurred_on", "-id")
    )


@dataclass(frozen=True)
class Balance:
    given: int
    received: int

    @property
    def net(self) -> int:
        return self.given - self.received


def balance_with(owner: Any, person_id: int) -> Balance:
    rows = favors_with(owner, person_id).values_list("giver_id", flat=True)
    given = sum(1 for giver in rows if giver is None)
    return Balance(given=given, received=len(rows) - given)


def ties_of(owner: Any, person_id: int) -> list[tuple[Tie, Person]]:
    """(tie, the other person) for each tie of a person, strongest first."""
    ties = (
        Tie.objects.owned_by(owner)
        .filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))
        .select_related("person_a", "person_b")
        .order_by("-strength", "id")
    )
    return [(tie, tie.other(person_id)) for tie in ties]


def circles(owner: Any) -> QuerySet[Circle]:
    return Circle.objects.owned_by(owner).order_by("position", "name", "id")


def organizations(owner: Any) -> QuerySet[Organization]:
    return Organization.objects.owned_by(owner).order_by("name")


def sectors() -> QuerySet[Sector]:
    """NACE reference data, shared by every account."""
    return Sector.objects.select_related("parent").order_by("code")


def find_people(owner: Any, query: str, limit: int = 10) -> list[Person]:
    """Quick lookup for pickers and the command line: by id, or by folded name words."""
    query = query.strip()
    if query.isdigit():
        return list(Person.objects.owned_by(owner).filter(pk=int(query)))
    return list(people(owner, PeopleFilter(query=query))[:limit])


# Reads for the web pages (dashboard, pickers, forms).


def has_people(owner: Any) -> bool:
    """Whether the owner has anyone in their network yet, archived or not."""
    return Person.objects.owned_by(owner).exists()


def people_count(owner: Any, *, archived: bool = False) -> int:
    """How many people, counted on the (owner, archived, ...) index: cheap even for 100,000."""
    # `archived IN (x)`, not `archived = x`: see people_listing.
    return Person.objects.owned_by(owner).filter(archived__in=[archived]).count()


def people_listing(owner: Any, filters: PeopleFilter | None = None) -> QuerySet[Person]:
    """The rows of the people list: `people()` with what each row shows."""
    return people_page(people(owner, filters)).prefetch_related("circles")


def interactions_count(owner: Any) -> int:
    return Interaction.objects.owned_by(owner).count()


def top_list(owner: Any, limit: int = 10) -> QuerySet[Person]:
    """The people pinned to the owner's top list, by rank, with their current employer."""
    rows = Person.objects.owned_by(owner).filter(archived=False, priority__isnull=False)
    return people_page(rows.order_by("priority", "sort_name", "id"))[:limit]


def recent_interactions(owner: Any, limit: int = 10) -> list[Interaction]:
    """The owner's latest interactions, newest first, with all participants."""
    # `owner_id + 0` (see person_ties): SQLite walks the date index backwards and stops
    # after `limit` rows, instead of sorting every interaction of the owner (0.4 s for 2
    # million).
    return list(
        Interaction.objects.alias(owner_key=F("owner_id") + 0)
        .filter(owner_key=_owner_id(owner))
        .prefetch_related("participants")
        .order_by("-occurred_at", "-id")[:limit]
    )


def events(owner: Any) -> QuerySet[Event]:
    return Event.objects.owned_by(owner).order_by("-starts_on", "id")


# A person's ties and favours, read through the indexes on each side of the pair.
#
# `ties_of` and `favors_with` filter on the owner and on either side of the pair. Without
# table statistics SQLite then reads every tie (or favour) of the owner through the owner
# index: 25 ms for 150,000 ties. Comparing `owner_id + 0` keeps the owner check in SQL but
# out of index choice, so SQLite looks the person up in both side indexes (0.5 ms).


def person_ties(owner: Any, person_id: int) -> list[tuple[Tie, Person]]:
    """(tie, the other person) for each tie of a person, strongest first; as `ties_of`."""
    ties = (
        Tie.objects.alias(owner_key=F("owner_id") + 0)
        .filter(owner_key=_owner_id(owner))
        .filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))
        .select_related("person_a", "person_b")
        .order_by("-strength", "id")
    )
    return [(tie, tie.other(person_id)) for tie in ties]


def person_favors(owner: Any, person_id: int) -> list[Favor]:
    """What was given to or received from a person, newest first; as `favors_with`."""
    return list(
        Favor.objects.alias(owner_key=F("owner_id") + 0)
        .filter(owner_key=_owner_id(owner))
        .filter(Q(giver_id=person_id) | Q(receiver_id=person_id))
        .order_by("-occurred_on", "-id")
    )


def balance_of(favors: list[Favor]) -> Balance:
    """The give-and-take balance of favours already read (see `balance_with`)."""
    given = sum(1 for favor in favors if favor.giver_id is None)
    return Balance(given=given, received=len(favors) - given)


def _owner_id(owner: Any) -> int:
    return owner if isinstance(owner, int) else int(owner.pk)
