"""The people picker's htmx endpoints: suggestions as you type, and a chosen person."""

from __future__ import annotations

from django.urls import reverse

from tests.web.conftest import HTMX


def test_suggestions_match_without_accents(owner_client, helene, marc):
    url = reverse("entregent:pick", args=["log"])
    response = owner_client.get(url, {"participants_text": "hele"}, headers=HTMX)
    page = response.content.decode()
    assert "Hélène Dupré" in page
    assert "Marc" not in page
    assert reverse("entregent:pick-chosen", args=["log", helene.pk]) in page


def test_no_text_no_suggestions(owner_client, helene):
    response = owner_client.get(reverse("entregent:pick", args=["tie"]), headers=HTMX)
    assert "Hélène" not in response.content.decode()


def test_suggestions_never_show_a_strangers_people(stranger_client, helene):
    url = reverse("entregent:pick", args=["log"])
    response = stranger_client.get(url, {"participants_text": "helene"}, headers=HTMX)
    assert "Hélène Dupré" not in response.content.decode()


def test_an_unknown_picker_is_not_found(owner_client):
    assert owner_client.get(reverse("entregent:pick", args=["nope"])).status_code == 404


def test_choosing_a_person_returns_a_ticked_box_and_clears_the_input(owner_client, helene):
    url = reverse("entregent:pick-chosen", args=["log", helene.pk])
    page = owner_client.get(url, headers=HTMX).content.decode()
    assert 'name="participants"' in page and f'value="{helene.pk}"' in page
    assert 'id="log-text"' in page and 'hx-swap-oob="true"' in page


def test_a_stranger_cannot_choose_the_owners_person(stranger_client, helene):
    url = reverse("entregent:pick-chosen", args=["log", helene.pk])
    assert stranger_client.get(url, headers=HTMX).status_code == 404
