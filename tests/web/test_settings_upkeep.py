"""The settings page for upkeep: time budget, cadences, guard rails, the weekly e-mail and
the calendar feed, in English and French."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from entregent.models import Profile
from entregent.services import feed
from tests.web.test_settings import settings_data

URL = reverse("entregent:settings")


def test_the_page_shows_every_upkeep_setting(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "weekly-minutes",
        "cadence-top-days",
        "cadence-close-days",
        "cadence-relation-days",
        "min-gap-days",
        "daily-cap",
        "max-unanswered",
        "same-text-warning",
        "digest-enabled",
        "digest-weekday",
        "digest-hour",
        "email",
        "language",
        "timezone",
        "country",
    ):
        assert f'data-testid="settings-{name}"' in html, name
    assert response.context["form"]["email"].value() == "owner@example.org"


def test_the_page_shows_the_full_feed_address(owner, owner_client):
    response = owner_client.get(URL)
    token = feed.feed_token(owner)
    assert response.context["feed_url"] == f"http://testserver/feed/{token}.ics"
    assert f'value="http://testserver/feed/{token}.ics"' in response.content.decode()
    assert 'data-testid="settings-feed-rotate"' in response.content.decode()


def test_new_link_button_changes_the_address_shown(owner, owner_client):
    before = owner_client.get(URL).context["feed_url"]
    response = owner_client.post(reverse("entregent:feed-rotate"), follow=True)
    assert response.context["feed_url"] != before
    assert "the old one no longer works" in response.content.decode()


def test_saving_guard_rails_and_budget(owner, owner_client):
    data = settings_data(
        weekly_minutes="45", max_unanswered="3", same_text_warning="4", min_gap_days="10"
    )
    assert owner_client.post(URL, data).status_code == 302
    profile = Profile.objects.get(user=owner)
    assert (profile.weekly_minutes, profile.max_unanswered, profile.same_text_warning) == (45, 3, 4)
    assert profile.min_gap_days == 10


def test_turning_the_digest_on_schedules_it_in_my_time_zone(owner, owner_client, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC))
    data = settings_data(
        digest_enabled="on", digest_weekday="4", digest_hour="7", timezone="America/New_York"
    )
    assert owner_client.post(URL, data).status_code == 302
    profile = Profile.objects.get(user=owner)
    assert profile.digest_enabled
    # Friday 6 March, 7:00 in New York (EST, UTC-5).
    assert profile.next_digest_at == dt.datetime(2026, 3, 6, 12, tzinfo=dt.UTC)


def test_changing_my_address(owner, owner_client):
    owner_client.post(URL, settings_data(email="me@example.fr"))
    assert get_user_model().objects.get(pk=owner.pk).email == "me@example.fr"


def test_the_digest_needs_an_address(owner, owner_client):
    response = owner_client.post(URL, settings_data(digest_enabled="on", email=""))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    profile = Profile.objects.get(user=owner)
    assert not profile.digest_enabled
    assert get_user_model().objects.get(pk=owner.pk).email == "owner@example.org"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("digest_hour", "24"),
        ("digest_weekday", "7"),
        ("email", "not an address"),
        ("timezone", "Europe/Atlantis"),
        ("max_unanswered", "-1"),
    ],
)
def test_bad_values_are_refused(owner, owner_client, field, value):
    response = owner_client.post(URL, settings_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Profile.objects.get(user=owner).weekly_minutes == 120


def test_the_page_says_when_no_mail_server_is_set(settings, owner_client):
    settings.EMAIL_HOST = ""
    assert 'data-testid="settings-mail-missing"' in owner_client.get(URL).content.decode()
    settings.EMAIL_HOST = "smtp.example.org"
    assert 'data-testid="settings-mail-missing"' not in owner_client.get(URL).content.decode()


def test_the_next_digest_is_shown_in_my_time_zone(settings, owner, owner_client, time_machine):
    settings.EMAIL_HOST = "smtp.example.org"
    time_machine.move_to(dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC))
    owner_client.post(
        URL,
        settings_data(
            digest_enabled="on", digest_weekday="0", digest_hour="9", timezone="Europe/Paris"
        ),
    )
    html = owner_client.get(URL).content.decode()
    assert 'data-testid="settings-next-digest"' in html
    assert "09:00" in html or "9:00" in html


def test_a_strangers_settings_stay_theirs(owner, stranger, stranger_client):
    stranger_client.post(URL, settings_data(digest_enabled="on", email="s@example.org"))
    assert Profile.objects.get(user=stranger).digest_enabled
    assert not Profile.objects.get(user=owner).digest_enabled
    assert get_user_model().objects.get(pk=owner.pk).email == "owner@example.org"
    assert stranger_client.get(URL).context["feed_url"] != ""
    assert feed.owner_for_token(stranger_client.get(URL).context["feed_url"].split("/")[-1][:-4])


def test_the_page_in_french(owner, owner_client):
    owner.profile.language = "fr"
    owner.profile.save()
    response = owner_client.get(URL)
    html = response.content.decode()
    assert '<html lang="fr">' in html
    # Day names and the weekday choice follow the language.
    assert "lundi" in html.lower()


def test_the_page_needs_a_login(client):
    assert client.get(URL).status_code == 302
