"""Mailboxes (mbox, Maildir, .eml files) to import records: one e-mail interaction a message.

Pure Python, no Django. Only the headers are read (From, To, Cc, Date, Message-ID, Subject
and the list headers), never the bodies: an mbox is read line by line and only each
message's header block is parsed (`HeaderParser`, once the block is decoded), so that
memory stays flat whatever the size of the mailbox.

- A message the owner sent (From is one of the owner's addresses) is "outgoing", with its
  To and Cc as participants; correspondents not in the network yet are added.
- A message the owner received is "incoming", with its sender and the other recipients as
  participants. People the owner wrote to (To or Cc of a message they sent, anywhere in the
  mailboxes: a first pass over the headers finds them) are added; people who only ever
  wrote to the owner (often strangers, shops, notifications) are only matched by address
  with the network, else left out and counted ("unknown" people; the message is skipped
  when it names no one else).
- Mailing lists and bulk mail (List-Id, List-Unsubscribe, Precedence bulk/list/junk, no-reply
  senders) are skipped and counted ("bulk"), so are messages whose date cannot be read.

Folders say what their messages are (`mailbox_folders.folder_role`), in every layout
(Maildir++, Maildir in folders, an mbox per folder) and in several languages:

- A message in a Sent folder is the owner's, whatever address it went out from: it is
  "outgoing", and its From address counts as one of the owner's for the whole import (an
  old address, an alias the owner did not list), so that replies to it are "incoming".
- Drafts (a Drafts folder, or a Maildir message flagged D) were never sent, junk folders
  (Junk, Spam...) hold what the owner never wanted: both are counted ("draft", "junk"),
  not read.

The Message-ID is the external id: a second import of the same mailbox adds nothing.
"""

from __future__ import annotations

import datetime as dt
import email.header
import email.parser
import email.utils
import hashlib
import re
from collections.abc import Collection, Iterable, Iterator
from email.message import Message
from typing import BinaryIO

from entregent.io.detect import InputFile
from entregent.io.mailbox_folders import SENT, folder_role, unread_code
from entregent.io.records import InteractionRecord, PersonRef, Record, Skip, Where

SOURCE = "email"
SUMMARY_LIMIT = 280
MAX_HEADER_BYTES = 256 * 1024  # a header block longer than this is not a message
_NO_REPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)"
    r"(?:[-+_.].*)?@",
    re.I,
)
_BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
_PARSER = email.parser.HeaderParser()


def read_mailboxes(files: Iterable[InputFile], own_emails: Iterable[str]) -> Iterator[Record]:
    """The records of mbox files, Maildir messages and .eml files, in file order.

    Two passes over the headers: the first gathers whom the owner wrote to (and, from Sent
    folders, which addresses the owner writes from), so that a message received from them
    is kept wherever it comes in the mailboxes.
    """
    own = _Own(address.strip().lower() for address in own_emails if address.strip())
    files = list(files)
    roles = [folder_role(item.name) for item in files]
    written_to: set[str] = set()
    for item, role in sorted(zip(files, roles, strict=True), key=lambda pair: pair[1] != SENT):
        if not unread_code(item.name, role):
            for _where, raw in header_blocks(item):
                written_to.update(_sent_to(raw, own, sent=role == SENT))
    addresses = frozenset(own.addresses)
    for item, role in zip(files, roles, strict=True):
        skipped = unread_code(item.name, role)
        for where, raw in header_blocks(item):
            if skipped:
                yield Skip(where, skipped)
            else:
                yield from _message(where, raw, addresses, written_to)


class _Own:
    """The owner's addresses: those they listed, and those their Sent folders show."""

    def __init__(self, addresses: Iterable[str]) -> None:
        self.addresses: set[str] = set()
        self.needles: list[bytes] = []
        for address in addresses:
            self.add(address)

    def add(self, address: str) -> None:
        if address not in self.addresses:
            self.addresses.add(address)
            self.needles.append(address.encode())

    def named_in(self, raw: bytes) -> bool:
        """Whether one of the addresses appears in a header block (a quick filter)."""
        lowered = raw.lower()
        return any(needle in lowered for needle in self.needles)


def header_blocks(item: InputFile) -> Iterator[tuple[Where, bytes]]:
    """Each message's header block and where the message starts; bodies are skipped.

    The file is read as a stream, a zip member too: memory stays flat whatever its size.
    """
    with item.open() as stream:
        first = stream.readline()
        if first.startswith(b"From "):
            yield from _mbox(item.name, stream)
        else:
            headers, _lines = _header_block(stream, first)
            yield Where(item.name, line=1), headers


def _header_block(stream: BinaryIO, first: bytes) -> tuple[bytes, int]:
    """The header block that starts with `first` (up to the blank line) and its line count."""
    lines = [first]
    size = len(first)
    count = 1
    if first.strip():
        for line in stream:
            count += 1
            if not line.strip():
                break
            size += len(line)
            if size <= MAX_HEADER_BYTES:
                lines.append(line)
    return b"".join(lines), count


