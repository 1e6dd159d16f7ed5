"""Which importer reads what: inputs expanded (folders, zips) and their format detected.

Pure Python, no Django. `collect` turns the paths a user names into `InputFile`s (a folder
gives its files, a zip its members, recursively); `detect` tells the format from the file
names, the members of an archive and the first bytes. Problems are `DetectError`s carrying
a code and parameters; the service words them in the user's language.

Hidden files and folders (".git", ".DS_Store") are left out, except the folders of a
Maildir++ mailbox (Dovecot, Courier: ".Sent/cur/...", ".INBOX.Archive/new/..."), whose
messages are read like those of the Maildir's own cur/ and new/.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, cast

FORMATS = ("vcard", "linkedin", "ics", "mailbox", "csv")
# A LinkedIn export holds dozens of CSV files; these are the ones the importer reads.
LINKEDIN_FILES = frozenset(
    {
        "connections.csv",
        "messages.csv",
        "invitations.csv",
        "recommendations_given.csv",
        "recommendations_received.csv",
        "endorsement_given_info.csv",
        "endorsement_received_info.csv",
        "positions.csv",
        "profile.csv",
    }
)
VCARD_SUFFIXES = (".vcf", ".vcard")
ICS_SUFFIXES = (".ics", ".ical", ".icalendar")
MAILBOX_SUFFIXES = (".mbox", ".mbx", ".eml")
MAILDIR_FOLDERS = ("cur", "new")  # a Maildir's "tmp" holds messages still being written
MAX_MEMBER_BYTES = 512 * 1024 * 1024  # one file of an archive, uncompressed
MAX_FILES = 10_000
MAX_MAILDIR_MESSAGES = 200_000  # a Maildir holds one file a message: counted apart
_SNIFF = 4096


class DetectError(Exception):
    """An input that cannot be read or whose format cannot be told."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclasses.dataclass(frozen=True)
class InputFile:
    """One file to read: `name` is how reports name it ("export.zip/Connections.csv")."""

    name: str
    opener: Callable[[], bytes] = dataclasses.field(repr=False, compare=False)
    path: Path | None = dataclasses.field(default=None, repr=False, compare=False)
    streamer: Callable[[], BinaryIO] | None = dataclasses.field(
        default=None, repr=False, compare=False
    )

    @property
    def basename(self) -> str:
        return self.name.rsplit("/", 1)[-1]

    def read(self) -> bytes:
        return self.opener()

    def open(self) -> BinaryIO:
        """The content as a binary stream: a file on disk or a zip member is never read
        whole (the caller closes it)."""
        if self.path is not None:
            return self.path.open("rb")
        if self.streamer is not None:
            return self.streamer()
        return io.BytesIO(self.read())

    def head(self, size: int = 4096) -> bytes:
        """The first bytes, without reading a big file whole."""
        if self.path is None and self.streamer is None:
            return self.read()[:size]
        with self.open() as stream:
            return stream.read(size)


def collect(paths: Iterable[Path]) -> list[InputFile]:
    """The files behind `paths`: plain files as they are, folders and zips opened up."""
    found: list[InputFile] = []
    messages = 0  # files that are one message each (Maildir), counted as they come
    for path in paths:
        new: list[InputFile] = []
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).as_posix()
                if child.is_file() and not _hidden(relative):
                    new.extend(_expand(child, f"{path.name}/{relative}"))
        elif path.is_file():
            new.extend(_expand(path, path.name))
        else:
            raise DetectError("missing", file=str(path))
        found.extend(new)
        messages += sum(1 for item in new if in_maildir(item.name))
        if len(found) - messages > MAX_FILES or messages > MAX_MAILDIR_MESSAGES:
            raise DetectError("too-many", file=str(path))
    return found


def _hidden(relative: str) -> bool:
    """A hidden file, or a file in a hidden folder other than a Maildir++ folder."""
    parts = relative.split("/")
    for index, part in enumerate(parts):
        if part == "__MACOSX":
            return True
        if part.startswith(".") and not _maildir_folder(parts, index):
            return True
    return False


def _maildir_folder(parts: list[str], index: int) -> bool:
    """parts[index] is a Maildir++ folder (".Sent") and the path a message in its cur/new."""
    return index == len(parts) - 3 and parts[index + 1] in MAILDIR_FOLDERS


def _expand(path: Path, name: str) -> list[InputFile]:
    if path.suffix.lower() == ".zip" or _is_zip(path):
        return _zip_members(path, name)
    return [InputFile(name, path.read_bytes, path)]


