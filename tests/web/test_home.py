"""Home: the welcome page of an empty network, the demo, and the dashboard."""

from __future__ import annotations

import sys
import types

import pytest
from django.urls import reverse

from entregent.models import Interaction, Person
from entregent.services import scores
from entregent.services.people import PersonData, create_person, update_person


def test_an_empty_network_gets_the_welcome_page_with_two_ways_in(owner_client):
    response = owner_client.get(reverse("entregent:home"))
    assert response.status_code == 200
    assert b'data-testid="build-demo"' in response.content
    assert reverse("entregent:person-new").encode() in response.content


def test_a_network_with_people_gets_the_dashboard(owner, owner_client, helene, meeting):
    data = PersonData.from_person(helene)
    data.priority = 1
    update_person(owner, helene, data)
    response = owner_client.get(reverse("entregent:home"))
    assert response.status_code == 200
    assert b'data-testid="log-form"' in response.content
    assert b'data-testid="top-list"' in response.content
    assert "Hélène Dupré" in response.content.decode()
    assert b"Lunch at the club" in response.content


def test_the_dashboard_shows_only_the_owners_network(stranger, stranger_client, helene, meeting):
    create_person(stranger, PersonData(first_name="Sam"))
    response = stranger_client.get(reverse("entregent:home"))
    assert "Hélène" not in response.content.decode()
    assert b"Lunch at the club" not in response.content


@pytest.fixture
def fake_demo(monkeypatch):
    """Stands in for entregent.services.demo: the view imports it lazily."""
    calls = []

    def build_demo(owner, *, people=300, seed=None, progress=None, today=None):
        calls.append((owner, people, seed))
        create_person(owner, PersonData(first_name="Demo"))

    module = types.ModuleType("entregent.services.demo")
    module.build_demo = build_demo
    monkeypatch.setitem(sys.modules, "entregent.services.demo", module)
    return calls


def test_the_demo_builds_300_people_and_goes_home(owner, owner_client, fake_demo):
    response = owner_client.post(reverse("entregent:demo"))
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:home")
    assert fake_demo == [(owner, 300, None)]
    assert Person.objects.owned_by(owner).count() == 1


def test_the_real_demo_fills_the_network_and_the_dashboard_shows_it(owner, owner_client):
    response = owner_client.post(reverse("entregent:demo"), follow=True)
    assert response.status_code == 200
    assert Person.objects.owned_by(owner).count() == 300
    assert b'data-testid="log-form"' in response.content
    assert b"Your demo network is ready." in response.content


def test_the_demo_only_fills_an_empty_network(owner_client, helene, fake_demo):
    response = owner_client.post(reverse("entregent:demo"), follow=True)
    assert fake_demo == []
    assert b"not empty" in response.content


def test_the_demo_is_a_post(owner_client, fake_demo):
    assert owner_client.get(reverse("entregent:demo")).status_code == 405
    assert fake_demo == []


def test_home_in_french(owner, owner_client, helene):
    response = owner_client.get(reverse("entregent:home"), HTTP_ACCEPT_LANGUAGE="fr")
    assert b'<html lang="fr">' in response.content


def test_home_follows_the_profile_language(owner, owner_client):
    owner.profile.language = "fr"
    owner.profile.save()
    response = owner_client.get(reverse("entregent:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert b'<html lang="fr">' in response.content


def test_the_dashboard_reads_a_fixed_number_of_queries(
    owner, owner_client, helene, marc, meeting, django_assert_max_num_queries
):
    # The week's plan (services/plan.py) reads its facts in about fifteen queries more,
    # after the day's rescore (once a day; then one query tells it is done).
    scores.refresh(owner)
    with django_assert_max_num_queries(31):
        owner_client.get(reverse("entregent:home"))
    assert Interaction.objects.count() == 1
