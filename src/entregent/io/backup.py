"""A complete backup of one account: everything the owner has, in one zip file.

The archive holds three things:

- `manifest.json`, the header: the format name and version, the entregent version, when it
  was made, whose network it is, and how many rows of each kind it holds;
- `data.jsonl`, one JSON record per line, table after table in the order a restore needs
  them: `{"model": "person", "pk": 12, "fields": {...}}` for a row (every column but the
  owner; sectors, shared reference data, by NACE code) and `{"m2m": "person.circles",
  "pair": [12, 3]}` for a many-to-many link;
- `media/...`, the photo files.

Rows are read with `.iterator()` and written as they come, so memory stays flat however
big the network. The whole dump reads one snapshot of the database (a read transaction
that does not block the app), so that the rows agree with each other.
`entregent.io.backup_restore` reads the archive back. `copy_sqlite_database` is the other
kind of backup: a consistent copy of the whole SQLite file, made with SQLite's online
backup API while the app keeps running.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import entregent

logger = logging.getLogger(__name__)

FORMAT = "entregent-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA = "media/"
CHUNK = 2000

Progress = Callable[[int, int], None]


class BackupError(Exception):
    """A backup that cannot be written or read; the message is for the user."""


@dataclass(frozen=True)
class Table:
    """One model in the backup: its key, and how its rows reach the owner."""

    key: str
    model_name: str
    owner_path: str = "owner"

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model("entregent", self.model_name)


# Every row an account owns, in an order where each row comes after the rows it points to
# (Person.introduced_by, pointing at another person, is set once all people are in).
TABLES: tuple[Table, ...] = (
    Table("profile", "Profile", "user"),
    Table("circle", "Circle"),
    Table("organization", "Organization"),
    Table("tag", "Tag"),
    Table("event", "Event"),
    Table("person", "Person"),
    Table("emailaddress", "EmailAddress"),
    Table("phonenumber", "PhoneNumber"),
    Table("link", "Link"),
    Table("role", "Role"),
    Table("tie", "Tie"),
    Table("interaction", "Interaction"),
    Table("participation", "Participation", "interaction__owner"),
    Table("favor", "Favor"),
    Table("introduction", "Introduction"),
    Table("request", "Request"),
    Table("news", "News"),
    Table("goal", "Goal"),
    Table("ask", "Ask"),
    Table("membership", "Membership"),
    Table("task", "Task"),
    Table("decision", "Decision"),
    Table("digestlog", "DigestLog"),
    Table("importbatch", "ImportBatch"),
    Table("importchange", "ImportChange", "batch__owner"),
)
TABLES_BY_KEY = {table.key: table for table in TABLES}


def is_sector(related: Any) -> bool:
    return bool(related is not None and related._meta.label == "entregent.Sector")


def is_account(related: Any) -> bool:
    from django.contrib.auth import get_user_model

    return bool(related is not None and related is get_user_model())


def columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns a backup keeps: every concrete field but the primary key and the owner."""
    return [
        column
        for column in model._meta.concrete_fields
        if not column.primary_key and not is_account(column.related_model)
    ]


def m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField[Any, Any]]:
    """Plain many-to-many fields (not those with their own model, such as participants)."""
    return [
        many
        for many in model._meta.many_to_many
        if isinstance(many, models.ManyToManyField) and through_model(many)._meta.auto_created
    ]


def through_model(many: models.ManyToManyField[Any, Any]) -> Any:
    """The model of a many-to-many field's link table."""
    return many.remote_field.through


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} in a backup")


def _line(record: dict[str, Any]) -> bytes:
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=_encode)
    return text.encode("utf-8") + b"\n"


@contextmanager
def snapshot() -> Iterator[None]:
    """Read one consistent state of the database without blocking anyone who writes.

    PostgreSQL: a REPEATABLE READ transaction. SQLite: a deferred read transaction (in WAL
    mode, writers go on while it lasts); Django's own transactions there begin IMMEDIATE,
    which would take the write lock for the whole dump.
    """
    if connection.in_atomic_block:  # already inside one transaction (tests, a caller's)
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")  # nothing was written: ending the read is enough


def owned_rows(table: Table, owner: Any) -> models.QuerySet[Any]:
    return table.model._default_manager.filter(**{table.owner_path: owner})


def _m2m_rows(many: models.ManyToManyField[Any, Any], owner: Any) -> models.QuerySet[Any]:
    through = through_model(many)
    source, target = many.m2m_field_name(), many.m2m_reverse_field_name()
    rows: models.QuerySet[Any] = (
        through._default_manager.filter(**{f"{source}__owner": owner})
        .order_by("pk")
        .values_list(f"{source}_id", f"{target}_id")
    )
    return rows


@dataclass
class BackupSummary:
    counts: dict[str, int] = field(default_factory=dict)
    photos: int = 0
    missing_photos: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def count_rows(owner: Any) -> dict[str, int]:
    """How many rows of each table (and many-to-many links) the owner has."""
    counts = {table.key: owned_rows(table, owner).count() for table in TABLES}
    for table in TABLES:
        for many in m2m_fields(table.model):
            counts[f"{table.key}.{many.name}"] = _m2m_rows(many, owner).count()
    return counts


