"""vCard export: the Person → Card mapping, stable UIDs, one file or a vdir."""

from __future__ import annotations

import base64
import datetime as dt
import io
import os

import pytest
import vobject

from entregent.io.export_vcard import (
    iter_cards,
    people_for_export,
    person_card,
    person_uid,
    write_one_file,
    write_vdir,
)
from entregent.io.vcard import Card, PartialDate, read_vcards
from entregent.services import people as people_service
from entregent.services.people import PersonData, create_person
from tests.io.conftest import JPEG, NOTE


def card_of(owner, person) -> Card:
    loaded = people_for_export(owner).get(pk=person.pk)
    return person_card(loaded, person_uid(owner, person.pk))


def reread(text: str) -> Card:
    (card,) = read_vcards(text.encode("utf-8"))
    assert isinstance(card, Card)
    return card


def test_person_to_card(owner, helene):
    card = card_of(owner, helene)
    assert card.formatted_name == "Hélène Marie Dupré-Lefèvre"
    assert (card.prefix, card.first_name, card.middle_name, card.last_name) == (
        "Dr",
        "Hélène",
        "Marie",
        "Dupré-Lefèvre",
    )
    assert card.nickname == "Léna"
    assert card.organization == "Dupont, Fils & Cie; Lyon"
    assert card.title == "Directrice financière"
    assert [(e.value, e.labels, e.preferred) for e in card.emails] == [
        ("helene@societe.fr", (), True),
        ("lena@maison.fr", ("home",), False),
    ]
    assert [(p.value, p.labels) for p in card.phones] == [
        ("+33 6 12 34 56 78", ("cell",)),
        ("+44 20 7946 0958", ()),
    ]
    assert [(u.value, u.labels) for u in card.urls] == [
        ("https://www.linkedin.com/in/helene", ("linkedin",)),
        ("https://helene.example", ()),
    ]
    assert card.birthday == PartialDate(1980, 4, 2)
    assert card.addresses[0].locality == "Lyon"
    assert card.categories == ["Clients"]
    assert card.note == NOTE
    assert card.photo == JPEG
    assert card.photo_type == "image/jpeg"


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_written_cards_read_back_the_same(owner, helene, version):
    text = "".join(card.text for card in iter_cards(owner, version))
    assert text.count("BEGIN:VCARD") == 1
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "ORG:Dupont\\, Fils & Cie\\; Lyon" in text
    assert "\\nChemin: C:\\\\dossiers\\\\clients" in text.replace("\r\n ", "")
    back = reread(text)
    expected = card_of(owner, helene)
    for name in ("uid", "formatted_name", "first_name", "last_name", "middle_name", "prefix"):
        assert getattr(back, name) == getattr(expected, name), name
    assert (back.organization, back.title, back.note) == (
        "Dupont, Fils & Cie; Lyon",
        expected.title,
        NOTE,
    )
    assert [e.value for e in back.emails] == [e.value for e in expected.emails]
    assert [p.value for p in back.phones] == [p.value for p in expected.phones]
    assert back.birthday == PartialDate(1980, 4, 2)
    assert back.photo == JPEG
    assert back.categories == ["Clients"]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_a_strict_reader_understands_the_cards(owner, helene, version):
    text = "".join(card.text for card in iter_cards(owner, version))
    card = vobject.readOne(text, validate=True)
    assert card.fn.value == "Hélène Marie Dupré-Lefèvre"
    assert card.n.value.family == "Dupré-Lefèvre"
    assert card.note.value == NOTE
    assert card.org.value[0] == "Dupont, Fils & Cie; Lyon" or card.org.value == [
        "Dupont, Fils & Cie; Lyon"
    ]
    assert sorted(email.value for email in card.email_list) == [
        "helene@societe.fr",
        "lena@maison.fr",
    ]
    if version == "3.0":
        assert base64.b64decode(card.photo.value) == JPEG or card.photo.value == JPEG
    else:  # the whole data: URI, not cut at its comma
        assert card.photo.value == "data:image/jpeg;base64," + base64.b64encode(JPEG).decode()


