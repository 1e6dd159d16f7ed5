"""Fixtures for the page tests: a few people of the owner's network, and htmx headers."""

from __future__ import annotations

import pytest

from entregent.services import exchanges
from entregent.services.people import PersonData, create_person

HTMX = {"HX-Request": "true"}


@pytest.fixture
def helene(owner):
    return create_person(
        owner,
        PersonData(
            first_name="Hélène",
            last_name="Dupré",
            emails=["helene@example.fr"],
            phones=["06 12 34 56 78"],
            city="Lyon",
            organization="Société Générale",
            title="Directrice financière",
            expertise=["Finance"],
        ),
    )


@pytest.fixture
def marc(owner):
    return create_person(owner, PersonData(first_name="Marc", last_name="Lefèvre", city="Paris"))


@pytest.fixture
def stranger_person(stranger):
    return create_person(stranger, PersonData(first_name="Sam", last_name="Stranger"))


@pytest.fixture
def meeting(owner, helene, marc):
    return exchanges.log_interaction(
        owner, [helene.pk, marc.pk], kind="meal", summary="Lunch at the club"
    )
