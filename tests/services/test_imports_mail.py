"""Importing calendars and mailboxes: people matched by e-mail, directions, recurrences,
skips counted, re-imports that change nothing, dry runs and undo."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from entregent.models import Interaction, Person
from entregent.services import accounts, imports
from entregent.services.import_undo import undo_batch
from entregent.services.people import PersonData, create_person

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures"
ICS = FIXTURES / "ics" / "meetings.ics"
MBOX = FIXTURES / "mail" / "inbox.mbox"
WINDOW = {"since": dt.date(2025, 1, 1), "until": dt.date(2025, 12, 31)}


@pytest.fixture
def paul(owner):
    # Known by another spelling of his address: matched whatever the case.
    return create_person(
        owner, PersonData(first_name="Paul", last_name="Durand", emails=["Paul.Durand@Example.com"])
    )


def skipped(batch):
    return [(entry["code"], entry["where"].get("line")) for entry in batch.report["skipped"]]


def test_calendar_meetings_matched_by_email_with_their_direction(owner, paul):
    batch = imports.import_files(owner, [ICS], **WINDOW)
    assert batch.format == "ics"
    meetings = Interaction.objects.owned_by(owner).filter(source="calendar")
    by_id = {i.external_id: i for i in meetings.prefetch_related("participants")}
    review = by_id["review-2@example.org"]
    assert (review.kind, review.direction) == ("video", "incoming")
    assert [p.pk for p in review.participants.all()] == [paul.pk]  # shared box: not added
    lunch = by_id["lunch-1@example.org"]
    assert (lunch.kind, lunch.direction) == ("meeting", "outgoing")
    (helene,) = lunch.participants.all()
    assert (helene.first_name, helene.last_name) == ("Hélène", "Dupré")
    weekly = sorted(key for key in by_id if key.startswith("weekly-5@"))
    assert len(weekly) == 4  # 6 Jan, 13 Jan (moved), 27 Jan, 3 Feb: the 20th is excluded
    left_out = ["owner@example.org", "rivoli@rooms.example.org", "shared-box@example.com"]
    people = Person.objects.owned_by(owner)
    assert not people.filter(emails__address_normalized__in=left_out).exists()
    assert skipped(batch) == [("cancelled", 27), ("no-attendees", 35)]
    assert batch.report["counts"]["people"]["unknown"] == 1


def test_the_window_limits_recurrences(owner):
    imports.import_files(owner, [ICS], since=dt.date(2025, 1, 20), until=dt.date(2025, 1, 31))
    ids = list(Interaction.objects.owned_by(owner).values_list("external_id", flat=True))
    assert ids == ["weekly-5@example.org:2025-01-27T08:30:00+00:00"]


def test_a_calendar_imported_twice_changes_nothing_and_undo_removes_it(owner, paul):
    first = imports.import_files(owner, [ICS], **WINDOW)
    count = Interaction.objects.owned_by(owner).count()
    people = Person.objects.owned_by(owner).count()
    second = imports.import_files(owner, [ICS], **WINDOW)
    assert Interaction.objects.owned_by(owner).count() == count
    assert Person.objects.owned_by(owner).count() == people
    assert second.report["counts"]["interactions"]["unchanged"] == count
    assert second.created == 0
    undo_batch(owner, first)
    assert not Interaction.objects.owned_by(owner).exists()
    assert list(Person.objects.owned_by(owner)) == [paul]


def test_mailbox_directions_people_added_from_sent_mail_only(owner, paul):
    batch = imports.import_files(owner, [MBOX])
    assert batch.format == "mailbox"
    mails = Interaction.objects.owned_by(owner).filter(kind="email")
    by_id = {i.external_id: i for i in mails.prefetch_related("participants")}
    assert set(by_id) == {"m1@example.org", "m2@example.fr"}
    sent = by_id["m1@example.org"]
    assert sent.direction == "outgoing"
    assert sorted(p.last_name for p in sent.participants.all()) == ["Dupré", "Durand"]
    assert by_id["m2@example.fr"].direction == "incoming"  # Hélène, added by the sent mail
    assert Person.objects.owned_by(owner).count() == 2  # the stranger was not added
    assert skipped(batch) == [
        ("bulk", 23),
        ("bulk", 33),
        ("unknown-people", 42),
        ("bad-mail-date", 51),
        ("bulk", 60),
    ]
    assert batch.report["counts"]["people"]["unknown"] == 1


def test_own_addresses_from_the_profile_and_the_account(owner, tmp_path):
    profile = accounts.profile_for(owner)
    profile.own_emails = "camille.perso@example.net\n"
    profile.save()
    box = tmp_path / "sent.eml"
    box.write_text(
        "From: Camille <Camille.Perso@example.net>\nTo: owner@example.org, Zoë <zoe@example.com>\n"
        "Date: Mon, 6 Jan 2025 10:00:00 +0000\nMessage-ID: <p1@x>\nSubject: hi\n\nbody\n"
    )
    imports.import_files(owner, [box])
    (mail,) = Interaction.objects.owned_by(owner).prefetch_related("participants")
    assert mail.direction == "outgoing"
    assert [p.first_name for p in mail.participants.all()] == ["Zoë"]


def test_mailbox_reimport_dry_run_and_undo(owner, tmp_path):
    folder = tmp_path / "mail"
    shutil.copytree(FIXTURES / "mail", folder)
    preview = imports.import_files(owner, [folder], dry_run=True)
    assert preview.report["counts"]["interactions"]["created"] == 5
    assert not Interaction.objects.owned_by(owner).exists()
    batch = imports.import_files(owner, [folder])
    assert Interaction.objects.owned_by(owner).count() == 5
    again = imports.import_files(owner, [folder])
    assert again.report["counts"]["interactions"]["unchanged"] == 5
    assert Interaction.objects.owned_by(owner).count() == 5
    undo_batch(owner, batch)
    assert not Interaction.objects.owned_by(owner).exists()
    assert not Person.objects.owned_by(owner).exists()
