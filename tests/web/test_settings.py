"""Settings: language, time zone, country, time budget, cadences and guard rails."""

from __future__ import annotations

from django.urls import reverse

from entregent.models import Profile

URL = reverse("entregent:settings")


def settings_data(**changes):
    data = {
        "language": "fr",
        "timezone": "Europe/London",
        "country": "GB",
        "weekly_minutes": "90",
        "cadence_top_days": "21",
        "cadence_close_days": "60",
        "cadence_relation_days": "120",
        "min_gap_days": "5",
        "daily_cap": "8",
        "max_unanswered": "2",
        "same_text_warning": "5",
        "digest_weekday": "0",
        "digest_hour": "8",
        "email": "owner@example.org",
        "own_emails": "me@example.org",
    }
    data.update(changes)
    return data


def test_the_settings_page_shows_the_current_preferences(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 200
    assert response.context["form"]["weekly_minutes"].value() == 120


def test_saving_settings(owner, owner_client):
    response = owner_client.post(URL, settings_data())
    assert response.status_code == 302
    profile = Profile.objects.get(user=owner)
    assert (profile.language, profile.timezone, profile.country) == ("fr", "Europe/London", "GB")
    assert (profile.weekly_minutes, profile.cadence_top_days, profile.daily_cap) == (90, 21, 8)
    # The next page is in the language just chosen.
    assert b'<html lang="fr">' in owner_client.get(URL).content


def test_bad_values_are_shown_and_nothing_saved(owner, owner_client):
    response = owner_client.post(URL, settings_data(weekly_minutes="-5", timezone="Mars/Base"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"weekly_minutes", "timezone"} <= set(errors)
    assert Profile.objects.get(user=owner).weekly_minutes == 120


def test_each_account_has_its_own_settings(owner, stranger, stranger_client):
    stranger_client.post(URL, settings_data(weekly_minutes="30"))
    assert Profile.objects.get(user=stranger).weekly_minutes == 30
    assert Profile.objects.get(user=owner).weekly_minutes == 120


def test_settings_in_french(owner_client):
    response = owner_client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    assert b'<html lang="fr">' in response.content
