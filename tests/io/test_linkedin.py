"""Reading a LinkedIn data export (pure Python): the fixture files under fixtures/linkedin/
are synthetic but keep every known mess of the real ones: the "Notes:" preamble, CRLF
line ends, blank and junk rows, empty e-mails, "Connected On" as "27 Nov 2026", a
credential after the last name, UTF-8 read as Latin-1, multi-line messages, drafts, group
threads, a deleted member, several date spellings."""

from __future__ import annotations

import datetime as dt
import io
import locale
import zipfile
from pathlib import Path

import pytest

from entregent.io import detect
from entregent.io.detect import InputFile, collect
from entregent.io.linkedin import read_export, table_name
from entregent.io.linkedin_csv import parse_day, parse_moment, repaired
from entregent.io.records import (
    FavorRecord,
    InteractionRecord,
    Notice,
    OwnerProfile,
    PersonRecord,
    PositionRecord,
    Skip,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "linkedin"
OWNER = "https://www.linkedin.com/in/camille-bernard-owner"


def records():
    """As the import reads them: the files detection keeps."""
    files = collect([FIXTURES])
    _format, ignored = detect.detect(files)
    return list(read_export([item for item in files if item.name not in ignored]))


def of(kind, items):
    return [item for item in items if isinstance(item, kind)]


def zipped(
    folder: Path, target: Path, prefix: str = "Basic_LinkedInDataExport_11-27-2026/"
) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
        archive.writestr("__MACOSX/._Connections.csv", b"\x00\x05junk")
    return target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 Nov 2026", dt.date(2026, 11, 27)),
        ("9 Jan 2021", dt.date(2021, 1, 9)),
        ("03 Feb 2025", dt.date(2025, 2, 3)),
        ("Nov 27, 2026", dt.date(2026, 11, 27)),
        ("2026-11-27 10:15:31 UTC", dt.date(2026, 11, 27)),
        ("2026/05/12 08:33:12 UTC", dt.date(2026, 5, 12)),
        ("11/27/26, 10:15 AM", dt.date(2026, 11, 27)),
        ("03/04/2024", dt.date(2024, 3, 4)),
        ("27 nov. 2026", dt.date(2026, 11, 27)),
        ("31 Foo 2020", None),
        ("31 Feb 2020", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_dates_in_every_spelling(text, expected):
    assert parse_day(text) == expected


def test_english_month_names_whatever_the_locale():
    try:
        previous = locale.setlocale(locale.LC_TIME)
        locale.setlocale(locale.LC_TIME, "fr_FR.UTF-8")
    except locale.Error:
        pytest.skip("no French locale on this machine")
    try:
        assert parse_day("27 Nov 2026") == dt.date(2026, 11, 27)
        assert parse_day("12 Dec 2022") == dt.date(2022, 12, 12)
    finally:
        locale.setlocale(locale.LC_TIME, previous)


def test_times_are_utc_and_twelve_hour_clocks_are_read():
    assert parse_moment("11/27/26, 6:12 PM") == dt.datetime(2026, 11, 27, 18, 12, tzinfo=dt.UTC)
    assert parse_moment("11/27/26, 12:05 AM") == dt.datetime(2026, 11, 27, 0, 5, tzinfo=dt.UTC)
    assert parse_moment("2026-11-20 09:15:02 UTC") == dt.datetime(
        2026, 11, 20, 9, 15, 2, tzinfo=dt.UTC
    )


def test_latin1_mojibake_is_repaired():
    assert repaired("HÃ©lÃ¨ne") == "Hélène"
    assert repaired("Hélène") == "Hélène"
    assert repaired("Ã") == "Ã"  # not valid UTF-8 once re-encoded: kept as it is


def test_connections_after_the_notes_preamble_with_their_lines():
    people = of(PersonRecord, records())
    helene = people[0]
    assert (helene.first_name, helene.last_name) == ("Hélène", "Dupré")
    assert helene.where.file == "linkedin/Connections.csv"
    assert helene.where.line == 5  # Notes, its paragraph, a blank line, the header
    assert helene.emails == [("Helene.Dupre@Example.fr", "")]
    assert helene.organization == "Société Générale"
    assert helene.title == "Directrice financière"
    assert helene.first_met_on == dt.date(2026, 11, 27)
    assert helene.circle_keys == ["online-networks"]
    assert helene.linkedin_url == "https://www.linkedin.com/in/helene-dupre-4a1b2c"


def test_connections_messy_rows():
    items = records()
    people = {f"{p.first_name} {p.last_name}": p for p in of(PersonRecord, items)}
    assert people["Marc Lefèvre"].emails == []  # an empty e-mail
    assert people["Chloé O'Brien"].organization == "Globex, Inc."
    assert people["Chloé O'Brien"].title == "Head of Sales, EMEA"
    assert people["Jean Martin"].suffix == "PhD"
    assert "Hélène Moreau" in people  # repaired
    assert people["Anna Schmidt"].first_met_on is None
    notice = next(n for n in people["Anna Schmidt"].notices)
    assert (notice.code, notice.where.line) == ("bad-date", 12)
    # Blank rows (",,,,,," and spaces) are not records; a row with no name is a skip.
    skips = [s for s in of(Skip, items) if s.where.file.endswith("Connections.csv")]
    assert [(s.where.line, s.code) for s in skips] == [(13, "no-name")]
    assert (
        len([p for p in of(PersonRecord, items) if p.where.file.endswith("Connections.csv")]) == 8
    )


def test_connections_without_some_columns_and_with_short_rows(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Company\n"
        "Jean,Dupont,https://www.linkedin.com/in/jean-dupont,Globex\n"
        "Léa,Martin\n",
        encoding="utf-8",
    )
    people = of(PersonRecord, read_export(collect([path])))
    assert [(p.first_name, p.linkedin_url, p.organization, p.emails) for p in people] == [
        ("Jean", "https://www.linkedin.com/in/jean-dupont", "Globex", []),
        ("Léa", "", "", []),
    ]
    assert all(p.first_met_on is None and p.current_job for p in people)


def test_owner_is_the_non_connection_in_every_conversation():
    items = records()
    assert items[0] == OwnerProfile(OWNER)


def test_messages_become_one_interaction_per_conversation_and_day():
    interactions = [
        i for i in of(InteractionRecord, records()) if i.where.file.endswith("messages.csv")
    ]
    by_id = {i.external_id: i for i in interactions}
    first_day = by_id["2-conv-helene:2026-11-20"]
    assert first_day.direction == "mutual"  # she answered the same day
    assert first_day.kind == "message"
    assert first_day.summary == "Bonjour Hélène, ravie de notre échange au salon !"  # no <p>
    assert [p.linkedin_url for p in first_day.participants] == [
        "https://www.linkedin.com/in/helene-dupre-4a1b2c"
    ]
    assert by_id["2-conv-helene:2026-11-22"].direction == "outgoing"
    group = by_id["2-conv-lyon:2026-10-05"]
    assert group.direction == "incoming"
    assert group.summary == "Projet Lyon"
    assert {p.linkedin_url for p in group.participants} == {
        "https://www.linkedin.com/in/marclefevre",
        "https://www.linkedin.com/in/chloe-obrien",
    }
    assert by_id["2-conv-recruiter:2026-08-14"].participants[0].first_name == "Karim"
    # The deleted member's message has no one left but the owner.
    assert by_id["2-conv-deleted:2026-07-01"].participants == []


def test_drafts_and_unreadable_dates_are_skipped_with_their_line():
    skips = [s for s in of(Skip, records()) if s.where.file.endswith("messages.csv")]
    assert sorted((s.where.line, s.code) for s in skips) == [(7, "draft"), (10, "bad-date")]


def test_invitations_recommendations_endorsements_positions():
    items = records()
    invitations = [i for i in of(InteractionRecord, items) if i.kind == "social"]
    assert [(i.direction, i.participants[0].last_name) for i in invitations] == [
        ("outgoing", "Schmidt"),
        ("incoming", "Petit"),
    ]
    favors = of(FavorRecord, items)
    assert {(f.given, f.person.last_name, f.kind) for f in favors} == {
        (True, "Lefèvre", "recommendation"),
        (True, "Haddad", "recommendation"),
        (False, "Dupré", "recommendation"),
        (True, "Durand", "recommendation"),
        (False, "O'Brien", "recommendation"),
    }
    endorsed = next(f for f in favors if f.person.last_name == "Durand")
    assert endorsed.description == "✓ Python"
    assert endorsed.occurred_on == dt.date(2025, 11, 3)
    positions = of(PositionRecord, items)
    assert [(p.company, p.started, p.finished) for p in positions] == [
        ("Conseil Bernard", "Jan 2022", ""),
        ("Société Générale", "Sep 2015", "Dec 2021"),
    ]


def test_a_renamed_connections_file_is_known_by_its_header(tmp_path):
    target = tmp_path / "mes-contacts.csv"
    target.write_bytes((FIXTURES / "Connections.csv").read_bytes())
    (item,) = collect([target])
    assert table_name(item) == "connections.csv"
    assert detect.detect([item]) == ("linkedin", [])
    assert len(of(PersonRecord, read_export([item]))) == 8


def test_a_table_it_does_not_read_is_reported():
    item = InputFile("export/Ad_Targeting.csv", lambda: b"Member Age,Company Names\n25,Acme\n")
    (skip,) = list(read_export([item]))
    assert (skip.code, skip.where.file) == ("unknown-table", "export/Ad_Targeting.csv")


def test_a_table_without_its_header_is_reported():
    item = InputFile("Connections.csv", lambda: b"Name,Where\nJean,Lyon\n")
    (skip,) = list(read_export([item]))
    assert skip.code == "no-header"
    assert "first name" in skip.params["columns"]


def test_the_zip_and_the_folder_read_the_same(tmp_path):
    archive = zipped(FIXTURES, tmp_path / "export.zip")
    files = collect([archive])
    assert all(f.name.startswith("export.zip/Basic_LinkedInDataExport") for f in files)
    fmt, ignored = detect.detect(files)
    assert fmt == "linkedin"
    assert [name.rsplit("/", 1)[-1] for name in ignored] == ["Ad_Targeting.csv"]
    from_zip = [r for r in read_export(files) if isinstance(r, PersonRecord)]
    from_folder = of(PersonRecord, records())
    assert [p.last_name for p in from_zip] == [p.last_name for p in from_folder]


def test_notices_name_the_owner_unknown_when_nobody_can_be_told():
    messages = (FIXTURES / "messages.csv").read_text(encoding="utf-8").splitlines()
    single = "\n".join([messages[0], messages[1]]).encode()  # one conversation, no connections
    items = list(read_export([InputFile("messages.csv", lambda: single)]))
    assert not of(OwnerProfile, items)
    assert [n.code for n in of(Notice, items)] == ["owner-unknown"]
    assert of(InteractionRecord, items)[0].direction == "mutual"


def test_detect_formats(tmp_path):
    vcf = tmp_path / "carnet.txt"
    vcf.write_bytes(b"\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jean\r\nEND:VCARD\r\n")
    assert detect.detect(collect([vcf])) == ("vcard", [])
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(detect.DetectError) as error:
        detect.detect(collect([other]))
    assert (error.value.code, error.value.params) == ("unknown", {"file": "notes.txt"})
    with pytest.raises(detect.DetectError) as error:
        detect.detect(collect([vcf, FIXTURES / "Connections.csv"]))
    assert error.value.code == "mixed"
    with pytest.raises(detect.DetectError) as error:
        collect([tmp_path / "missing.vcf"])
    assert error.value.code == "missing"
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(detect.DetectError) as error:
        collect([broken])
    assert error.value.code == "bad-zip"


def test_a_zip_of_vcards(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("contacts/a.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n")
        archive.writestr("contacts/b.VCF", "BEGIN:VCARD\nVERSION:3.0\nFN:B\nEND:VCARD\n")
        archive.writestr("contacts/.DS_Store", "junk")
    target = tmp_path / "cards.zip"
    target.write_bytes(buffer.getvalue())
    files = collect([target])
    assert [f.name for f in files] == ["cards.zip/contacts/a.vcf", "cards.zip/contacts/b.VCF"]
    assert detect.detect(files) == ("vcard", [])
