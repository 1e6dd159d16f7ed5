"""Reading address-book CSV exports: encodings, separators, layouts, dates, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from entregent.io import csv_contacts
from entregent.io.detect import InputFile, collect, detect
from entregent.io.records import PersonRecord, Skip

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "csv"


def read(name: str, mapping: str = "") -> list:
    path = FIXTURES / name
    pairs = csv_contacts.parse_mapping(mapping) if mapping else None
    return list(csv_contacts.records([InputFile(name, path.read_bytes)], pairs))


def people(found: list) -> dict[str, PersonRecord]:
    return {f"{r.first_name} {r.last_name}": r for r in found if isinstance(r, PersonRecord)}


def test_google_current_layout_reads_every_value_and_the_primary_mark():
    found = read("google-contacts.csv")
    helene = people(found)["Hélène Dupré"]
    assert helene.emails == [
        ("helene.dupre@example.fr", "work"),
        ("h.dupre@example.com", "work"),
        ("helene@example.org", "home"),
    ]
    assert [phone for phone, _label in helene.phones] == [
        "+33 6 12 34 56 78",
        "06 98 76 54 32",
        "04 78 12 34 56",
    ]
    assert helene.phones[0][1] == "mobile"
    assert helene.birthday == (1985, 3, 15)
    assert (helene.organization, helene.title) == ("Société Générale", "Directrice financière")
    assert (helene.city, helene.country, helene.region) == ("Lyon", "FR", "FR")
    assert helene.categories == ["myContacts", "Amis", "Randonnée"]
    assert helene.links == ["https://www.linkedin.com/in/helene-dupre"]
    assert helene.where.line == 2
    assert people(found)["François Lefèvre"].birthday == (None, 7, 14)


def test_google_old_layout_and_a_bad_row_named_by_its_line():
    found = read("google-contacts-old.csv")
    jerome = people(found)["Jérôme Bénard"]
    assert jerome.emails == [("jerome.benard@example.fr", "work")]
    assert jerome.categories == ["myContacts", "Collègues", "Vélo"]
    assert (jerome.organization, jerome.title) == ("Acme SARL", "Ingénieur")
    zoe = people(found)["Zoé Perrin"]
    assert zoe.notes == "Ligne 1\nLigne 2"
    (skip,) = [r for r in found if isinstance(r, Skip)]
    assert (skip.where.file, skip.where.line, skip.code) == (
        "google-contacts-old.csv",
        5,
        "csv-bad-row",
    )


def test_outlook_french_in_windows_1252_with_semicolons():
    found = read("outlook-fr.csv")
    amelie = people(found)["Amélie Lefèvre-Duchêne"]
    assert amelie.prefix == "Mme"
    assert (amelie.organization, amelie.title) == ("Cabinet Bérard & Associés", "Avocate")
    assert amelie.emails == [("amelie@example.fr", ""), ("a.lefevre@example.com", "")]
    assert amelie.phones == [("02 40 12 34 56", "work"), ("06 12 12 12 12", "mobile")]
    assert amelie.birthday == (1985, 3, 15)
    assert amelie.categories == ["Clients", "Œnologie"]
    gerard = people(found)["Gérard Noël"]
    assert gerard.birthday is None and not gerard.notices  # 0/0/00: no date, no complaint
    sebastien = people(found)["Sébastien Mercier"]
    assert sebastien.birthday is None
    assert [notice.code for notice in sebastien.notices] == ["bad-date"]


def test_outlook_english_reads_dates_month_first():
    (john,) = people(read("outlook-en.csv")).values()
    assert john.prefix == "Mr."
    assert john.birthday == (1980, 3, 4)
    assert (john.organization, john.title) == ("Globex", "Sales Director")
    assert john.country == "US"
    assert john.categories == ["Customers", "Golf"]


def test_thunderbird():
    found = people(read("thunderbird.csv"))
    lea = found["Léa Rousseau"]
    assert lea.emails == [("lea@example.fr", ""), ("lea.r@example.org", "")]
    assert lea.birthday == (1990, 7, 1)
    assert lea.phones == [("06 55 44 33 22", "mobile")]
    assert found["Marc Antoine Durand"].emails == [("marc@example.fr", "")]


def test_a_mapping_reads_any_table():
    mapping = (
        "first_name=Prénom,last_name=Nom,emails=Courriel,phones=Portable,"
        "company=Entreprise,birthday=Naissance,labels=Groupes"
    )
    (ines,) = people(read("custom.csv", mapping)).values()
    assert ines.emails == [("ines@example.fr", "")]
    assert ines.organization == "Atelier Gauthier"
    assert ines.birthday == (1992, 11, 5)
    assert ines.categories == ["Voisins", "Jardinage"]


def test_an_unknown_table_without_mapping_is_reported():
    (skip,) = read("custom.csv")
    assert skip.code == "csv-unknown-columns" and skip.where.line == 1


def test_a_mapping_naming_a_missing_column_is_reported():
    (skip,) = read("custom.csv", "first_name=Vorname")
    assert (skip.code, skip.params) == ("csv-no-column", {"column": "Vorname"})


@pytest.mark.parametrize("text", ["first_name", "shoe_size=Pointure", "emails="])
def test_a_bad_mapping_is_refused(text):
    with pytest.raises(csv_contacts.MappingError):
        csv_contacts.parse_mapping(text)


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("15/03/1985", False, (1985, 3, 15)),
        ("03/04/1985", True, (1985, 4, 3)),
        ("03/04/1985", False, (1985, 3, 4)),
        ("1985-03-15", False, (1985, 3, 15)),
        ("--03-15", False, (None, 3, 15)),
        ("15.03.85", True, (1985, 3, 15)),
        ("15/03/1985 00:00:00", True, (1985, 3, 15)),
        ("15 mars 1985", True, (1985, 3, 15)),
        ("n'importe quoi", True, None),
    ],
)
def test_birthdays(value, day_first, expected):
    assert csv_contacts.parse_birthday(value, day_first=day_first) == expected


def test_tab_separated_and_detection(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_text("Given Name\tFamily Name\tE-mail 1 - Value\nAnaïs\tRoy\tanais@example.fr\n")
    files = collect([path, FIXTURES / "outlook-fr.csv", FIXTURES / "google-contacts.csv"])
    assert detect(files) == ("csv", [])
    (anais,) = people(list(csv_contacts.records(files[:1]))).values()
    assert anais.emails == [("anais@example.fr", "")]


def test_a_linkedin_connections_file_is_not_taken_for_an_address_book():
    linkedin = Path(__file__).resolve().parent / "fixtures" / "linkedin" / "Connections.csv"
    assert detect(collect([linkedin]))[0] == "linkedin"
