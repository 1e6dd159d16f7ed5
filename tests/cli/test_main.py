"""The root command: help, the acting account, exit codes, the user's language."""

from __future__ import annotations

from django.utils import translation

from entregent.cli.common import acting_as
from entregent.services import accounts


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("add", "log", "people", "show", "tie", "favor", "demo", "serve", "config"):
        assert command in result.stdout


def test_without_any_account_commands_say_how_to_create_one(cli):
    result = cli("people")
    assert result.exit_code == 3
    assert "createuser" in result.stderr


def test_a_single_account_is_used_without_user(cli, owner, helene):
    result = cli("people")
    assert result.exit_code == 0, result.output
    assert "Hélène Dupré" in result.stdout


def test_several_accounts_need_user(cli, owner, stranger):
    result = cli("people")
    assert result.exit_code == 2
    assert "--user" in result.stderr
    assert cli("people", "--user", "owner").exit_code == 0


def test_unknown_user_is_not_found(cli, owner):
    result = cli("people", "--user", "nobody")
    assert result.exit_code == 3
    assert "nobody" in result.stderr


def test_unknown_command_is_a_usage_error(cli, owner):
    assert cli("frobnicate").exit_code == 2


def test_commands_speak_the_owners_language(owner):
    accounts.update_preferences(owner, language="fr", timezone="America/Montreal")
    owner.refresh_from_db()
    with acting_as(owner):
        assert translation.get_language() == "fr"
    assert translation.get_language() != "fr"
