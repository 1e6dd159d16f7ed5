"""Interactions, give-and-take and ties, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from entregent import queries
from entregent.models import Favor, Interaction, Participation, Tie
from entregent.services import exchanges, people
from entregent.services.people import PersonData

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(owner):
    return [
        people.create_person(owner, PersonData(first_name=name))
        for name in ("Anaïs", "Bérénice", "Côme")
    ]


def test_log_interaction_with_several_participants(owner, trio):
    when = timezone.now() - dt.timedelta(days=2)
    interaction = exchanges.log_interaction(
        owner, [p.pk for p in trio], occurred_at=when, kind="meal", summary="Déjeuner"
    )
    assert set(interaction.participants.all()) == set(trio)
    assert set(Participation.objects.values_list("occurred_at", flat=True)) == {when}
    assert [i.pk for i in queries.timeline(owner, trio[1].pk)] == [interaction.pk]


def test_interaction_without_participant_is_refused(owner):
    with pytest.raises(ValidationError) as caught:
        exchanges.log_interaction(owner, [], summary="nobody")
    assert "participants" in caught.value.message_dict
    assert Interaction.objects.count() == 0


def test_interaction_with_someone_elses_person_is_refused(owner, stranger, trio):
    theirs = people.create_person(stranger, PersonData(first_name="Other"))
    with pytest.raises(ValidationError):
        exchanges.log_interaction(owner, [trio[0].pk, theirs.pk])
    assert Interaction.objects.count() == 0


def test_unknown_kind_is_refused(owner, trio):
    with pytest.raises(ValidationError) as caught:
        exchanges.log_interaction(owner, [trio[0].pk], kind="telepathy")
    assert "kind" in caught.value.message_dict


def test_future_interaction_is_refused(owner, trio):
    with pytest.raises(ValidationError) as caught:
        exchanges.log_interaction(
            owner, [trio[0].pk], occurred_at=timezone.now() + dt.timedelta(days=5)
        )
    assert "occurred_at" in caught.value.message_dict


def test_favors_given_and_received_balance(owner, trio):
    anais = trio[0]
    exchanges.record_favor(owner, anais.pk, given=True, kind="advice")
    exchanges.record_favor(owner, anais.pk, given=True, kind="introduction")
    exchanges.record_favor(
        owner, anais.pk, given=False, kind="business", amount="1 500,50", description="Contrat"
    )
    balance = queries.balance_with(owner, anais.pk)
    assert (balance.given, balance.received, balance.net) == (2, 1, 1)
    business = Favor.objects.get(kind="business")
    assert business.amount == Decimal("1500.50") and business.giver == anais


def test_amount_only_for_business(owner, trio):
    with pytest.raises(ValidationError) as caught:
        exchanges.record_favor(owner, trio[0].pk, given=True, kind="advice", amount="10")
    assert "amount" in caught.value.message_dict


def test_tie_is_stored_once_per_pair(owner, trio):
    a, b, _c = trio
    exchanges.add_tie(owner, b.pk, a.pk, kind="colleagues", strength=0.8)
    exchanges.add_tie(owner, a.pk, b.pk, kind="friends", strength=0.9)
    tie = Tie.objects.get()
    assert (tie.person_a_id, tie.person_b_id, tie.kind) == (
        min(a.pk, b.pk),
        max(a.pk, b.pk),
        "friends",
    )
    assert [other for _tie, other in queries.ties_of(owner, b.pk)] == [a]


def test_tie_to_oneself_is_refused(owner, trio):
    with pytest.raises(ValidationError):
        exchanges.add_tie(owner, trio[0].pk, trio[0].pk)


def test_tie_across_owners_is_refused(owner, stranger, trio):
    theirs = people.create_person(stranger, PersonData(first_name="Other"))
    with pytest.raises(ValidationError):
        exchanges.add_tie(owner, trio[0].pk, theirs.pk)
    assert Tie.objects.count() == 0
