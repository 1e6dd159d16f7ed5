"""The settings registry: typed parsing that fails loudly, and the database settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from entregent import conf

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_defaults_listen_on_loopback_only():
    assert conf.value("HOST", {}) == "127.0.0.1"
    assert conf.value("PORT", {}) == 8000
    assert conf.value("DEBUG", {}) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please"])
def test_bad_booleans_are_refused(raw):
    with pytest.raises(conf.ConfigError, match="ENTREGENT_DEBUG"):
        conf.value("DEBUG", {"ENTREGENT_DEBUG": raw})


@pytest.mark.parametrize("raw", ["eighty", "0", "70000"])
def test_bad_ports_are_refused(raw):
    with pytest.raises(conf.ConfigError, match="ENTREGENT_PORT"):
        conf.value("PORT", {"ENTREGENT_PORT": raw})


def test_port_from_environment():
    assert conf.value("PORT", {"ENTREGENT_PORT": "8001"}) == 8001


def test_sqlite_is_tuned_for_concurrent_writers(tmp_path):
    db = conf.database_settings("", tmp_path / "x.sqlite3", 20)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert "busy_timeout=20000" in db["OPTIONS"]["init_command"]


def test_postgres_from_url(tmp_path):
    db = conf.database_settings("postgres://me:pw@db.example:5433/crm", tmp_path / "x", 20)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["HOST"], db["PORT"]) == ("crm", "me", "db.example", 5433)


def test_other_database_urls_are_refused(tmp_path):
    with pytest.raises(conf.ConfigError):
        conf.database_settings("mysql://x@y/z", tmp_path / "x", 20)


def test_secret_key_is_generated_once_and_kept(tmp_path):
    env = {"ENTREGENT_DATA_DIR": str(tmp_path)}
    first = conf.secret_key(env)
    assert len(first) > 40
    assert conf.secret_key(env) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file\n")
    assert conf.secret_key({"ENTREGENT_SECRET_KEY_FILE": str(key_file)}) == "from-a-file"


def test_effective_masks_secrets():
    rows = dict(
        (name, shown)
        for name, shown, _help in conf.effective(
            {"ENTREGENT_SECRET_KEY": "s3cret", "DATABASE_URL": "postgres://u:p@h/d"}
        )
    )
    assert rows["ENTREGENT_SECRET_KEY"] == "********"
    assert rows["DATABASE_URL"] == "********"


def test_every_setting_is_documented():
    documented = set(re.findall(r"^### `([A-Z_]+)`", DOCS.read_text(encoding="utf-8"), re.M))
    declared = {setting.env_name for setting in conf.REGISTRY}
    assert declared == documented
