"""Who the plan reads from the scores cache (services/plan_candidates.py): the parts give
the people the rules need, the dormant ties of the month's rotation included."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
import pytest
import time_machine

from entregent.engines import agenda_rules
from entregent.engines.agenda import Facts
from entregent.services import exchanges, plan, plan_candidates, plan_facts, plan_people
from entregent.services.people import PersonData, create_person

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def person(owner, first: str, days_ago: int | None = None, **fields):
    someone = create_person(owner, PersonData(first_name=first, last_name="Dupré", **fields))
    if days_ago is not None:
        moment = NOW - dt.timedelta(days=days_ago)
        exchanges.log_interaction(owner, [someone.pk], occurred_at=moment)
    return someone


def dormant_in_rotation(people, rules) -> list[int]:
    """The ids of the dormant ties among these people, in the month's rotation."""
    ids = people.ids[agenda_rules.dormant(people, rules)]
    return ids[np.argsort(agenda_rules.rotation(ids, rules.today))].tolist()


@pytest.mark.parametrize(
    ("first", "span"),
    [(2, plan_candidates.ROTATION_SPAN), (plan_candidates.ROTATION_FIRST, 1)],
    ids=["a few ids at a time", "ordered by the database"],
)
def test_the_dormant_ties_read_are_the_first_of_the_rotation(
    owner, stranger, monkeypatch, first, span
):
    monkeypatch.setattr(plan_candidates, "ROTATION_FIRST", first)
    monkeypatch.setattr(plan_candidates, "ROTATION_SPAN", span)
    for index in range(plan_candidates.REVIVE_CANDIDATES + 8):
        person(owner, f"Ancien{index}", 400 + 20 * index, closeness=2)
        person(stranger, f"Autre{index}", 400, closeness=2)  # ids in between
        person(owner, f"Contact{index}", 400 + index, closeness=1)  # not a tie to revive
    profile, window = plan._window(owner, None)
    rules = plan_facts.rules_for(profile, window.today)
    assert plan_people.cached(owner)

    read = plan_candidates.people_from_cache(owner, window, rules, [])
    everyone = plan_people.people_from_history(owner, window)

    expected = dormant_in_rotation(everyone, rules)
    assert len(expected) > plan_candidates.REVIVE_CANDIDATES
    assert dormant_in_rotation(read, rules) == expected[: plan_candidates.REVIVE_CANDIDATES]
    revive = [a.key for a in agenda_rules.propose(Facts(read), rules)]
    assert revive == [a.key for a in agenda_rules.propose(Facts(everyone), rules)]
    assert len([key for key in revive if key.startswith("revive:")]) == 3


def test_an_empty_network_and_one_without_dormant_ties(owner):
    profile, window = plan._window(owner, None)
    rules = plan_facts.rules_for(profile, window.today)
    assert len(plan_candidates.people_from_cache(owner, window, rules, [])) == 0
    helene = person(owner, "Hélène", 10, closeness=4)
    read = plan_candidates.people_from_cache(owner, window, rules, [])
    assert read.ids.tolist() == [] and dormant_in_rotation(read, rules) == []
    assert plan_candidates.people_from_cache(owner, window, rules, [helene.pk]).ids.tolist() == [
        helene.pk
    ]
