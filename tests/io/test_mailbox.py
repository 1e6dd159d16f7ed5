"""Reading mailboxes (mbox, Maildir, .eml): headers only, bulk mail and bad dates skipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from entregent.io import mailbox
from entregent.io.detect import InputFile, collect, detect
from entregent.io.records import InteractionRecord, Skip

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mail"
OWN = ["owner@example.org"]


def read(*paths):
    return list(mailbox.read_mailboxes(collect(list(paths)), OWN))


def test_detected_by_name_by_content_and_as_a_maildir(tmp_path):
    assert detect(collect([FIXTURES / "inbox.mbox"]))[0] == "mailbox"
    assert detect(collect([FIXTURES / "single.eml"]))[0] == "mailbox"
    assert detect(collect([FIXTURES / "Maildir"]))[0] == "mailbox"
    renamed = tmp_path / "Inbox"
    renamed.write_bytes((FIXTURES / "inbox.mbox").read_bytes())
    assert detect(collect([renamed]))[0] == "mailbox"


def test_sent_and_received_messages_with_decoded_names():
    records = read(FIXTURES / "inbox.mbox")
    sent, received, stranger = [r for r in records if isinstance(r, InteractionRecord)]
    assert (sent.external_id, sent.direction, sent.kind) == ("m1@example.org", "outgoing", "email")
    assert sent.summary == "Déjeuner jeudi ?"  # RFC 2047
    assert sent.occurred_at == dt.datetime(2025, 3, 10, 9, tzinfo=dt.UTC)
    assert [(p.email, p.first_name, p.last_name, p.create) for p in sent.participants] == [
        ("helene.dupre@example.fr", "Hélène", "Dupré", True),
        ("paul.durand@example.com", "Paul", "Durand", True),  # "Durand, Paul"; not the owner
    ]
    assert (received.direction, received.where.line) == ("incoming", 12)
    assert [(p.email, p.create) for p in received.participants] == [
        ("helene.dupre@example.fr", True)  # the owner wrote to her
    ]
    assert received.summary == "Re: Déjeuner jeudi ?"  # raw UTF-8 header
    assert [(p.email, p.create) for p in stranger.participants] == [
        ("stranger@example.net", False)  # only ever wrote to the owner: matched, not added
    ]


def test_bulk_mail_and_bad_dates_are_skipped_with_their_position():
    records = read(FIXTURES / "inbox.mbox")
    skips = [(r.code, r.where.line, r.params) for r in records if isinstance(r, Skip)]
    assert skips == [
        ("bulk", 23, {}),  # List-Unsubscribe
        ("bulk", 33, {}),  # noreply@
        ("bad-mail-date", 51, {"value": "the day after tomorrow"}),
        ("bulk", 60, {}),  # Precedence: list
    ]


def test_a_maildir_and_an_eml_file():
    records = read(FIXTURES / "Maildir", FIXTURES / "single.eml")
    assert [(r.external_id, r.direction) for r in records] == [
        ("md1@example.com", "incoming"),
        ("md2@example.org", "outgoing"),
        ("eml1@example.org", "outgoing"),
    ]
    assert records[0].where.file == "Maildir/cur/1741600000.M1P1.host:2,S"


def test_bodies_are_never_parsed_and_a_body_from_line_needs_a_blank_line_before():
    text = (
        b"From a@example.com Mon Jan  6 10:00:00 2025\n"
        b"From: A B <a@example.com>\nTo: owner@example.org\nDate: Mon, 6 Jan 2025 10:00:00 +0000\n"
        b"Subject: one\n\n" + b"x" * 100_000 + b"\nFrom here on, no new message\n\n"
        b"From b@example.com Mon Jan  6 11:00:00 2025\n"
        b"From: C D <c@example.com>\nTo: owner@example.org\nDate: Mon, 6 Jan 2025 11:00:00 +0000\n"
        b"\nbody\n"
    )
    records = list(mailbox.read_mailboxes([InputFile("box.mbox", lambda: text)], OWN))
    assert [r.summary for r in records] == ["one", ""]
    assert [r.where.line for r in records] == [1, 10]
    assert records[1].external_id.startswith("sha256:")  # no Message-ID: a stable digest
    again = list(mailbox.read_mailboxes([InputFile("box.mbox", lambda: text)], OWN))
    assert again[1].external_id == records[1].external_id


def test_a_message_without_a_sender_or_a_date():
    text = b"From x Mon Jan  6 10:00:00 2025\nSubject: none\n\nbody\n\n"
    text += b"From y\nFrom: a@example.com\n\n"
    records = list(mailbox.read_mailboxes([InputFile("box.mbox", lambda: text)], OWN))
    assert [(r.code, r.where.line) for r in records if isinstance(r, Skip)] == [
        ("not-mail", 1),
        ("no-date", 6),
    ]
