"""Ties between two people of the network: add one from a person's page, remove it."""

from __future__ import annotations

from django.urls import reverse

from entregent.models import Tie
from entregent.services import exchanges
from tests.web.conftest import HTMX


def add_url(person) -> str:
    return reverse("entregent:tie-add", args=[person.pk])


def test_adding_a_tie_without_js_redirects_to_the_ties(owner_client, helene, marc):
    response = owner_client.post(
        add_url(helene),
        {"other": [marc.pk], "kind": "colleagues", "strength": "0.8", "since": "2018-09-01"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#ties")
    tie = Tie.objects.get()
    assert {tie.person_a, tie.person_b} == {helene, marc}
    assert tie.kind == "colleagues"
    assert tie.strength == 0.8
    assert tie.since.isoformat() == "2018-09-01"


def test_adding_a_tie_with_htmx_swaps_the_ties(owner_client, helene, marc):
    response = owner_client.post(
        add_url(helene),
        {"other_text": "marc", "kind": "knows", "strength": "0.5"},
        headers=HTMX,
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="ties"')
    assert "Marc Lefèvre" in page
    assert "Tie saved." in page
    assert Tie.objects.count() == 1


def test_a_tie_needs_the_other_person(owner_client, helene):
    response = owner_client.post(add_url(helene), {"kind": "knows", "strength": "0.5"})
    assert response.status_code == 200
    assert response.context["tie_form"].errors["other"]
    assert not Tie.objects.exists()


def test_a_person_cannot_be_tied_to_themselves(owner_client, helene):
    response = owner_client.post(
        add_url(helene), {"other": [helene.pk], "kind": "knows", "strength": "0.5"}, headers=HTMX
    )
    assert "cannot be tied to themselves" in response.content.decode()
    assert not Tie.objects.exists()


def test_a_strength_above_one_is_refused(owner_client, helene, marc):
    response = owner_client.post(
        add_url(helene), {"other": [marc.pk], "kind": "knows", "strength": "3"}
    )
    assert response.context["tie_form"].errors["strength"]
    assert not Tie.objects.exists()


def test_a_stranger_cannot_add_a_tie_to_the_owners_person(stranger_client, helene, marc):
    response = stranger_client.post(
        add_url(helene), {"other": [marc.pk], "kind": "knows", "strength": "0.5"}
    )
    assert response.status_code == 404
    assert not Tie.objects.exists()


def test_the_owner_cannot_tie_to_a_strangers_person(owner_client, helene, stranger_person):
    response = owner_client.post(
        add_url(helene), {"other": [stranger_person.pk], "kind": "knows", "strength": "0.5"}
    )
    assert response.context["tie_form"].errors["other"]
    assert not Tie.objects.exists()


def test_removing_a_tie(owner, owner_client, helene, marc):
    tie = exchanges.add_tie(owner, helene.pk, marc.pk)
    url = reverse("entregent:tie-remove", args=[tie.pk])
    response = owner_client.post(url, {"person": marc.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:person", args=[marc.pk]) + "#ties"
    assert not Tie.objects.exists()


def test_removing_a_tie_with_htmx_swaps_the_ties(owner, owner_client, helene, marc):
    tie = exchanges.add_tie(owner, helene.pk, marc.pk)
    response = owner_client.post(
        reverse("entregent:tie-remove", args=[tie.pk]), {"person": helene.pk}, headers=HTMX
    )
    assert response.content.decode().lstrip().startswith('<section id="ties"')
    assert not Tie.objects.exists()


def test_a_stranger_cannot_remove_the_owners_tie(owner, stranger_client, helene, marc):
    tie = exchanges.add_tie(owner, helene.pk, marc.pk)
    response = stranger_client.post(reverse("entregent:tie-remove", args=[tie.pk]))
    assert response.status_code == 404
    assert Tie.objects.count() == 1
