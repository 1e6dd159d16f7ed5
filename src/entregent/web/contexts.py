"""What each page shows, built in one place so that a page and its htmx fragments agree.

Each builder reads through `entregent.queries` in a fixed number of queries, whatever the
size of the network.
"""

from __future__ import annotations

from typing import Any

from entregent import queries
from entregent.models import Direction, Interaction, InteractionKind, Person, TagKind
from entregent.web.forms import FavorForm, InteractionForm, TieForm

# The person page shows the latest interactions and offers older ones on demand: rendering
# a long timeline is most of the page's time (50 entries cost about 15 ms).
TIMELINE_LENGTH = 25
TIMELINE_MAX = 1000


def with_labels(interactions: list[Interaction]) -> list[Interaction]:
    """Each interaction's kind and direction labels, translated once per page.

    `get_kind_display` rebuilds its lookup table on every call; on a timeline of 50 that
    is a tenth of the page's time.
    """
    kinds = {value: str(label) for value, label in InteractionKind.choices}
    directions = {value: str(label) for value, label in Direction.choices}
    for interaction in interactions:
        interaction.kind_label = kinds.get(interaction.kind, interaction.kind)  # type: ignore[attr-defined]
        interaction.direction_label = directions.get(  # type: ignore[attr-defined]
            interaction.direction, interaction.direction
        )
    return interactions


def timeline_context(owner: Any, person: Person, length: int = TIMELINE_LENGTH) -> dict[str, Any]:
    length = max(TIMELINE_LENGTH, min(length, TIMELINE_MAX))
    return {
        "person": person,
        "timeline": with_labels(queries.timeline(owner, person.pk, limit=length)),
        "interaction_count": queries.interaction_count(owner, person.pk),
        "timeline_more": min(length + TIMELINE_LENGTH * 4, TIMELINE_MAX),
    }


def ties_context(owner: Any, person: Person, form: TieForm | None = None) -> dict[str, Any]:
    return {
        "person": person,
        "ties": queries.person_ties(owner, person.pk),
        "tie_form": form or TieForm(owner),
    }


def favors_context(owner: Any, person: Person, form: FavorForm | None = None) -> dict[str, Any]:
    favors = queries.person_favors(owner, person.pk)
    return {
        "person": person,
        "favors": favors,
        "balance": queries.balance_of(favors),
        "favor_form": form or FavorForm(),
    }


def person_page(
    owner: Any,
    person: Person,
    *,
    log_form: InteractionForm | None = None,
    tie_form: TieForm | None = None,
    favor_form: FavorForm | None = None,
    timeline_length: int = TIMELINE_LENGTH,
) -> dict[str, Any]:
    """Everything the person page shows; `person` comes from `queries.person`."""
    roles = list(person.roles.all())
    tags = list(person.tags.all())
    return {
        **timeline_context(owner, person, timeline_length),
        **ties_context(owner, person, tie_form),
        **favors_context(owner, person, favor_form),
        "current_roles": [role for role in roles if role.is_current],
        "past_roles": sorted(
            (role for role in roles if not role.is_current),
            key=lambda role: role.ended_on,
            reverse=True,
        ),
        "expertise": [tag for tag in tags if tag.kind == TagKind.EXPERTISE],
        "interests": [tag for tag in tags if tag.kind == TagKind.INTEREST],
        "log_form": log_form or InteractionForm(owner, person=person),
    }


def dashboard(owner: Any, *, log_form: InteractionForm | None = None) -> dict[str, Any]:
    return {
        "people_count": queries.people_count(owner),
        "interactions_count": queries.interactions_count(owner),
        "top_list": list(queries.top_list(owner)),
        "recent": with_labels(queries.recent_interactions(owner)),
        "log_form": log_form or InteractionForm(owner),
    }
