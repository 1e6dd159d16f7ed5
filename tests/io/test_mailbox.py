"""Reading mailboxes (mbox, Maildir, .eml): headers only, bulk mail and bad dates skipped."""

from __future__ import annotations

import datetime as dt
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from entregent.io import detect as detect_module
from entregent.io import mailbox
from entregent.io.detect import DetectError, InputFile, collect, detect
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


# --- A whole ~/Maildir in the Maildir++ layout ------------------------------------------------


def message(sender, to, subject, *, day=1, message_id="", extra=""):
    return (
        f"From: {sender}\nTo: {to}\nSubject: {subject}\n"
        f"Date: Mon, {day} Sep 2025 10:00:00 +0000\nMessage-ID: <{message_id or subject}@x>\n"
        f"{extra}\nBody.\n"
    ).encode()


def maildir_plus_plus(root):
    """A Dovecot/Courier ~/Maildir: INBOX at the top, each folder a dot-folder beside it."""
    files = {
        "cur/1.M1:2,S": message("Lou Petit <lou@example.fr>", "owner@example.org", "inbox"),
        # Sent from an address the owner did not list as theirs: the folder says it is.
        ".Sent/cur/2.M2:2,S": message(
            "Camille <camille@old-job.example>", "Lou Petit <lou@example.fr>", "sent", day=2
        ),
        ".Sent/cur/3.M3:2,S": message(
            "Camille <camille@old-job.example>", "Max Roy <max@example.net>", "sent2", day=3
        ),
        ".Archive/cur/4.M4:2,RS": message(
            "Max Roy <max@example.net>", "camille@old-job.example", "archived", day=4
        ),
        ".INBOX.Sub/new/5.M5": message(
            "Ana Lima <ana@example.com>", "owner@example.org", "sub", day=5
        ),
        ".Archive.2024/cur/6.M6:2,S": message(
            "Shop <news@shop.example>",
            "owner@example.org",
            "promo",
            day=6,
            extra="List-Id: <news.shop.example>\n",
        ),
        # Never sent, or never wanted: counted, not read.
        ".Drafts/cur/7.M7:2,DS": message("owner@example.org", "max@example.net", "draft"),
        ".Junk/cur/8.M8:2,S": message("Win <win@spam.example>", "owner@example.org", "spam"),
        "cur/9.M9:2,DS": message("owner@example.org", "lou@example.fr", "draft flag"),
        # Not messages: a message being written, bookkeeping, another tool's hidden folder.
        ".Sent/tmp/10.M10": message("owner@example.org", "x@example.net", "half written"),
        ".Sent/maildirfolder": b"",
        ".notmuch/xapian/new/11": message("Bob <bob@example.net>", "owner@example.org", "db"),
        "cur/.12.M12:2,S": message("Bob <bob@example.net>", "owner@example.org", "hidden"),
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for folder in ("new", "tmp", ".Sent/new", ".Junk/new", ".Drafts/new"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    return root


def summaries(records):
    found = {}
    for record in records:
        if isinstance(record, InteractionRecord):
            people = [(p.email, p.create) for p in record.participants]
            found[record.summary] = (record.direction, people)
        else:
            found[record.where.file.rsplit("/", 1)[-1]] = record.code
    return found


def test_the_folders_of_a_maildir_plus_plus_are_read_and_sent_mail_is_outgoing(tmp_path):
    root = maildir_plus_plus(tmp_path / "Maildir")
    files = collect([root])
    assert detect(files) == ("mailbox", [])
    assert sorted(item.name for item in files) == [
        "Maildir/.Archive.2024/cur/6.M6:2,S",
        "Maildir/.Archive/cur/4.M4:2,RS",
        "Maildir/.Drafts/cur/7.M7:2,DS",
        "Maildir/.INBOX.Sub/new/5.M5",
        "Maildir/.Junk/cur/8.M8:2,S",
        "Maildir/.Sent/cur/2.M2:2,S",
        "Maildir/.Sent/cur/3.M3:2,S",
        "Maildir/cur/1.M1:2,S",
        "Maildir/cur/9.M9:2,DS",
    ]
    assert summaries(mailbox.read_mailboxes(files, OWN)) == {
        "inbox": ("incoming", [("lou@example.fr", True)]),  # the owner wrote to Lou, from Sent
        "sent": ("outgoing", [("lou@example.fr", True)]),
        "sent2": ("outgoing", [("max@example.net", True)]),
        # To the address the owner sent from: theirs, not a participant.
        "archived": ("incoming", [("max@example.net", True)]),
        "sub": ("incoming", [("ana@example.com", False)]),
        "6.M6:2,S": "bulk",
        "7.M7:2,DS": "draft",
        "8.M8:2,S": "junk",
        "9.M9:2,DS": "draft",
    }


def test_a_maildir_plus_plus_in_a_zip_and_folder_names_in_other_languages(tmp_path):
    root = tmp_path / "Maildir"
    for name, data in {
        ".Envoy&AOk-s/cur/1.M1:2,S": message("me@example.org", "Léa <lea@example.fr>", "envoyé"),
        ".INBOX.Sent Items/cur/2.M2:2,S": message("me@example.org", "al@example.net", "sent"),
        ".Courrier ind&AOk-sirable/cur/3.M3:2,S": message("x@spam.example", "me@x", "spam"),
        ".Brouillons/cur/4.M4:2,S": message("me@example.org", "al@example.net", "brouillon"),
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    archive = tmp_path / "mail.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(root.rglob("*")):
            out.write(path, path.relative_to(tmp_path).as_posix())
    found = summaries(mailbox.read_mailboxes(collect([archive]), []))
    assert found == {
        "envoyé": ("outgoing", [("lea@example.fr", True)]),
        "sent": ("outgoing", [("al@example.net", True)]),
        "3.M3:2,S": "junk",
        "4.M4:2,S": "draft",
    }


def test_an_mbox_named_sent_is_outgoing():
    text = b"From x\n" + message("Camille <camille@old-job.example>", "lou@example.fr", "hi")
    for name in ("Sent", "Sent Messages.mbox/mbox", "Mail/Envoyés.mbox", "Mail/Sent.sbd/Work"):
        item = InputFile(name, lambda: text)
        (record,) = mailbox.read_mailboxes([item], OWN)
        assert (record.direction, record.participants[0].create) == ("outgoing", True), name


# --- An mbox in a zip archive is streamed ----------------------------------------------------


def test_an_mbox_in_a_zip_is_read_as_a_stream(tmp_path):
    body = (b"x" * 1000 + b"\n") * 1000  # 1 MB a message, 24 MB in all
    archive = tmp_path / "takeout.zip"
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out,
        out.open("Takeout/Mail/All mail.mbox", "w") as stream,
    ):
        for day in range(1, 25):
            headers = message("ana@example.com", "owner@example.org", f"m{day}", day=day)
            stream.write(b"From x\n" + headers + body + b"\n")
    files = collect([archive])
    assert detect(files)[0] == "mailbox"
    tracemalloc.start()
    try:
        records = list(mailbox.read_mailboxes(files, OWN))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [record.summary for record in records] == [f"m{day}" for day in range(1, 25)]
    assert peak < 4 * 2**20, f"{peak / 2**20:.1f} MiB held while reading a 24 MB mbox"


def test_a_message_file_named_like_a_folder_is_still_read(tmp_path):
    (tmp_path / "Spam.eml").write_bytes(message("Ana <ana@example.com>", "owner@example.org", "s"))
    (record,) = read(tmp_path / "Spam.eml")
    assert record.summary == "s"


def test_maildir_messages_are_not_counted_as_files(tmp_path, monkeypatch):
    monkeypatch.setattr(detect_module, "MAX_FILES", 2)
    for number in range(5):
        path = tmp_path / "Maildir" / ".Sent" / "cur" / f"{number}.M:2,S"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(message("owner@example.org", "al@example.net", f"m{number}"))
        (tmp_path / "loose" / f"{number}.eml").parent.mkdir(exist_ok=True)
        (tmp_path / "loose" / f"{number}.eml").write_bytes(path.read_bytes())
    assert len(collect([tmp_path / "Maildir"])) == 5
    with pytest.raises(DetectError, match="too-many"):
        collect([tmp_path / "loose"])
    monkeypatch.setattr(detect_module, "MAX_MAILDIR_MESSAGES", 4)
    with pytest.raises(DetectError, match="too-many"):
        collect([tmp_path / "Maildir"])


def test_the_members_of_a_zip_share_one_open_archive(tmp_path):
    """A zipped Maildir has a member a message: the archive's index is read once, not once
    a message (a file moved away after collect() still reads)."""
    archive = tmp_path / "mail.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for number in range(300):
            headers = message("Ana <ana@example.com>", "owner@example.org", f"m{number}")
            out.writestr(f"Maildir/.Archive/cur/{number:04d}.M:2,S", headers)
    files = collect([archive])
    archive.rename(tmp_path / "moved.zip")
    records = list(mailbox.read_mailboxes(files, OWN))
    assert [record.summary for record in records] == [f"m{number}" for number in range(300)]
