"""`entregent serve`, `migrate` and `config show`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from entregent.cli import ops
from entregent.services import accounts


@pytest.fixture
def execvp(monkeypatch):
    calls = []
    monkeypatch.setattr(ops.os, "execvp", lambda program, argv: calls.append((program, argv)))
    return calls


def test_serve_sets_up_and_execs_gunicorn_on_localhost(cli, execvp, monkeypatch):
    monkeypatch.delenv("ENTREGENT_HOST", raising=False)
    monkeypatch.setenv("ENTREGENT_PORT", "8765")
    monkeypatch.setenv("ENTREGENT_WORKERS", "3")
    result = cli("serve")
    assert result.exit_code == 0, result.output
    [(program, argv)] = execvp
    assert program == argv[0]
    assert Path(argv[0]).name == "gunicorn"
    if (Path(sys.executable).parent / "gunicorn").exists():
        assert Path(argv[0]).parent == Path(sys.executable).parent
    assert argv[1:] == [
        "entregent.wsgi:application", "--bind", "127.0.0.1:8765", "--workers", "3",
        # Threads: a long import streaming its progress is not killed by the timeout.
        "--worker-class", "gthread", "--threads", "4", "--timeout", "60",
    ]  # fmt: skip
    owner = get_user_model().objects.get()
    assert owner.is_superuser
    token = re.search(r"http://127\.0\.0\.1:8765/login/([\w-]+)/", result.stdout).group(1)
    assert accounts.redeem_login_link(token) == owner


def test_serve_reuses_the_account_and_prints_a_new_link_each_start(cli, execvp, owner):
    first = cli("serve", "--port", "9000").stdout
    second = cli("serve", "--host", "::1", "--port", "9001").stdout
    assert get_user_model().objects.count() == 1
    assert "127.0.0.1:9000/login/" in first
    assert "[::1]:9001/login/" in second
    assert execvp[1][1][3] == "[::1]:9001"


def test_serve_rejects_a_bad_port(cli, execvp, monkeypatch):
    assert cli("serve", "--port", "70000").exit_code == 2
    monkeypatch.setenv("ENTREGENT_PORT", "eighty")
    result = cli("serve")
    assert result.exit_code == 2
    assert "ENTREGENT_PORT" in result.stderr
    assert not execvp


def test_default_owner_name_is_a_valid_user_name(monkeypatch):
    monkeypatch.setattr(ops.getpass, "getuser", lambda: "not a valid name!")
    assert ops.default_owner_name() == "owner"
    monkeypatch.setattr(ops.getpass, "getuser", lambda: "hélène")
    assert ops.default_owner_name() == "hélène"


def test_config_show_masks_secrets(cli, monkeypatch):
    monkeypatch.setenv("ENTREGENT_SECRET_KEY", "very-secret")
    monkeypatch.setenv("ENTREGENT_PORT", "8123")
    result = cli("config", "show")
    assert result.exit_code == 0, result.output
    assert "very-secret" not in result.stdout
    rows = {row["variable"]: row["value"] for row in cli.json("config", "show")}
    assert rows["ENTREGENT_SECRET_KEY"] == "********"
    assert rows["ENTREGENT_PORT"] == "8123"


def test_migrate_runs(cli):
    result = cli("migrate")
    assert result.exit_code == 0, result.output
