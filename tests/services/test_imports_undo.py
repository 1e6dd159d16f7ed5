"""Undoing an import: what it created goes, what it changed comes back, what the user changed
since stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from entregent.models import (
    BatchStatus,
    EmailAddress,
    Favor,
    Interaction,
    Organization,
    Person,
    Role,
    Tag,
)
from entregent.services import exchanges, imports
from entregent.services.import_undo import undo_batch
from entregent.services.people import PersonData, add_role, create_person, update_person

from .test_imports import write_cards
from .test_imports_linkedin import FIXTURES


@pytest.fixture
def cards(tmp_path):
    return write_cards(tmp_path)


def test_undo_removes_what_the_import_created(
    owner, cards, settings, django_capture_on_commit_callbacks
):
    batch = imports.import_files(owner, [cards])
    photo = Person.objects.owned_by(owner).exclude(photo="").get().photo.name
    assert (Path(settings.MEDIA_ROOT) / photo).exists()
    with django_capture_on_commit_callbacks(execute=True):
        result = undo_batch(owner, batch)
    assert not Person.objects.owned_by(owner).exists()
    assert not Organization.objects.owned_by(owner).exists()
    assert not Tag.objects.owned_by(owner).exists()
    assert result.removed_people == 3
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE and batch.undone_at is not None
    assert not (Path(settings.MEDIA_ROOT) / photo).exists()


def test_undo_restores_what_the_import_changed(owner, cards):
    known = create_person(
        owner,
        PersonData(first_name="Hélène", last_name="Dupré", emails=["helene.dupre@example.fr"]),
    )
    batch = imports.import_files(owner, [cards])
    known.refresh_from_db()
    assert known.city == "Paris" and known.phones.count() == 1
    undo_batch(owner, batch)
    known.refresh_from_db()
    assert known.city == "" and known.birthday is None and known.linkedin_url == ""
    assert known.phones.count() == 0
    assert not known.roles.exists() and not known.circles.exists() and not known.tags.exists()
    assert [e.address for e in known.emails.all()] == ["helene.dupre@example.fr"]
    assert "paris" not in known.search_text
    assert Person.objects.owned_by(owner).count() == 1


def test_undo_leaves_what_the_user_changed_since(owner, cards):
    known = create_person(
        owner,
        PersonData(first_name="Hélène", last_name="Dupré", emails=["helene.dupre@example.fr"]),
    )
    batch = imports.import_files(owner, [cards])
    data = PersonData.from_person(Person.objects.get(pk=known.pk))
    data.city = "Marseille"
    update_person(owner, Person.objects.get(pk=known.pk), data)
    result = undo_batch(owner, batch)
    known.refresh_from_db()
    assert known.city == "Marseille"
    assert known.birthday is None
    assert result.kept_values == 1


def test_an_organisation_someone_else_now_uses_is_kept(owner, cards):
    batch = imports.import_files(owner, [cards])
    marc = create_person(owner, PersonData(first_name="Marc"))
    add_role(owner, marc, "Société Générale", title="Analyste")
    undo_batch(owner, batch)
    assert Organization.objects.owned_by(owner).filter(name="Société Générale").exists()
    assert Role.objects.filter(person=marc).exists()


def test_undo_of_a_linkedin_import_removes_its_exchanges(owner):
    known = create_person(
        owner, PersonData(first_name="Paul", last_name="Durand", emails=["paul.durand@example.com"])
    )
    exchanges.log_interaction(owner, [known.pk], summary="Café")
    batch = imports.import_files(owner, [FIXTURES])
    assert Interaction.objects.owned_by(owner).count() == 7
    undo_batch(owner, batch)
    assert list(Person.objects.owned_by(owner)) == [known]
    assert list(Interaction.objects.owned_by(owner).values_list("summary", flat=True)) == ["Café"]
    assert not Favor.objects.owned_by(owner).exists()
    assert EmailAddress.objects.filter(person=known).count() == 1
    known.refresh_from_db()
    assert known.linkedin_url == "" and known.first_met_on is None


def test_a_batch_is_undone_once(owner, cards):
    batch = imports.import_files(owner, [cards])
    undo_batch(owner, batch)
    with pytest.raises(ValidationError):
        undo_batch(owner, batch)


def test_a_stranger_cannot_undo(owner, stranger, cards):
    batch = imports.import_files(owner, [cards])
    with pytest.raises(PermissionError):
        undo_batch(stranger, batch)
    assert Person.objects.owned_by(owner).count() == 3


def test_importing_again_after_undo_creates_them_again(owner, cards):
    batch = imports.import_files(owner, [cards])
    undo_batch(owner, batch)
    again = imports.import_files(owner, [cards])
    assert again.report["counts"]["people"] == {"created": 3}
