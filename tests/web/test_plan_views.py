"""The plan on the home page, and the decisions: a redirect without JS, the plan swapped in
place with htmx, 404 for a key that is not the owner's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from entregent.models import Decision, Favor, Interaction, Task
from entregent.services import exchanges
from tests.web.conftest import HTMX


@pytest.fixture
def thanks_owed(owner, helene):
    return exchanges.record_favor(
        owner, helene.pk, given=False, kind="introduction", occurred_on=timezone.localdate()
    )


@pytest.fixture
def key(thanks_owed):
    return f"thank:favor:{thanks_owed.pk}"


def decide_url(key: str) -> str:
    return reverse("entregent:plan-decide", args=[key])


def test_the_home_page_shows_today_and_this_week(owner_client, key):
    response = owner_client.get(reverse("entregent:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="plan"' in page and 'data-testid="plan-today"' in page
    assert "Thank Hélène Dupré" in page
    assert f'data-key="{key}"' in page
    assert "Suggested message" in page
    assert 'data-testid="log-form"' in page  # the dashboard keeps its log form


def test_an_empty_network_keeps_the_welcome_page(owner_client):
    response = owner_client.get(reverse("entregent:home"))
    assert b'data-testid="build-demo"' in response.content
    assert b'data-testid="plan"' not in response.content


def test_done_without_js_redirects_home(owner, owner_client, key, thanks_owed):
    response = owner_client.post(decide_url(key), {"decision": "done"})
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:home") + "#plan"
    thanks_owed.refresh_from_db()
    assert thanks_owed.thanked_on == timezone.localdate()
    page = owner_client.get(reverse("entregent:home")).content.decode()
    assert "Thank Hélène Dupré" not in page


def test_snooze_with_htmx_swaps_the_plan_in_place(owner, owner_client, key):
    response = owner_client.post(decide_url(key), {"decision": "snooze"}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="plan"')
    assert "Thank Hélène Dupré" not in page
    assert 'hx-swap-oob="true"' in page and "Snoozed for a week." in page
    decision = Decision.objects.get(owner=owner, action_key=key)
    assert decision.snoozed_until == timezone.localdate() + dt.timedelta(days=7)


def test_dismiss(owner, owner_client, key):
    owner_client.post(decide_url(key), {"decision": "dismiss"}, headers=HTMX)
    assert Decision.objects.get(owner=owner, action_key=key).decision == "dismissed"


def test_an_unknown_decision_changes_nothing(owner_client, key):
    response = owner_client.post(decide_url(key), {"decision": "maybe"})
    assert response.status_code == 302
    assert not Decision.objects.exists()


def test_decisions_are_posts(owner_client, key):
    assert owner_client.get(decide_url(key)).status_code == 405


def test_a_stranger_gets_404_on_the_owners_keys(stranger_client, key, helene):
    for url in (decide_url(key), decide_url(f"cadence:person:{helene.pk}:2026-01-01")):
        assert stranger_client.post(url, {"decision": "done"}).status_code == 404
    log_url = reverse("entregent:plan-log", args=[f"cadence:person:{helene.pk}:2026-01-01"])
    assert stranger_client.get(log_url).status_code == 404
    assert stranger_client.post(log_url, {"summary": "x"}).status_code == 404
    assert not Decision.objects.exists()
    assert Favor.objects.get().thanked_on is None


def test_a_key_that_names_nothing_is_404(owner_client):
    for key in ("nonsense", "thank:favor:999999", "task:person:1"):
        assert owner_client.post(decide_url(key), {"decision": "done"}).status_code == 404


def test_log_it_opens_the_form_prefilled_with_the_person(owner_client, key, helene):
    url = reverse("entregent:plan-log", args=[key])
    full = owner_client.get(url)
    assert full.status_code == 200 and b"<html" in full.content
    assert f'name="participants" value="{helene.pk}"'.encode() in full.content
    part = owner_client.get(url + "?slot=today-1", headers=HTMX).content.decode()
    assert "<html" not in part and 'id="plan-log-today-1"' in part
    assert 'value="outgoing" selected' in part


def test_log_it_logs_and_marks_done(owner, owner_client, key, helene, thanks_owed):
    url = reverse("entregent:plan-log", args=[key])
    data = {
        "participants": helene.pk,
        "kind": "email",
        "direction": "outgoing",
        "setting": "professional",
        "summary": "Merci pour la mise en relation",
        "slot": "today-1",
        "inline": "1",
    }
    response = owner_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="plan"')
    interaction = Interaction.objects.get()
    assert list(interaction.participants.all()) == [helene]
    assert Decision.objects.get(action_key=key).decision == "done"
    thanks_owed.refresh_from_db()
    assert thanks_owed.thanked_on is not None


def test_log_it_without_js_redirects_and_shows_errors_again(owner_client, key):
    url = reverse("entregent:plan-log", args=[key])
    bad = owner_client.post(url, {"kind": "nope", "direction": "outgoing"})
    assert bad.status_code == 200 and b'data-testid="plan-log-form"' in bad.content
    assert not Interaction.objects.exists()
    good = owner_client.post(
        url, {"kind": "email", "direction": "outgoing", "setting": "professional"}
    )
    assert good.status_code == 302 and Interaction.objects.count() == 1


def test_log_it_needs_a_person(owner, owner_client):
    task = Task.objects.create(owner=owner, title="Deck", due_on=timezone.localdate())
    response = owner_client.get(reverse("entregent:plan-log", args=[f"task:task:{task.pk}"]))
    assert response.status_code == 404


def test_the_plan_in_french(owner, owner_client, key):
    owner.profile.language = "fr"
    owner.profile.save()
    response = owner_client.get(reverse("entregent:home"))
    assert b'<html lang="fr">' in response.content
    assert b'data-testid="plan"' in response.content


def test_the_home_page_reads_a_fixed_number_of_queries(
    owner, owner_client, helene, marc, key, django_assert_max_num_queries
):
    def favours(person, count):
        for days in range(count):
            exchanges.record_favor(
                owner,
                person.pk,
                given=False,
                kind="help",
                occurred_on=timezone.localdate() - dt.timedelta(days=days),
            )

    favours(marc, 3)
    with django_assert_max_num_queries(40) as first:
        owner_client.get(reverse("entregent:home"))
    from entregent.services.people import PersonData, create_person

    for index in range(10):
        favours(create_person(owner, PersonData(first_name=f"P{index}")), 3)
    with django_assert_max_num_queries(len(first.captured_queries)):
        owner_client.get(reverse("entregent:home"))
