"""Importing address-book CSV exports (Google, Outlook, Thunderbird, any table with a mapping)
through the shared plan: circles and tags, primary values, re-import, report, undo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from entregent.models import ImportChange, Organization, Person, Tag
from entregent.services import imports
from entregent.services.import_report import describe_skip, describe_where
from entregent.services.import_undo import undo_batch

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures" / "csv"
MAPPING = "first_name=Prénom,last_name=Nom,emails=Courriel,phones=Portable,labels=Groupes"


@pytest.fixture
def exports(tmp_path):
    folder = tmp_path / "contacts"
    folder.mkdir()
    for name in ("google-contacts.csv", "google-contacts-old.csv", "outlook-fr.csv"):
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(FIXTURES / "outlook-en.csv", folder / "outlook-en.csv")
    shutil.copy(FIXTURES / "thunderbird.csv", folder / "thunderbird.csv")
    return folder


def person(owner, first, last):
    return (
        Person.objects.owned_by(owner)
        .prefetch_related("emails", "phones", "circles", "tags", "roles__organization")
        .get(first_name=first, last_name=last)
    )


def test_every_export_lands_with_names_contacts_circles_and_tags(owner, exports):
    batch = imports.import_files(owner, [exports])
    assert batch.format == "csv"
    helene = person(owner, "Hélène", "Dupré")
    emails = [(e.address, e.is_primary) for e in helene.emails.all()]
    assert emails[0] == ("helene.dupre@example.fr", True)
    assert {address for address, _primary in emails} == {
        "helene.dupre@example.fr",
        "h.dupre@example.com",
        "helene@example.org",
    }
    assert {p.e164 for p in helene.phones.all()} == {"+33612345678", "+33698765432", "+33478123456"}
    assert (helene.birthday_year, helene.birthday_month, helene.birthday_day) == (1985, 3, 15)
    assert [c.key for c in helene.circles.all()] == ["friends"]
    assert [t.name for t in helene.tags.all()] == ["Randonnée"]
    assert helene.linkedin_url == "https://www.linkedin.com/in/helene-dupre"
    jerome = person(owner, "Jérôme", "Bénard")
    assert [c.key for c in jerome.circles.all()] == ["colleagues"]
    assert [t.name for t in jerome.tags.all()] == ["Vélo"]
    amelie = person(owner, "Amélie", "Lefèvre-Duchêne")
    assert (amelie.birthday_year, amelie.birthday_month, amelie.birthday_day) == (1985, 3, 15)
    assert [c.key for c in amelie.circles.all()] == ["clients"]
    assert [t.name for t in amelie.tags.all()] == ["Œnologie"]
    (role,) = amelie.roles.all()
    assert (role.organization.name, role.title) == ("Cabinet Bérard & Associés", "Avocate")
    gerard = person(owner, "Gérard", "Noël")
    assert gerard.birthday_month is None
    assert [c.key for c in gerard.circles.all()] == ["family"]
    assert person(owner, "John", "Smith").birthday_month == 3
    assert person(owner, "Léa", "Rousseau").birthday_year == 1990
    assert person(owner, "Marc Antoine", "Durand").emails.get().address == "marc@example.fr"


def test_bad_lines_are_reported_with_file_and_line(owner, exports):
    batch = imports.import_files(owner, [exports])
    skipped = {
        (entry["where"]["file"], entry["where"].get("line"), entry["code"])
        for entry in batch.report["skipped"]
    }
    assert ("contacts/google-contacts-old.csv", 5, "csv-bad-row") in skipped
    assert ("contacts/google-contacts.csv", 4, "no-name") in skipped
    bad = next(s for s in batch.report["skipped"] if s["code"] == "csv-bad-row")
    with translation.override("en"):
        assert describe_where(bad["where"]) == "contacts/google-contacts-old.csv, line 5"
        assert "cells where the header has" in describe_skip(bad)
    notices = [n for n in batch.report["notices"] if n["code"] == "bad-date"]
    assert [n["params"]["value"] for n in notices] == ["32/13/1990"]


def test_importing_again_changes_nothing(owner, exports):
    imports.import_files(owner, [exports])
    before = (
        list(Person.objects.owned_by(owner).order_by("id").values()),
        Tag.objects.owned_by(owner).count(),
        Organization.objects.owned_by(owner).count(),
    )
    again = imports.import_files(owner, [exports])
    assert (again.created, again.updated, again.merged) == (0, 0, 0)
    after = (
        list(Person.objects.owned_by(owner).order_by("id").values()),
        Tag.objects.owned_by(owner).count(),
        Organization.objects.owned_by(owner).count(),
    )
    assert after == before
    assert not ImportChange.objects.filter(batch=again).exists()


def test_dry_run_and_undo(owner, exports):
    preview = imports.import_files(owner, [exports], dry_run=True)
    assert preview.created and not Person.objects.owned_by(owner).exists()
    batch = imports.import_files(owner, [exports])
    assert Person.objects.owned_by(owner).exists()
    undo_batch(owner, batch)
    assert not Person.objects.owned_by(owner).exists()
    assert not Tag.objects.owned_by(owner).exists()
    assert not Organization.objects.owned_by(owner).exists()


def test_a_mapping_imports_any_table(owner):
    batch = imports.import_files(owner, [FIXTURES / "custom.csv"], mapping=MAPPING)
    assert batch.format == "csv"
    ines = person(owner, "Inès", "Gauthier")
    assert ines.emails.get().address == "ines@example.fr"
    assert ines.phones.get().e164 == "+33712345678"
    assert [c.key for c in ines.circles.all()] == ["neighbours"]
    assert [t.name for t in ines.tags.all()] == ["Jardinage"]


def test_an_unknown_table_is_refused_and_a_bad_mapping_explained(owner):
    with pytest.raises(ValidationError):
        imports.import_files(owner, [FIXTURES / "custom.csv"])
    with pytest.raises(ValidationError, match="shoe_size"):
        imports.import_files(owner, [FIXTURES / "custom.csv"], mapping="shoe_size=Pointure")
