"""`entregent createuser` and `entregent login-link`."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

from entregent.services import accounts

LINK = re.compile(r"http://([^/]+)/login/([\w-]+)/")


def _token(output: str, address: str = "127.0.0.1:8000") -> str:
    match = LINK.search(output)
    assert match, output
    assert match.group(1) == address
    return match.group(2)


def test_createuser_prints_a_working_login_link(cli, monkeypatch):
    monkeypatch.delenv("ENTREGENT_PORT", raising=False)
    monkeypatch.delenv("ENTREGENT_HOST", raising=False)
    result = cli("createuser", "alice", "--email", "alice@example.org", "--language", "fr")
    assert result.exit_code == 0, result.output
    user = get_user_model().objects.get(username="alice")
    assert user.is_superuser and not user.has_usable_password()
    assert user.profile.language == "fr"
    assert accounts.redeem_login_link(_token(result.stdout)) == user


def test_later_accounts_are_not_admins_unless_asked(cli, owner):
    assert cli("createuser", "bob").exit_code == 0
    assert cli("createuser", "carol", "--admin").exit_code == 0
    users = get_user_model().objects
    assert not users.get(username="bob").is_superuser
    assert users.get(username="carol").is_superuser


def test_createuser_json(cli, db):
    data = cli.json("createuser", "dora")
    assert data["username"] == "dora"
    assert "/login/" in data["login_url"]


def test_createuser_with_password(cli, db):
    result = cli("createuser", "erin", "--password-prompt", input="Ch0colat-chaud!\n" * 2)
    assert result.exit_code == 0, result.output
    assert get_user_model().objects.get(username="erin").check_password("Ch0colat-chaud!")


def test_createuser_bad_input(cli, owner):
    result = cli("createuser", "owner")
    assert (result.exit_code, result.stderr.split(":")[0]) == (1, "username")
    result = cli("createuser", "frank", "--email", "frank-at-home")
    assert (result.exit_code, result.stderr.split(":")[0]) == (1, "email")
    result = cli("createuser", "gina", "--password-prompt", input="123\n123\n")
    assert (result.exit_code, result.stderr.split(":")[0]) == (1, "password")
    result = cli("createuser", "hugo", "--language", "de")
    assert (result.exit_code, result.stderr.split(":")[0]) == (1, "language")
    assert get_user_model().objects.count() == 1


def test_login_link_uses_host_and_port(cli, owner, monkeypatch):
    monkeypatch.setenv("ENTREGENT_HOST", "0.0.0.0")
    monkeypatch.setenv("ENTREGENT_PORT", "8765")
    result = cli("login-link")
    assert result.exit_code == 0, result.output
    assert accounts.redeem_login_link(_token(result.stdout, "127.0.0.1:8765")) == owner


def test_login_link_for_a_chosen_user(cli, owner, stranger):
    assert cli("login-link").exit_code == 2
    data = cli.json("login-link", "--user", "stranger")
    token = LINK.search(data["login_url"]).group(2)
    assert accounts.redeem_login_link(token) == stranger
