"""Reading iCalendar files: meetings with attendees, recurrences within a window, skips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from entregent.io import ics
from entregent.io.detect import InputFile, collect, detect
from entregent.io.records import InteractionRecord, Skip

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ics"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "ics"
OWN = ["owner@example.org"]
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def read(path=FIXTURES / "meetings.ics", **window):
    window.setdefault("since", dt.date(2025, 1, 1))
    return list(ics.read_calendars(collect([path]), OWN, now=NOW, **window))


def interactions(records):
    return {r.external_id: r for r in records if isinstance(r, InteractionRecord)}


def test_detected_by_name_and_by_content(tmp_path):
    assert detect(collect([FIXTURES / "meetings.ics"]))[0] == "ics"
    renamed = tmp_path / "calendar.txt"
    renamed.write_bytes((FIXTURES / "meetings.ics").read_bytes())  # with its byte-order mark
    assert detect(collect([renamed]))[0] == "ics"


def test_a_meeting_names_its_attendees_but_the_owner_and_rooms():
    lunch = interactions(read())["lunch-1@example.org"]
    assert lunch.kind == "meeting"
    assert lunch.direction == "outgoing"  # the owner organised it (address in capitals)
    assert lunch.occurred_at == dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC)
    assert [(p.email, p.first_name, p.last_name) for p in lunch.participants] == [
        ("helene.dupre@example.fr", "Hélène", "Dupré")
    ]
    assert lunch.where.line == 4


def test_a_video_call_with_a_windows_time_zone_and_tab_folding():
    review = interactions(read())["review-2@example.org"]
    assert review.kind == "video"  # a Zoom link in the location
    assert review.direction == "incoming"
    # "Romance Standard Time" is Paris: 10:00 in April is 08:00 UTC.
    assert review.occurred_at == dt.datetime(2025, 4, 2, 8, tzinfo=dt.UTC)
    paul, shared = review.participants
    assert (paul.email, paul.create) == ("paul.durand@example.com", True)
    assert (shared.email, shared.create) == ("shared-box@example.com", False)  # no name


def test_recurrences_expanded_within_the_window_with_exdate_and_a_moved_occurrence():
    found = interactions(read())
    weekly = sorted(key for key in found if key.startswith("weekly-5@"))
    assert weekly == [
        "weekly-5@example.org:2025-01-06T08:30:00+00:00",
        "weekly-5@example.org:2025-01-13T08:30:00+00:00",  # moved to the 14th
        "weekly-5@example.org:2025-01-27T08:30:00+00:00",  # the 20th is an EXDATE
        "weekly-5@example.org:2025-02-03T08:30:00+00:00",  # UNTIL is inclusive
    ]
    moved = found["weekly-5@example.org:2025-01-13T08:30:00+00:00"]
    assert moved.occurred_at == dt.datetime(2025, 1, 14, 15, tzinfo=dt.UTC)
    assert found["weekly-5@example.org:2025-01-06T08:30:00+00:00"].kind == "video"


def test_the_window_bounds_occurrences_and_the_future_is_left_out():
    found = interactions(read(since=dt.date(2025, 1, 20), until=dt.date(2025, 1, 31)))
    assert sorted(found) == ["weekly-5@example.org:2025-01-27T08:30:00+00:00"]
    default = interactions(list(ics.read_calendars(collect([FIXTURES / "meetings.ics"]), OWN)))
    assert "future-6@example.org" not in default
    assert "old-7@example.org" not in default  # more than three years ago


def test_cancelled_and_lonely_events_are_skipped_with_their_line():
    skips = [(r.code, r.where.line) for r in read() if isinstance(r, Skip)]
    assert skips == [("cancelled", 27), ("no-attendees", 35)]


def test_a_weekly_event_in_a_floating_time_with_a_count():
    text = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:f@x\r\nDTSTART:20250101T100000\r\n"
        "RRULE:FREQ=DAILY;COUNT=3\r\nEXDATE:20250102T100000\r\n"
        "ORGANIZER:mailto:a@example.com\r\nATTENDEE;CN=A B:mailto:a@example.com\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    records = interactions(
        ics.read_calendars(
            [InputFile("floating.ics", text.encode)], OWN, since=dt.date(2025, 1, 1), now=NOW
        )
    )
    assert sorted(r.occurred_at.day for r in records.values()) == [1, 3]


def test_not_a_calendar_is_reported():
    broken = InputFile("x.ics", lambda: b"\x00\x01 not a calendar")
    (skip,) = ics.read_calendars([broken], OWN)
    assert isinstance(skip, Skip)
    assert (skip.code, skip.where.file) == ("not-calendar", "x.ics")


SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.ics")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_shared_samples_read_without_error(name):
    records = list(
        ics.read_calendars(collect([SAMPLES / name]), OWN, since=dt.date(2000, 1, 1), now=NOW)
    )
    for record in records:
        assert isinstance(record, (InteractionRecord, Skip))
        if isinstance(record, InteractionRecord):
            assert record.occurred_at.tzinfo is not None
            assert record.participants