def _is_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"PK\x03\x04"


def _zip_members(path: Path, name: str) -> list[InputFile]:
    try:
        archive = zipfile.ZipFile(path)
        members = [
            info for info in archive.infolist() if not info.is_dir() and not _hidden(info.filename)
        ]
    except (zipfile.BadZipFile, OSError):
        raise DetectError("bad-zip", file=name) from None
    found = []
    for info in sorted(members, key=lambda member: member.filename):
        if info.file_size > MAX_MEMBER_BYTES:
            raise DetectError("too-big", file=f"{name}/{info.filename}")
        read, stream = _member_reader(archive, info)
        found.append(InputFile(f"{name}/{info.filename}", read, streamer=stream))
    return found


def _member_reader(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo
) -> tuple[Callable[[], bytes], Callable[[], BinaryIO]]:
    """Read a member whole, or open it as a stream (decompressed as it is read).

    The members of an archive share its `ZipFile`, open while they are in use: opening the
    archive again for each member would read its whole index each time (a zipped Maildir
    has a member a message).
    """

    def read() -> bytes:
        return archive.read(info)

    def stream() -> BinaryIO:
        # A buffer in front of the member: reading line by line is then twice as fast.
        return io.BufferedReader(cast(io.RawIOBase, archive.open(info)), 1 << 16)

    return read, stream


def file_format(item: InputFile) -> str | None:
    """ "vcard", "linkedin", "csv" (an address book's export), or None: none of them."""
    base = item.basename.lower()
    if base.endswith(VCARD_SUFFIXES):
        return "vcard"
    if base in LINKEDIN_FILES:
        return "linkedin"
    if base.endswith(ICS_SUFFIXES):
        return "ics"
    if base.endswith(MAILBOX_SUFFIXES) or in_maildir(item.name):
        return "mailbox"
    head = item.head(_SNIFF)
    text = _head_text(head)
    if text.lstrip().upper().startswith("BEGIN:VCARD"):
        return "vcard"
    if text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return "ics"
    if _looks_like_mail(text):
        return "mailbox"
    if base.endswith(".csv") and _looks_like_linkedin(text):
        return "linkedin"
    if base.endswith((".csv", ".txt", ".tsv")):
        from entregent.io.csv_contacts import looks_like_contacts  # it imports this module

        if looks_like_contacts(head):
            return "csv"
    return None


def _head_text(head: bytes) -> str:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "ignore")
    return head.decode("utf-8", "ignore")


def in_maildir(name: str) -> bool:
    """A message of a Maildir: a file in a folder's cur/ or new/."""
    parts = name.split("/")
    return len(parts) > 2 and parts[-2] in MAILDIR_FOLDERS


def _looks_like_mail(text: str) -> bool:
    """An mbox ("From " line first) or one message whose headers name a sender and a date."""
    if text.startswith("From "):
        return True
    headers = text.replace("\r\n", "\n").split("\n\n", 1)[0].lower()
    return headers.startswith(tuple(f"{name}:" for name in _MAIL_HEADERS)) and all(
        f"{name}:" in headers for name in ("from", "date")
    )


_MAIL_HEADERS: tuple[str, ...] = (
    "from",
    "to",
    "date",
    "subject",
    "message-id",
    "received",
    "return-path",
)
_MAIL_HEADERS += ("delivered-to", "mime-version", "x-mozilla-status")


def _looks_like_linkedin(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].strip().lower()
    return first.startswith("notes:") or first.startswith("first name,last name,url")


def detect(files: list[InputFile], forced: str | None = None) -> tuple[str, list[str]]:
    """The format of `files` and the names of those the importer will not read.

    A folder or an archive may hold other files (a README, LinkedIn's other tables); they
    are listed, not read. Files of two different formats are refused: one import, one
    format, so that its undo means one thing.
    """
    if not files:
        raise DetectError("no-files")
    if forced:
        if forced not in FORMATS:
            raise DetectError("bad-format", format=forced)
        return forced, []
    formats: dict[str, str] = {}
    ignored: list[str] = []
    for item in files:
        found = file_format(item)
        if found is None:
            ignored.append(item.name)
        else:
            formats.setdefault(found, item.name)
    if not formats:
        raise DetectError("unknown", file=files[0].name)
    if len(formats) > 1:
        first, second = sorted(formats.values())[:2]
        raise DetectError("mixed", file=first, other=second)
    (found_format,) = formats
    return found_format, ignored
