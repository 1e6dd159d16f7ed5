"""Likely duplicates: similar names at the same organisation, for the user to confirm.

Same e-mail, phone or profile address merge without asking (`matching`); a similar name
alone is not enough, but a similar name at the same employer is worth a look: "Jean Dupont"
and "J. Dupont" at Acme, "Dupond" and "Dupont". A pair the user says are two different
people is remembered (a Decision) and not offered again.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import defaultdict
from typing import Any

from entregent.models import Decision, DecisionKind, Person, Role
from entregent.services.matching import MatchIndex, name_tokens


@dataclasses.dataclass(frozen=True)
class Suggestion:
    keep_id: int
    other_id: int
    organization: str

    @property
    def key(self) -> str:
        low, high = sorted((self.keep_id, self.other_id))
        return f"merge:{low}:{high}"


def _initial(first: str, second: str) -> bool:
    """One word is the other's initial ("j" and "jean")."""
    return (len(first) == 1 and second[0] == first) or (len(second) == 1 and first[0] == second)


def similar_names(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Same words in any order; or one name's words all in the other ("Jean Dupont" and
    "Jean-Pierre Dupont" are not, "Jean Dupont" and "Jean Marc Dupont" are); or an initial
    ("J. Dupont"); or a one-letter typo in a long word."""
    if not first or not second:
        return False
    if first == second:
        return True
    shorter, longer = sorted((first, second), key=len)
    rest = list(longer)
    for word in shorter:
        match = next((w for w in rest if w == word or _initial(w, word)), None)
        if match is None:
            break
        rest.remove(match)
    else:
        return True
    if len(first) == len(second):
        ratio = difflib.SequenceMatcher(None, " ".join(first), " ".join(second)).ratio()
        return ratio >= 0.9
    return False


def dismissed_pairs(owner: Any) -> set[str]:
    rows = Decision.objects.owned_by(owner).filter(
        action_key__startswith="merge:", decision=DecisionKind.DISMISSED
    )
    return set(rows.values_list("action_key", flat=True))


def find_pairs(
    people: dict[int, tuple[str, ...]],
    organizations: dict[int, set[str]],
    dismissed: set[str],
    *,
    only_ids: set[int] | None = None,
    limit: int = 200,
) -> list[tuple[int, int, str]]:
    """(id, id, shared organisation) for similar names at the same organisation.

    People are grouped by each word of their name (a blocking key), so that only people
    sharing a word are ever compared; a word borne by hundreds says nothing and is passed.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for pid, tokens in people.items():
        if organizations.get(pid):
            for word in set(tokens):
                if len(word) > 1:
                    blocks[word].append(pid)
    found: dict[tuple[int, int], str] = {}
    for members in blocks.values():
        if not 2 <= len(members) <= 500:
            continue
        if only_ids is not None and only_ids.isdisjoint(members):
            continue
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                low, high = (first, second) if first < second else (second, first)
                if (low, high) in found or f"merge:{low}:{high}" in dismissed:
                    continue
                if only_ids is not None and low not in only_ids and high not in only_ids:
                    continue
                shared = organizations[low] & organizations[high]
                if shared and similar_names(people[low], people[high]):
                    found[(low, high)] = min(shared)
        if len(found) >= limit:
            break
    return sorted((low, high, org) for (low, high), org in found.items())[:limit]


def merge_suggestions(
    owner: Any, *, only_ids: set[int] | None = None, limit: int = 200
) -> list[Suggestion]:
    """Pairs of people with similar names who share an organisation, not yet dismissed."""
    people: dict[int, tuple[str, ...]] = {}
    rows = Person.objects.owned_by(owner).filter(archived=False).order_by("id")
    for pid, first, middle, last, nickname in rows.values_list(
        "id", "first_name", "middle_name", "last_name", "nickname"
    ):
        people[pid] = name_tokens(first, middle, last) or name_tokens(nickname)
    organizations: dict[int, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for pid, org_folded, org_name in Role.objects.owned_by(owner).values_list(
        "person_id", "organization__name_folded", "organization__name"
    ):
        organizations[pid].add(org_folded)
        names[org_folded] = org_name
    pairs = find_pairs(
        people, organizations, dismissed_pairs(owner), only_ids=only_ids, limit=limit
    )
    return [Suggestion(low, high, names.get(org, org)) for low, high, org in pairs]


def dismiss_suggestion(owner: Any, first_id: int, second_id: int) -> None:
    """Remember that these two are different people: the pair is not suggested again."""
    low, high = sorted((first_id, second_id))
    people = Person.objects.owned_by(owner).filter(pk__in=[low, high])
    if people.count() != 2:
        raise PermissionError("not the owner of these people")
    Decision.objects.update_or_create(
        owner=owner,
        action_key=f"merge:{low}:{high}",
        defaults={"decision": DecisionKind.DISMISSED, "person_id": low},
    )


def index_suggestions(owner: Any, index: MatchIndex, only_ids: set[int]) -> list[list[int]]:
    """Pairs involving `only_ids`, from what an import's index holds (no query but the
    dismissed pairs)."""
    people = {pid: tuple(key.split()) for key, ids in index.names.items() for pid in ids}
    pairs = find_pairs(people, index.organizations, dismissed_pairs(owner), only_ids=only_ids)
    return [[low, high] for low, high, _org in pairs]
