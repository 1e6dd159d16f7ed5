"""CSV export: spreadsheet-friendly, formula-safe, streamed."""

from __future__ import annotations

import csv
import io

import pytest

from entregent import models
from entregent.io.export_csv import (
    BOM,
    INTERACTION_COLUMNS,
    PEOPLE_COLUMNS,
    csv_lines,
    interactions_csv,
    people_csv,
    safe_cell,
    write_csv,
)
from entregent.services import exchanges
from entregent.services.people import PersonData, create_person


def parse(lines) -> list[dict[str, str]]:
    text = "".join(lines)
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Hélène", "Hélène"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, 12),
        (True, "true"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_lines_end_with_crlf_and_start_with_a_bom():
    lines = list(csv_lines(("a", "b"), [["x,y", "line\nbreak"]]))
    assert lines[0] == BOM + "a,b\r\n"
    assert lines[1] == '"x,y","line\nbreak"\r\n'


def test_people_csv(owner):
    helene = create_person(
        owner,
        PersonData(
            first_name="Hélène",
            last_name="=cmd|' /C calc'!A0",
            emails=["helene@example.fr", "lena@example.fr"],
            phones=["+33 6 12 34 56 78"],
            organization="Société Générale",
            title="Directrice",
            birthday="--04-02",
            expertise=["Finance"],
            notes="Deux lignes\net un ; point-virgule",
        ),
    )
    helene.circles.set(models.Circle.objects.owned_by(owner).filter(key="clients"))
    rows = parse(people_csv(owner))
    assert list(rows[0]) == list(PEOPLE_COLUMNS)
    (row,) = rows
    assert row["id"] == str(helene.pk)
    assert row["first_name"] == "Hélène"
    assert row["last_name"] == "'=cmd|' /C calc'!A0"
    assert row["emails"] == "helene@example.fr; lena@example.fr"
    assert row["phones"] == "'+33 6 12 34 56 78"
    assert (row["organization"], row["title"]) == ("Société Générale", "Directrice")
    assert row["birthday"] == "'--04-02"
    assert row["circles"] == "Clients"
    assert row["expertise"] == "Finance"
    assert row["notes"] == "Deux lignes\net un ; point-virgule"
    assert row["archived"] == "false"


def test_interactions_csv(owner):
    marc = create_person(owner, PersonData(first_name="Marc"))
    zoe = create_person(owner, PersonData(first_name="Zoë"))
    exchanges.log_interaction(owner, [marc.pk, zoe.pk], kind="meal", summary="@midi, au club")
    (row,) = parse(interactions_csv(owner))
    assert list(row) == list(INTERACTION_COLUMNS)
    assert row["kind"] == "meal"
    assert row["participants"] == "Marc; Zoë"
    assert row["participant_ids"] == f"{marc.pk}; {zoe.pk}"
    assert row["summary"] == "'@midi, au club"


def test_only_the_owners_rows(owner, stranger):
    create_person(stranger, PersonData(first_name="Sam"))
    assert parse(people_csv(owner)) == []
    assert parse(interactions_csv(owner)) == []


def test_written_to_a_file_it_opens_in_utf8_sig(owner, tmp_path):
    create_person(owner, PersonData(first_name="Zoë"))
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        assert write_csv(handle, people_csv(owner)) == 1
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["first_name"] == "Zoë"


def test_streams_a_chunk_at_a_time(owner, django_assert_max_num_queries):
    for index in range(25):
        create_person(owner, PersonData(first_name=f"P{index}", emails=[f"p{index}@x.fr"]))
    with django_assert_max_num_queries(10):
        assert len(parse(people_csv(owner))) == 25
