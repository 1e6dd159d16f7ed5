"""Backup and restore: every owned row comes back, field by field, with its links."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from entregent import models
from entregent.io.backup import (
    TABLES,
    BackupError,
    copy_sqlite_database,
    m2m_fields,
    owned_rows,
    read_header,
    write_backup,
)
from entregent.io.backup_restore import restore_backup
from entregent.io.export_vcard import iter_cards
from entregent.services import accounts, exchanges
from entregent.services.demo import build_demo
from entregent.services.people import PersonData, create_person

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4


def add_everything_the_demo_leaves_out(owner):
    """Rows of the models the demo does not fill, and the awkward cases."""
    people = list(models.Person.objects.owned_by(owner).order_by("id")[:4])
    first, second, third, fourth = people
    # Introductions in a cycle, and one to a later person: restored once all are in.
    first.introduced_by = fourth
    fourth.introduced_by = first
    second.introduced_by = third
    for person in (first, second, fourth):
        person.save()
    first.photo.save("helene.jpg", ContentFile(JPEG))
    models.Link.objects.create(owner=owner, person=first, kind="github", url="https://github.com/x")
    models.Decision.objects.create(
        owner=owner,
        action_key=f"follow-up:{second.pk}",
        person=second,
        decision="snoozed",
        snoozed_until=dt.date(2026, 5, 1),
        note="Après le salon",
    )
    models.Introduction.objects.create(
        owner=owner,
        introducer=first,
        person_a=None,
        person_b=second,
        purpose="Un poste",
        status="made",
        made_on=dt.date(2026, 2, 1),
    )
    models.DigestLog.objects.create(
        owner=owner, sent_at=timezone.now(), recipient="owner@example.org", items=7
    )
    batch = models.ImportBatch.objects.create(
        owner=owner,
        format="vcard",
        file_names="contacts.vcf",
        created=1,
        report={"lines": [1, 2], "note": "ünïcode"},
    )
    models.ImportChange.objects.create(
        batch=batch, model="person", object_id=third.pk, action="created", before=None
    )
    models.ImportChange.objects.create(
        batch=batch,
        model="emailaddress",
        object_id=999_999,
        action="updated",
        before={"address": "old@example.org"},
    )
    accounts.update_preferences(
        owner, language="fr", timezone="Europe/Paris", weekly_minutes=90, own_emails="me@x.fr"
    )
    models.Profile.objects.filter(user=owner).update(feed_token="feed-token-1")
    exchanges.record_favor(
        owner,
        third.pk,
        given=False,
        kind="business",
        amount=Decimal("1250.50"),
        description="Contrat « clé en main »",
    )


@pytest.fixture
def network(owner):
    build_demo(owner, people=50, seed=1, today=dt.date(2026, 3, 1))
    add_everything_the_demo_leaves_out(owner)
    return owner


def table_rows(owner):
    """Every owned row of every table, as stored, plus the many-to-many pairs."""
    found = {}
    for table in TABLES:
        found[table.key] = list(owned_rows(table, owner).order_by("pk").values())
        for many in m2m_fields(table.model):
            through = many.remote_field.through
            source, target = many.m2m_field_name(), many.m2m_reverse_field_name()
            found[f"{table.key}.{many.name}"] = sorted(
                through.objects.filter(**{f"{source}__owner": owner}).values_list(
                    f"{source}_id", f"{target}_id"
                )
            )
    return found


def canonical(owner):
    """The rows with ids replaced by positions, owner ids and photo names left out.

    A restore that gives new ids keeps their order, so two networks are the same exactly
    when their canonical forms are equal.
    """
    rows = table_rows(owner)
    positions = {
        table.key: {row["id"]: index for index, row in enumerate(rows[table.key])}
        for table in TABLES
    }
    result = {}
    for table in TABLES:
        model = table.model
        relations = {
            f.attname: f.related_model._meta.model_name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model._meta.model_name in positions
        }
        converted = []
        for row in rows[table.key]:
            row = dict(row)
            row.pop("id")
            row.pop("owner_id", None)
            row.pop("user_id", None)
            row.pop("feed_token", None)  # stays with the account it was made for
            for name, target in relations.items():
                if row[name] is not None:
                    row[name] = positions[target][row[name]]
            if table.key == "person" and row["photo"]:
                with models.Person._meta.get_field("photo").storage.open(row["photo"]) as f:
                    row["photo"] = hashlib.sha256(f.read()).hexdigest()
            if table.key == "importchange" and row["model"] in positions:
                row["object_id"] = positions[row["model"]].get(row["object_id"], 0)
            converted.append(row)
        result[table.key] = converted
        for many in m2m_fields(model):
            key = f"{table.key}.{many.name}"
            target = many.related_model._meta.model_name
            result[key] = sorted(
                (positions[table.key][a], positions[target][b] if target in positions else b)
                for a, b in rows[key]
            )
    return result


def test_every_owned_model_is_in_the_backup():
    covered = {table.model for table in TABLES}
    reference = {models.Sector, models.LoginToken}
    derived = {models.ScoreHistory}  # rebuilt from the interactions after a restore
    owned = set(apps.get_app_config("entregent").get_models()) - reference - derived
    assert owned == covered


def test_restore_into_an_empty_database_gives_the_same_rows(network, tmp_path):
    user_model = get_user_model()
    before_user = user_model.objects.filter(pk=network.pk).values().get()
    before = table_rows(network)
    assert [key for key, rows in before.items() if not rows] == []
    uids_before = [card.uid for card in iter_cards(network)]
    archive = tmp_path / "backup.zip"
    summary = write_backup(network, archive)
    assert summary.photos == 1
    photo = before["person"][0]["photo"] or next(r["photo"] for r in before["person"] if r["photo"])
    storage = models.Person._meta.get_field("photo").storage
    storage.delete(photo)
    network.delete()  # the whole account and everything it owns
    assert not user_model.objects.exists()
    assert not any(table.model.objects.exists() for table in TABLES)

    report = restore_backup(archive)

    assert report.kept_ids and report.created_account
    owner = user_model.objects.get(username="owner")
    assert owner.pk == before_user["id"]
    after_user = user_model.objects.filter(pk=owner.pk).values().get()
    for name in ("username", "email", "first_name", "last_name", "date_joined", "is_superuser"):
        assert after_user[name] == before_user[name], name
    after = table_rows(owner)
    for key, rows in before.items():
        assert after[key] == rows, key
    with storage.open(photo) as restored:
        assert restored.read() == JPEG
    # Cards exported after the restore keep their UIDs: a CardDAV sync sees no new people.
    assert [c.uid for c in iter_cards(owner)] == uids_before


def test_new_rows_after_a_restore_get_fresh_ids(network, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)
    highest = models.Person.objects.order_by("-pk").first().pk
    network.delete()
    restore_backup(archive)
    owner = get_user_model().objects.get(username="owner")
    person = create_person(owner, PersonData(first_name="Nouvelle"))
    assert person.pk > highest


def test_restore_for_a_new_account_next_to_others_remaps_every_id(network, stranger, tmp_path):
    create_person(stranger, PersonData(first_name="Sam"))  # ids already taken
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)

    report = restore_backup(archive, username="copy")

    assert not report.kept_ids and report.created_account
    copy = get_user_model().objects.get(username="copy")
    assert not copy.has_usable_password()
    assert canonical(copy) == canonical(network)
    assert not set(table_rows(copy)["person"][0]) - set(table_rows(network)["person"][0])
    original_ids = set(models.Person.objects.owned_by(network).values_list("pk", flat=True))
    copied_ids = set(models.Person.objects.owned_by(copy).values_list("pk", flat=True))
    assert not original_ids & copied_ids
    # The feed address stays with the account it was made for.
    assert models.Profile.objects.get(user=copy).feed_token == ""
    assert models.Profile.objects.get(user=copy).language == "fr"


def test_restore_into_an_existing_account_with_only_its_starting_circles(network, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)
    fresh = accounts.create_account("fresh")
    report = restore_backup(archive, username="fresh")
    assert not report.created_account
    assert canonical(fresh) == canonical(network)


def test_an_account_with_a_network_is_refused(network, stranger, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)
    create_person(stranger, PersonData(first_name="Sam"))
    with pytest.raises(BackupError, match="already has a network"):
        restore_backup(archive, username="stranger")
    assert models.Person.objects.owned_by(stranger).count() == 1


def test_the_header_says_what_and_whose(network, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)
    header = read_header(archive)
    assert header["format"] == "entregent-backup"
    assert header["format_version"] == 1
    assert header["app_version"]
    assert dt.datetime.fromisoformat(header["created_at"])
    assert header["owner"]["username"] == "owner"
    assert header["counts"]["person"] == 50
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        first = json.loads(opened.open("data.jsonl").readline())
    assert {"manifest.json", "data.jsonl"} <= set(names)
    assert any(name.startswith("media/photos/") for name in names)
    assert first["model"] == "profile"


def _rewrite(archive, target, change):
    """A copy of the archive with data.jsonl lines passed through `change`."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "data.jsonl":
                lines = [change(json.loads(line)) for line in data.splitlines()]
                data = b"".join(json.dumps(line).encode() + b"\n" for line in lines if line)
            out.writestr(item, data)
    return target


