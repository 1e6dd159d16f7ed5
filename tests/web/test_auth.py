"""Signing in with a password or a one-time link, signing out, the login wall, the language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from entregent.models import Profile
from entregent.services import accounts

PAGES = [
    ("entregent:home", []),
    ("entregent:people", []),
    ("entregent:person-new", []),
    ("entregent:person", [1]),
    ("entregent:person-edit", [1]),
    ("entregent:settings", []),
    ("entregent:pick", ["log"]),
    ("entregent:pick-chosen", ["log", 1]),
]
ACTIONS = [
    ("entregent:demo", []),
    ("entregent:person-archive", [1]),
    ("entregent:interaction-new", []),
    ("entregent:tie-add", [1]),
    ("entregent:tie-remove", [1]),
    ("entregent:favor-add", [1]),
    ("entregent:favor-thanked", [1]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(db, client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('entregent:login')}?next={url}"


@pytest.mark.parametrize(("name", "args"), ACTIONS)
def test_anonymous_posts_are_sent_to_the_login_page_and_change_nothing(db, client, name, args):
    response = client.post(reverse(name, args=args), {"participants": [1]})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("entregent:login"))


def test_login_page_shows_the_form_and_the_language_switcher(db, client):
    response = client.get(reverse("entregent:login"))
    assert response.status_code == 200
    assert b'data-testid="login-form"' in response.content
    assert b'data-testid="language-switcher"' in response.content


def test_password_login_signs_in_and_goes_home(owner, client):
    response = client.post(reverse("entregent:login"), {"username": "owner", "password": "x" * 12})
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:home")
    assert client.get(reverse("entregent:home")).status_code == 200


def test_wrong_password_shows_an_error(owner, client):
    response = client.post(reverse("entregent:login"), {"username": "owner", "password": "nope"})
    assert response.status_code == 200
    assert b"form-errors" in response.content


def test_login_link_signs_in_once_only(owner):
    token = accounts.issue_login_link(owner)
    url = reverse("entregent:login-link", args=[token])
    first = Client()
    response = first.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:home")
    assert first.get(reverse("entregent:home")).status_code == 200

    second = Client()
    response = second.get(url)
    assert response.status_code == 400
    assert b"does not work" in response.content
    assert second.get(reverse("entregent:home")).status_code == 302


def test_unknown_login_link_is_refused_kindly(db, client):
    response = client.get(reverse("entregent:login-link", args=["not-a-token"]))
    assert response.status_code == 400
    assert reverse("entregent:login").encode() in response.content


def test_expired_login_link_is_refused(owner, client):
    import datetime as dt

    token = accounts.issue_login_link(owner, lifetime=dt.timedelta(seconds=-1))
    response = client.get(reverse("entregent:login-link", args=[token]))
    assert response.status_code == 400


def test_logout_is_a_post_that_signs_out(owner_client):
    response = owner_client.post(reverse("entregent:logout"))
    assert response.status_code == 302
    assert owner_client.get(reverse("entregent:home")).status_code == 302


def test_language_switch_works_on_the_login_page(db, client):
    response = client.post(
        reverse("entregent:language"), {"language": "fr", "next": reverse("entregent:login")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:login")
    page = client.get(reverse("entregent:login"))
    assert b'<html lang="fr">' in page.content


def test_language_switch_is_remembered_in_the_profile(owner, owner_client):
    response = owner_client.post(reverse("entregent:language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert Profile.objects.get(user=owner).language == "fr"
    # Another browser, another day: the choice follows the user.
    other = Client()
    other.force_login(owner)
    assert b'<html lang="fr">' in other.get(reverse("entregent:settings")).content


def test_language_switch_ignores_unknown_languages(owner, owner_client):
    owner_client.post(reverse("entregent:language"), {"language": "xx", "next": "/"})
    assert Profile.objects.get(user=owner).language == ""


def test_language_switch_does_not_redirect_elsewhere(db, client):
    response = client.post(
        reverse("entregent:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert "evil.example" not in response.get("Location", "")


def test_browser_language_french_gives_a_french_page(db, client):
    response = client.get(reverse("entregent:login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert b'<html lang="fr">' in response.content