def _mbox(name: str, stream: BinaryIO) -> Iterator[tuple[Where, bytes]]:
    """Messages of an mbox: each starts at a "From " line that follows a blank line."""
    number = line_no = 1  # the line of the current message's "From " line, the line read
    while True:
        headers, count = _header_block(stream, stream.readline())
        line_no += count
        yield Where(name, line=number), headers
        # The body: skipped line by line, never kept.
        blank = True
        number = 0
        for line in stream:
            line_no += 1
            if blank and line.startswith(b"From "):
                number = line_no
                break
            blank = not line.strip()
        if not number:
            return


def _sent_to(raw: bytes, own: _Own, *, sent: bool = False) -> list[str]:
    """The addresses a message the owner sent went to (none for other messages).

    `sent`: the message is in a Sent folder, its sender is the owner.
    """
    if not sent and not own.named_in(raw):
        return []
    headers = _PARSER.parsestr(_decoded(raw))
    senders = _addresses(headers, "From")
    if not senders:
        return []
    sender = senders[0][1]
    if sent:
        own.add(sender)
    if sender not in own.addresses or _bulk(headers, sender, own.addresses):
        return []
    return [address for _name, address in _addresses(headers, "To") + _addresses(headers, "Cc")]


def _message(
    where: Where, raw: bytes, own: frozenset[str], written_to: Collection[str]
) -> Iterator[Record]:
    if not raw.strip():
        yield Skip(where, "not-mail")
        return
    headers = _PARSER.parsestr(_decoded(raw))
    senders = _addresses(headers, "From")
    if not senders:
        yield Skip(where, "not-mail")
        return
    sender_name, sender = senders[0]
    if _bulk(headers, sender, own):
        yield Skip(where, "bulk")
        return
    raw_date = _text(headers.get("Date"))
    occurred_at = _date(raw_date)
    if occurred_at is None:
        code = "bad-mail-date" if raw_date else "no-date"
        yield Skip(where, code, {"value": raw_date})
        return
    recipients = _addresses(headers, "To") + _addresses(headers, "Cc")
    outgoing = sender in own
    people: dict[str, PersonRef] = {}
    candidates = recipients if outgoing else [(sender_name, sender), *recipients]
    for person_name, address in candidates:
        if address in own or address in people or _NO_REPLY.match(address):
            continue
        first, last = split_name(person_name, address)
        people[address] = PersonRef(
            first_name=first, last_name=last, email=address, create=address in written_to
        )
    if not people:
        yield Skip(where, "no-participants")
        return
    subject = _text(headers.get("Subject"))
    yield InteractionRecord(
        where,
        SOURCE,
        _external_id(headers, sender, raw_date, subject),
        occurred_at,
        "email",
        "outgoing" if outgoing else "incoming",
        " ".join(subject.split())[:SUMMARY_LIMIT],
        list(people.values()),
    )


def _decoded(raw: bytes) -> str:
    """A header block as text: 8-bit headers (against the rules, common) as UTF-8, else
    Latin-1; RFC 2047 encoded words are decoded header by header afterwards."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _bulk(headers: Message, sender: str, own: Collection[str]) -> bool:
    if headers.get("List-Id") or headers.get("List-Unsubscribe"):
        return True
    if _text(headers.get("Precedence")).strip().lower() in _BULK_PRECEDENCE:
        return True
    return sender not in own and bool(_NO_REPLY.match(sender))


def _text(value: object) -> str:
    """A header's text, RFC 2047 encoded words decoded ("=?utf-8?q?Ren=C3=A9e?=")."""
    if value is None:
        return ""
    text = str(value)
    if "=?" not in text:
        return text
    try:
        return str(email.header.make_header(email.header.decode_header(text)))
    except (LookupError, ValueError, UnicodeError):
        return str(value)


def _addresses(headers: Message, name: str) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs of one header, names decoded."""
    values = [str(value) for value in headers.get_all(name, [])]
    found = []
    for display, address in email.utils.getaddresses(values):
        address = address.strip().strip("<>").lower()
        if "@" in address:
            found.append((_text(display).strip().strip("'\""), address))
    return found


def _date(value: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def _external_id(headers: Message, sender: str, date: str, subject: str) -> str:
    message_id = " ".join(_text(headers.get("Message-ID")).split()).strip("<>")
    if message_id:
        return message_id
    digest = hashlib.sha256(f"{sender}\n{date}\n{subject}".encode("utf-8", "replace"))
    return f"sha256:{digest.hexdigest()[:32]}"


def split_name(display: str, address: str) -> tuple[str, str]:
    """(first name, last name) from a display name: "Dupont, Jean", "Jean Dupont"; none when
    the name is only the address again."""
    display = " ".join(display.split())
    if not display or "@" in display:
        return "", ""
    if "," in display:
        last, _comma, first = display.partition(",")
        return first.strip(), last.strip()
    first, _space, last = display.partition(" ")
    return first, last