def test_a_reference_outside_the_backup_stops_the_restore(network, stranger, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)
    someone_else = create_person(stranger, PersonData(first_name="Sam"))

    def point_elsewhere(record):
        if record.get("model") == "emailaddress":
            record["fields"]["person_id"] = someone_else.pk
        return record

    bad = _rewrite(archive, tmp_path / "bad.zip", point_elsewhere)
    with pytest.raises(BackupError, match=r"data.jsonl, line \d+: it refers to person #"):
        restore_backup(bad, username="copy")
    assert not get_user_model().objects.filter(username="copy").exists()
    assert models.Person.objects.count() == 51


def test_a_truncated_backup_is_refused_and_leaves_nothing(network, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)
    bad = _rewrite(archive, tmp_path / "bad.zip", lambda r: None if r.get("model") == "news" else r)
    with pytest.raises(BackupError, match="incomplete"):
        restore_backup(bad, username="copy")
    assert not get_user_model().objects.filter(username="copy").exists()


def test_an_unknown_field_is_refused(network, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)

    def add_field(record):
        if record.get("model") == "tag":
            record["fields"]["colour"] = "red"
        return record

    with pytest.raises(BackupError, match="unknown field “colour”"):
        restore_backup(_rewrite(archive, tmp_path / "bad.zip", add_field), username="copy")


