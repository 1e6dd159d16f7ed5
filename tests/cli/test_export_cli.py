"""`entregent export vcard|csv`, `backup`, `restore`, `export-person`, `erase`."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from entregent import models
from entregent.io.vcard import Card, read_vcards
from entregent.services import exchanges


def cards_in(data: bytes) -> list[Card]:
    return [item for item in read_vcards(data) if isinstance(item, Card)]


def test_export_vcard_to_a_file(cli, helene, francois, tmp_path):
    target = tmp_path / "contacts.vcf"
    result = cli("export", "vcard", target, "--version", "4.0")
    assert result.exit_code == 0, result.output
    assert "2 cards written" in result.stderr
    cards = cards_in(target.read_bytes())
    assert sorted(card.first_name for card in cards) == ["François", "Hélène"]
    assert {card.version for card in cards} == {"4.0"}


def test_export_vcard_to_stdout(cli, helene):
    result = cli("export", "vcard", "-")
    assert result.exit_code == 0, result.output
    (card,) = cards_in(result.stdout_bytes)
    assert card.organization == "Lefèvre Conseil"


def test_export_vcard_vdir(cli, helene, francois, tmp_path):
    folder = tmp_path / "vdir"
    result = cli("export", "vcard", folder, "--vdir")
    assert result.exit_code == 0, result.output
    assert len(list(folder.glob("*.vcf"))) == 2
    again = cli("export", "vcard", folder, "--vdir", "--prune")
    assert again.exit_code == 0
    assert "0 written, 2 unchanged, 0 removed" in again.stderr


def test_an_existing_file_is_kept_unless_forced(cli, helene, tmp_path):
    target = tmp_path / "contacts.vcf"
    target.write_text("mine")
    refused = cli("export", "vcard", target)
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    assert target.read_text() == "mine"
    assert cli("export", "vcard", target, "--force").exit_code == 0
    assert cards_in(target.read_bytes())


def test_export_vcard_refuses_an_unknown_version(cli, helene):
    assert cli("export", "vcard", "-", "--version", "2.1").exit_code == 2


def test_export_csv(cli, owner, helene, francois, tmp_path):
    exchanges.log_interaction(owner, [helene.pk, francois.pk], summary="=1+1")
    people = tmp_path / "people.csv"
    assert cli("export", "csv", people).exit_code == 0
    assert people.read_bytes().startswith(b"\xef\xbb\xbfid,")
    result = cli("export", "csv", "-", "--what", "interactions")
    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8")
    assert "'=1+1" in text
    assert "Hélène Dupré; François Bénard" in text or "François Bénard; Hélène Dupré" in text


def test_backup_then_restore_into_a_new_account(cli, owner, helene, francois, tmp_path):
    archive = tmp_path / "network.zip"
    result = cli("backup", archive, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["backup"]["rows"]["person"] == 2
    assert zipfile.is_zipfile(archive)

    restored = cli("restore", archive, "--user", "copy")

    assert restored.exit_code == 0, restored.output
    assert "into the account “copy”" in restored.stdout
    assert "login-link --user copy" in restored.stdout
    copy = get_user_model().objects.get(username="copy")
    names = set(models.Person.objects.owned_by(copy).values_list("first_name", flat=True))
    assert names == {"Hélène", "François"}


def test_restore_refuses_an_account_with_a_network(cli, owner, helene, tmp_path):
    archive = tmp_path / "network.zip"
    assert cli("backup", archive).exit_code == 0
    result = cli("restore", archive)  # into "owner" itself, which has a network
    assert result.exit_code == 1
    assert "already has a network" in result.stderr


def test_restore_reports_a_missing_or_bad_file(cli, owner, tmp_path):
    missing = cli("restore", tmp_path / "nope.zip")
    assert missing.exit_code == 1
    assert "There is no file" in missing.stderr
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    result = cli("restore", bad)
    assert result.exit_code == 1
    assert "not an entregent backup" in result.stderr
    assert "Traceback" not in result.output


def test_backup_needs_a_destination(cli, owner):
    result = cli("backup")
    assert result.exit_code == 2
    assert "--sqlite-file" in result.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's online backup API")
@pytest.mark.django_db(transaction=True)  # as in real use: no transaction left open
def test_backup_sqlite_file(cli, owner, stranger, helene, tmp_path):  # no --user needed
    target = tmp_path / "copy.sqlite3"
    result = cli("backup", "--sqlite-file", target)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        (count,) = copy.execute("SELECT COUNT(*) FROM entregent_person").fetchone()
    assert count == 1


def test_export_person(cli, owner, helene, francois, tmp_path):
    exchanges.log_interaction(owner, [helene.pk, francois.pk], summary="Café")
    result = cli("export-person", "helene")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["person"]["last_name"] == "Dupré"
    assert data["interactions"][0]["others"] == [{"id": francois.pk, "name": "François Bénard"}]
    target = tmp_path / "helene.json"
    assert cli("export-person", str(helene.pk), "-o", target).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["person"]["id"] == helene.pk


def test_erase_asks_and_does_nothing_on_no(cli, owner, helene):
    result = cli("erase", "helene", input="n\n")
    assert result.exit_code == 1
    assert "Nothing was erased" in result.stderr
    assert models.Person.objects.filter(pk=helene.pk).exists()


def test_erase_without_a_terminal_or_yes_does_nothing(cli, owner, helene):
    result = cli("erase", "helene")
    assert result.exit_code == 1
    assert models.Person.objects.filter(pk=helene.pk).exists()


def test_erase_on_yes(cli, owner, helene, francois):
    exchanges.log_interaction(owner, [helene.pk], summary="Seule")
    exchanges.log_interaction(owner, [helene.pk, francois.pk], summary="À deux")
    pk = helene.pk
    result = cli("erase", "helene", input="y\n")
    assert result.exit_code == 0, result.output
    assert "1 interaction with nobody else, deleted" in result.stderr
    assert "Hélène Dupré was erased" in result.stdout
    assert not models.Person.objects.filter(pk=pk).exists()
    assert list(models.Interaction.objects.values_list("summary", flat=True)) == ["À deux"]


def test_erase_with_yes_flag_and_json(cli, owner, helene):
    data = cli.json("erase", str(helene.pk), "--yes")
    assert data["erased"] == "Hélène Dupré"
    assert not models.Person.objects.filter(pk=helene.pk).exists()


def test_a_strangers_person_cannot_be_exported_or_erased(cli, owner, helene, strangers_person):
    for extra in (["export-person"], ["erase", "--yes"]):
        result = cli(extra[0], str(strangers_person.pk), "--user", "owner", *extra[1:])
        assert result.exit_code == 3, result.output
        assert "Müller" not in result.output
    assert models.Person.objects.filter(pk=strangers_person.pk).exists()