def test_birthday_without_a_year(owner):
    person = create_person(owner, PersonData(first_name="Ana", birthday="--03-15"))
    assert card_of(owner, person).birthday == PartialDate(None, 3, 15)
    for version in ("3.0", "4.0"):
        (card,) = iter_cards(owner, version)
        assert "\r\nBDAY:--0315\r\n" in card.text, version
        assert reread(card.text).birthday == PartialDate(None, 3, 15)


def test_a_person_with_only_a_nickname(owner):
    person = create_person(owner, PersonData(nickname="Doc"))
    card = card_of(owner, person)
    assert card.formatted_name == "Doc"
    assert reread(write_one_text(owner)).nickname == "Doc"


def write_one_text(owner, version="3.0") -> str:
    stream = io.BytesIO()
    write_one_file(owner, stream, version)
    return stream.getvalue().decode("utf-8")


def test_uids_are_stable_unique_and_per_account(owner, stranger):
    first = create_person(owner, PersonData(first_name="A"))
    second = create_person(owner, PersonData(first_name="B"))
    theirs = create_person(stranger, PersonData(first_name="C"))
    uids = [card.uid for card in iter_cards(owner)]
    assert uids == [card.uid for card in iter_cards(owner)]
    assert len(set(uids)) == 2
    assert person_uid(owner, first.pk) != person_uid(owner, second.pk)
    assert person_uid(stranger, first.pk) != person_uid(owner, first.pk)
    assert [card.uid for card in iter_cards(stranger)] == [person_uid(stranger, theirs.pk)]
    first.first_name = "Alice"
    first.save()
    assert person_uid(owner, first.pk) in [card.uid for card in iter_cards(owner)]


def test_archived_people_stay_out_unless_asked(owner):
    person = create_person(owner, PersonData(first_name="Ancien"))
    people_service.set_archived(owner, person, archived=True)
    assert list(iter_cards(owner)) == []
    assert len(list(iter_cards(owner, include_archived=True))) == 1


def test_one_file_holds_every_card(owner):
    for index in range(5):
        create_person(owner, PersonData(first_name=f"P{index}", emails=[f"p{index}@x.fr"]))
    text = write_one_text(owner, "4.0")
    cards = [item for item in read_vcards(text.encode()) if isinstance(item, Card)]
    assert [card.first_name for card in cards] == [f"P{index}" for index in range(5)]
    assert all(card.version == "4.0" for card in cards)


def test_vdir_one_file_per_uid_unchanged_files_kept_stale_ones_pruned(owner, tmp_path):
    people = [create_person(owner, PersonData(first_name=f"P{i}")) for i in range(3)]
    folder = tmp_path / "contacts"
    report = write_vdir(owner, folder)
    assert (report.written, report.unchanged, report.removed) == (3, 0, 0)
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(f"{person_uid(owner, p.pk)}.vcf" for p in people)
    for path in folder.iterdir():
        assert reread(path.read_text(encoding="utf-8")).uid == path.stem
    kept = folder / f"{person_uid(owner, people[0].pk)}.vcf"
    old = dt.datetime(2020, 1, 1).timestamp()
    os.utime(kept, (old, old))

    people[1].first_name = "Changé"
    people[1].save()
    people_service.set_archived(owner, people[2], archived=True)
    (folder / "someone-else.vcf").write_text("BEGIN:VCARD\r\nEND:VCARD\r\n")
    report = write_vdir(owner, folder, prune=True)

    assert (report.written, report.unchanged, report.removed) == (1, 1, 2)
    assert kept.stat().st_mtime == old
    assert len(list(folder.glob("*.vcf"))) == 2
    assert not list(folder.glob(".*"))  # no temporary file left behind


def test_progress_is_reported(owner):
    for index in range(3):
        create_person(owner, PersonData(first_name=f"P{index}"))
    seen = []
    list(iter_cards(owner, progress=lambda done, total: seen.append((done, total))))
    assert seen[-1] == (3, 3)


def test_reads_a_fixed_number_of_queries(owner, django_assert_max_num_queries):
    for index in range(30):
        create_person(owner, PersonData(first_name=f"P{index}", emails=[f"p{index}@x.fr"]))
    with django_assert_max_num_queries(10):
        assert len(list(iter_cards(owner))) == 30
