"""The admin: every model has a page, and they open."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from entregent.models import Favor, Interaction, Participation, Person, ScoreHistory, Tie
from entregent.services import exchanges

MODELS = list(apps.get_app_config("entregent").get_models())


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_model_has_an_admin_page_that_opens(owner, owner_client, helene, marc, model):
    exchanges.log_interaction(owner, [helene.pk, marc.pk], summary="Coffee")
    assert admin.site.is_registered(model)
    meta = model._meta
    response = owner_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert response.status_code == 200


def test_a_person_opens_in_the_admin(owner_client, helene):
    response = owner_client.get(reverse("admin:entregent_person_change", args=[helene.pk]))
    assert response.status_code == 200


def test_the_admin_link_shows_for_staff_only(owner_client, stranger, stranger_client):
    page = owner_client.get(reverse("entregent:settings")).content
    assert reverse("admin:index").encode() in page
    stranger.is_staff = False
    stranger.save()
    page = stranger_client.get(reverse("entregent:settings")).content
    assert reverse("admin:index").encode() not in page


def test_people_are_picked_by_id_not_from_a_drop_down_of_the_whole_network():
    assert {"person_a", "person_b"} <= set(admin.site._registry[Tie].raw_id_fields)
    assert {"giver", "receiver"} <= set(admin.site._registry[Favor].raw_id_fields)
    assert "introduced_by" in admin.site._registry[Person].raw_id_fields


def test_adding_a_person_in_the_admin_keeps_the_search_text(owner, owner_client):
    response = owner_client.post(
        reverse("admin:entregent_person_add"),
        {
            "first_name": "Zoé",
            "last_name": "Œuvrard",
            "birthday_day": "",
            "emails-TOTAL_FORMS": "1",
            "emails-INITIAL_FORMS": "0",
            "emails-0-address": "zoe@example.org",
            "phones-TOTAL_FORMS": "0",
            "phones-INITIAL_FORMS": "0",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(first_name="Zoé")
    assert person.owner == owner
    assert "oeuvrard" in person.search_text and "zoe@example.org" in person.search_text
    assert person.emails.get().owner == owner


def test_an_interaction_deleted_in_the_admin_rescores_its_people(owner, owner_client, helene):
    interaction = exchanges.log_interaction(owner, [helene.pk], kind="meal")
    assert Person.objects.get(pk=helene.pk).last_interaction_at is not None
    before = ScoreHistory.objects.get(person=helene).data
    url = reverse("admin:entregent_interaction_delete", args=[interaction.pk])
    assert owner_client.post(url, {"post": "yes"}).status_code == 302
    assert not Interaction.objects.filter(pk=interaction.pk).exists()
    assert Person.objects.get(pk=helene.pk).last_interaction_at is None
    assert ScoreHistory.objects.get(person=helene).data != before


def test_a_participation_moved_in_the_admin_rescores_both_people(owner, helene, marc):
    interaction = exchanges.log_interaction(owner, [helene.pk], kind="call")
    participation = interaction.participation_set.get()
    participation.person = marc
    request = RequestFactory().post("/")
    request.user = owner
    admin.site._registry[Participation].save_model(request, participation, None, change=True)
    assert Person.objects.get(pk=helene.pk).last_interaction_at is None
    assert Person.objects.get(pk=marc.pk).last_interaction_at == interaction.occurred_at.replace(
        microsecond=0
    )  # stored to the second
