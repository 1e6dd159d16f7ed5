"""Accounts and one-time login links."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from entregent.models import LoginToken
from entregent.services import accounts

pytestmark = pytest.mark.django_db


def test_login_link_works_once(owner):
    token = accounts.issue_login_link(owner)
    assert accounts.redeem_login_link(token) == owner
    assert accounts.redeem_login_link(token) is None


def test_only_the_hash_is_stored(owner):
    token = accounts.issue_login_link(owner)
    assert not LoginToken.objects.filter(token_hash=token).exists()


def test_login_link_expires(owner):
    token = accounts.issue_login_link(owner)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)):
        assert accounts.redeem_login_link(token) is None


def test_unknown_token_logs_nobody_in(owner):
    assert accounts.redeem_login_link("nope") is None


def test_user_names_are_unique(owner):
    with pytest.raises(ValidationError):
        accounts.create_account("owner")


def test_the_only_account(db):
    assert accounts.the_only_account() is None
    first = accounts.create_account("solo")
    assert accounts.the_only_account() == first
    accounts.create_account("second")
    assert accounts.the_only_account() is None


def test_update_preferences_validates(owner):
    profile = accounts.update_preferences(owner, language="fr", weekly_minutes=90)
    assert (profile.language, profile.weekly_minutes) == ("fr", 90)
    with pytest.raises(ValidationError):
        accounts.update_preferences(owner, language="de")


def test_first_account_administers_later_ones_do_not(db):
    first = accounts.create_account("first")
    second = accounts.create_account("second")
    assert first.is_superuser and first.is_staff
    assert not second.is_superuser and not second.is_staff
