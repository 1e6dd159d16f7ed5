"""Shared fixtures: an owner, a stranger (a second account), and their logged-in clients."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone, translation

from entregent.services import accounts


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    # A request in French (or in another time zone) leaves it active in this thread: reset
    # it so that every test starts from the defaults, whatever ran before.
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture
def owner(db):
    return accounts.create_account(
        "owner", email="owner@example.org", password="x" * 12, superuser=True
    )


@pytest.fixture
def stranger(db):
    return accounts.create_account(
        "stranger", email="stranger@example.org", password="y" * 12, superuser=False
    )


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(stranger):
    client = Client()
    client.force_login(stranger)
    return client