def header(owner: Any, counts: dict[str, int], photos: list[str]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": entregent.__version__,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "owner": {
            "id": owner.pk,
            "username": owner.get_username(),
            "email": owner.email,
            "first_name": owner.first_name,
            "last_name": owner.last_name,
            "date_joined": owner.date_joined.isoformat(),
        },
        "counts": counts,
        "photos": photos,
    }


def write_backup(
    owner: Any, destination: Path | IO[bytes], *, progress: Progress | None = None
) -> BackupSummary:
    """Write everything `owner` has into a backup archive (a path or a binary file)."""
    report = progress or (lambda _done, _total: None)
    summary = BackupSummary()
    with snapshot(), zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        summary.counts = count_rows(owner)
        total, done = summary.rows, 0
        report(0, total)
        with archive.open(DATA, "w", force_zip64=True) as stream:
            for table in TABLES:
                done = _dump_table(table, owner, stream, done, lambda n: report(n, total))
        photos = _add_photos(archive, owner, summary)
        manifest = json.dumps(header(owner, summary.counts, photos), ensure_ascii=False, indent=2)
        archive.writestr(MANIFEST, manifest)
        report(total, total)
    return summary


def _dump_table(
    table: Table, owner: Any, stream: IO[bytes], done: int, report: Callable[[int], None]
) -> int:
    from entregent.models import Sector

    sector_codes = dict(Sector.objects.values_list("id", "code"))
    kept = columns(table.model)
    sectors = {column.attname for column in kept if is_sector(column.related_model)}
    names = [column.attname for column in kept]
    rows = owned_rows(table, owner).order_by("pk").values_list("pk", *names)
    for pk, *values in rows.iterator(chunk_size=CHUNK):
        fields = dict(zip(names, values, strict=True))
        for name in sectors:
            fields[name] = sector_codes.get(fields[name]) if fields[name] is not None else None
        stream.write(_line({"model": table.key, "pk": pk, "fields": fields}))
        done += 1
        if done % CHUNK == 0:
            report(done)
    for many in m2m_fields(table.model):
        to_sector = is_sector(many.related_model)
        key = f"{table.key}.{many.name}"
        for source, target in _m2m_rows(many, owner).iterator(chunk_size=CHUNK):
            stream.write(
                _line({"m2m": key, "pair": [source, sector_codes[target] if to_sector else target]})
            )
            done += 1
            if done % CHUNK == 0:
                report(done)
    return done


def _add_photos(archive: zipfile.ZipFile, owner: Any, summary: BackupSummary) -> list[str]:
    from django.core.files.storage import default_storage

    from entregent.models import Person

    names = Person.objects.owned_by(owner).exclude(photo="").values_list("photo", flat=True)
    written = []
    for name in names.order_by("pk").iterator(chunk_size=CHUNK):
        try:
            with default_storage.open(name, "rb") as source:
                data = source.read()
        except OSError:
            logger.warning("backup: photo %s is missing", name)
            summary.missing_photos.append(name)
            continue
        archive.writestr(MEDIA + name, data, compress_type=zipfile.ZIP_STORED)  # JPEG/PNG
        written.append(name)
        summary.photos += 1
    return written


def read_header(source: Path | IO[bytes]) -> dict[str, Any]:
    """The manifest of a backup archive, checked; BackupError if it is not one we can read."""
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BackupError(
            _("This is not an entregent backup (%(error)s).") % {"error": exc}
        ) from None
    return check_header(manifest)


def check_header(manifest: Any) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This is not an entregent backup: its manifest is not ours."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(_("This backup has no readable format version."))
    if version > FORMAT_VERSION:
        raise BackupError(
            _(
                "This backup was made by a newer entregent (%(app)s, format %(version)s): "
                "update entregent to restore it."
            )
            % {"app": manifest.get("app_version", "?"), "version": version}
        )
    owner = manifest.get("owner")
    if not isinstance(owner, dict) or not owner.get("username"):
        raise BackupError(_("This backup does not say whose network it holds."))
    return manifest


# --- The whole SQLite file -------------------------------------------------------------------


def copy_sqlite_database(destination: Path, *, progress: Progress | None = None) -> int:
    """A consistent copy of the SQLite database file, made while the app runs; its size.

    SQLite's online backup API copies the pages a few at a time and starts again on its
    own if someone writes meanwhile. The copy is written next to `destination` and renamed
    when complete, so a half-made copy never takes the name. Every account is in the copy.
    """
    if connection.vendor != "sqlite":
        raise BackupError(
            _(
                "--sqlite-file works with SQLite only; this database is %(vendor)s. "
                "Use “entregent backup FILE” for a backup of your network."
            )
            % {"vendor": connection.vendor}
        )
    if connection.in_atomic_block:
        # SQLite would wait for ever for this connection's own transaction to end.
        raise BackupError(_("The database file cannot be copied inside a transaction."))
    connection.ensure_connection()
    source = connection.connection
    partial = destination.with_name(f".{destination.name}.part")
    partial.unlink(missing_ok=True)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total)

    target = sqlite3.connect(partial)
    try:
        source.backup(target, pages=256, progress=step)
    except BaseException:
        target.close()
        partial.unlink(missing_ok=True)
        raise
    target.close()
    partial.replace(destination)
    return destination.stat().st_size
