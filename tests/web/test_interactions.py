"""Logging an interaction in a few keystrokes: htmx swaps the timeline, no JS redirects."""

from __future__ import annotations

from django.urls import reverse

from entregent.models import Interaction
from tests.web.conftest import HTMX

URL = reverse("entregent:interaction-new")


def log(client, *, headers=None, **changes):
    data = {"kind": "call", "direction": "outgoing", "setting": "professional"}
    data.update(changes)
    return client.post(URL, data, headers=headers or {})


def test_the_log_form_has_test_hooks(owner_client, helene):
    page = owner_client.get(reverse("entregent:person", args=[helene.pk])).content.decode()
    for hook in ("log-form", "log-participants", "log-kind", "log-summary", "log-submit"):
        assert f'data-testid="{hook}"' in page


def test_without_js_logging_redirects_to_the_persons_timeline(owner_client, helene, marc):
    response = log(
        owner_client,
        participants=[helene.pk, marc.pk],
        for_person=helene.pk,
        summary="Called about the board seat",
        occurred_at="2024-05-02T10:30",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:person", args=[helene.pk]) + "#timeline"
    interaction = Interaction.objects.get()
    assert set(interaction.participants.all()) == {helene, marc}
    assert interaction.kind == "call"
    assert interaction.direction == "outgoing"
    assert interaction.summary == "Called about the board seat"
    assert interaction.occurred_at.date().isoformat() == "2024-05-02"


def test_from_the_dashboard_logging_redirects_home(owner_client, helene):
    response = log(owner_client, participants=[helene.pk])
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:home")
    assert Interaction.objects.count() == 1


def test_with_htmx_the_timeline_form_and_messages_are_swapped(owner_client, helene):
    response = log(
        owner_client, headers=HTMX, participants=[helene.pk], for_person=helene.pk, summary="Hi"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="timeline"')
    assert "Hi" in page
    assert 'id="log-form"' in page and 'hx-swap-oob="true"' in page
    assert 'id="messages"' in page and "Interaction logged." in page
    assert "<html" not in page
    assert Interaction.objects.count() == 1


def test_with_htmx_the_depth_card_follows_the_new_interaction(owner_client, helene):
    response = log(
        owner_client, headers=HTMX, participants=[helene.pk], for_person=helene.pk, summary="Hi"
    )
    page = response.content.decode()
    card = page[page.index('<section id="depth"') :]
    assert 'hx-swap-oob="true"' in card[: card.index(">")]
    assert 'data-testid="depth-level"' in card


def test_with_htmx_from_the_dashboard_the_recent_list_is_swapped(owner_client, helene):
    response = log(owner_client, headers=HTMX, participants=[helene.pk], summary="Quick call")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="recent"')
    assert "Quick call" in page


def test_participants_can_be_typed_by_name_without_javascript(owner_client, helene, marc):
    log(owner_client, participants_text="helene, lefevre")
    assert set(Interaction.objects.get().participants.all()) == {helene, marc}


def test_an_ambiguous_name_asks_for_more(owner, owner_client, helene):
    from entregent.services.people import PersonData, create_person

    create_person(owner, PersonData(first_name="Hélène", last_name="Martin"))
    response = log(owner_client, participants_text="helene")
    assert "type more of the name" in response.content.decode()
    assert not Interaction.objects.exists()


def test_no_participant_is_an_error_in_the_form_and_nothing_is_saved(owner_client, helene):
    response = log(owner_client, for_person=helene.pk, summary="Alone")
    assert response.status_code == 200
    assert "Choose at least one person." in response.content.decode()
    assert response.context["log_form"].errors["participants"]
    assert not Interaction.objects.exists()


def test_with_htmx_an_error_rerenders_only_the_form(owner_client, helene):
    response = log(owner_client, headers=HTMX, for_person=helene.pk)
    page = response.content.decode()
    assert page.lstrip().startswith('<form id="log-form"')
    assert "Choose at least one person." in page
    assert response["HX-Retarget"] == "#log-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert not Interaction.objects.exists()


def test_an_unknown_kind_is_refused(owner_client, helene):
    response = log(owner_client, participants=[helene.pk], kind="telepathy")
    assert response.context["log_form"].errors["kind"]
    assert not Interaction.objects.exists()


def test_a_future_date_is_refused_next_to_the_field(owner_client, helene):
    response = log(owner_client, participants=[helene.pk], occurred_at="2999-01-01T10:00")
    assert "cannot be in the future" in " ".join(response.context["log_form"].errors["occurred_at"])
    assert not Interaction.objects.exists()


def test_a_strangers_person_cannot_be_a_participant(owner_client, helene, stranger_person):
    response = log(owner_client, participants=[helene.pk, stranger_person.pk])
    assert response.context["log_form"].errors["participants"]
    assert not Interaction.objects.exists()


def test_a_stranger_cannot_log_on_the_owners_person(stranger_client, helene):
    response = log(stranger_client, participants=[helene.pk], for_person=helene.pk)
    assert response.status_code == 404
    response = log(stranger_client, participants=[helene.pk])
    assert response.status_code == 200
    assert response.context["log_form"].errors["participants"]
    assert not Interaction.objects.exists()


def test_logging_is_a_post(owner_client):
    assert owner_client.get(URL).status_code == 405