def test_a_newer_format_and_other_files_are_refused(owner, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(owner, archive)
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read("manifest.json"))
    manifest["format_version"] = 99
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(newer, "w") as out:
        out.writestr("manifest.json", json.dumps(manifest))
    with pytest.raises(BackupError, match="newer entregent"):
        read_header(newer)
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello")
    with pytest.raises(BackupError, match="not an entregent backup"):
        restore_backup(not_zip)


def test_a_backup_of_an_empty_account_restores(owner, tmp_path):
    archive = tmp_path / "backup.zip"
    summary = write_backup(owner, archive)
    assert summary.counts["person"] == 0
    report = restore_backup(archive, username="twin")
    assert report.counts["circle"] == len(models.SEEDED_CIRCLES)


def test_progress_is_reported(network, tmp_path):
    seen = []
    write_backup(
        network, tmp_path / "b.zip", progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1][0] == seen[-1][1] > 0
    restored = []
    restore_backup(
        tmp_path / "b.zip", username="copy", progress=lambda d, t: restored.append((d, t))
    )
    assert restored[-1][0] == restored[-1][1] == seen[-1][1]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's online backup API")
@pytest.mark.django_db(transaction=True)  # as in the command: no transaction left open
def test_sqlite_file_copy_is_a_working_database(network, tmp_path):
    target = tmp_path / "copy.sqlite3"
    steps = []
    size = copy_sqlite_database(target, progress=lambda done, total: steps.append(done))
    assert size == target.stat().st_size > 0
    assert steps
    with sqlite3.connect(target) as copy:
        (count,) = copy.execute(
            "SELECT COUNT(*) FROM entregent_person WHERE owner_id = ?", [network.pk]
        ).fetchone()
        (check,) = copy.execute("PRAGMA integrity_check").fetchone()
    assert count == 50
    assert check == "ok"
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the refusal is for other databases")
def test_sqlite_file_copy_is_refused_elsewhere(tmp_path):
    with pytest.raises(BackupError, match="SQLite only"):
        copy_sqlite_database(tmp_path / "copy.sqlite3")


def test_a_row_that_breaks_a_database_rule_stops_the_restore(network, tmp_path):
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)

    def same_key(record):
        if record.get("model") == "circle":
            record["fields"]["key"] = "friends"  # unique per account
        return record

    bad = _rewrite(archive, tmp_path / "bad.zip", same_key)
    with pytest.raises(BackupError, match="break a rule of the database"):
        restore_backup(bad, username="copy")
    assert not get_user_model().objects.filter(username="copy").exists()


def test_a_bad_account_name_is_refused(network, tmp_path):
    from django.core.exceptions import ValidationError

    archive = tmp_path / "backup.zip"
    write_backup(network, archive)
    with pytest.raises(ValidationError):
        restore_backup(archive, username="no spaces allowed!")


@pytest.mark.parametrize("identity", [True, False])
def test_id_map(identity):
    from entregent.io.backup_load import IdMap

    ids = IdMap(identity=identity)
    for old in (3, 5, 9):
        ids.add(old, old if identity else old * 10)
    ids.add(4, 4 if identity else 40)  # out of order: kept aside
    assert [ids.get(old) for old in (3, 4, 5, 9)] == (
        [3, 4, 5, 9] if identity else [30, 40, 50, 90]
    )
    assert ids.get(6) is None and ids.get(1) is None and ids.get(10) is None
    assert 5 in ids and 6 not in ids


def test_a_fresh_install_with_its_first_account_keeps_the_ids(network, tmp_path):
    """`entregent serve` creates an account on first start; restoring into it keeps ids."""
    archive = tmp_path / "backup.zip"
    write_backup(network, archive)
    before = table_rows(network)
    storage = models.Person._meta.get_field("photo").storage
    for row in before["person"]:
        if row["photo"]:
            storage.delete(row["photo"])
    network.delete()
    fresh = accounts.create_account("me")

    report = restore_backup(archive, username="me")

    assert report.kept_ids and not report.created_account
    after = table_rows(fresh)

    def without_owner(rows):
        return [
            {k: v for k, v in row.items() if k != "owner_id"} if isinstance(row, dict) else row
            for row in rows
        ]

    for key, rows in before.items():
        if key != "profile":  # the account's own profile row stays
            assert without_owner(after[key]) == without_owner(rows), key
