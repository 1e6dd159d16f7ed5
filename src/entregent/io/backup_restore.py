"""Restore a backup archive (see `entregent.io.backup`) into an account with no network yet.

The archive is read a line at a time and written a chunk of rows at a time, in one
transaction: the restore lands whole or not at all. Every row is checked on the way in:
a reference to a row the backup does not hold (another account's person, say) stops the
restore with the line it was on, so a hand-edited file can never reach into other data.

Ids: into a database that holds no network at all, rows keep their ids, and the result is
the same database as the one backed up. Otherwise each row gets a fresh id, handed out in
the order of the old ones (so that pairs stored in order, such as ties, stay in order), and
every reference (foreign keys, many-to-many links, import records) follows it. Time stamps
(`created_at`, `updated_at`) are restored as they were, not set to now.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from entregent.io.backup import (
    DATA,
    MANIFEST,
    MEDIA,
    TABLES,
    BackupError,
    Progress,
    check_header,
    owned_rows,
)
from entregent.io.backup_load import Loader, parse_value


@dataclass
class RestoreReport:
    username: str
    created_account: bool
    kept_ids: bool
    counts: dict[str, int] = field(default_factory=dict)
    photos: int = 0
    warnings: list[str] = field(default_factory=list)


def restore_backup(
    source: Path | IO[bytes], *, username: str | None = None, progress: Progress | None = None
) -> RestoreReport:
    """Restore the archive into account `username` (default: the one named in the backup).

    The account is created when it does not exist; an existing one must have no network yet
    (the circles every new account starts with are replaced by the backup's).
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(
            _("This is not an entregent backup (%(error)s).") % {"error": exc}
        ) from None
    saved: list[str] = []
    with archive:
        try:
            manifest = check_header(json.loads(archive.read(MANIFEST).decode("utf-8")))
        except (KeyError, ValueError) as exc:
            raise BackupError(
                _("This is not an entregent backup (%(error)s).") % {"error": exc}
            ) from None
        try:
            with transaction.atomic():
                return _restore(archive, manifest, username, progress, saved)
        except BaseException:
            _remove_files(saved)  # the rows pointing at them were rolled back
            raise


def _restore(
    archive: zipfile.ZipFile,
    manifest: dict[str, Any],
    username: str | None,
    progress: Progress | None,
    saved: list[str],
) -> RestoreReport:
    from entregent.models import Profile

    name = (username or str(manifest["owner"]["username"])).strip()
    owner = _existing_account(name)
    # Ids are kept when no network at all is in the database (a fresh install).
    keep_ids = not any(table.model._default_manager.exists() for table in TABLES[1:])
    created = owner is None
    if owner is None:
        owner = _new_account(manifest["owner"], name, keep_ids=keep_ids)
    report = RestoreReport(owner.get_username(), created, keep_ids)
    counts = manifest.get("counts") or {}
    total = sum(value for value in counts.values() if isinstance(value, int))
    loader = Loader(owner, keep_ids=keep_ids, progress=progress, total=total)
    try:
        with archive.open(DATA) as stream:
            for number, raw in enumerate(stream, start=1):
                loader.feed(number, raw)
    except KeyError:
        raise BackupError(_("This backup has no data file (%(name)s).") % {"name": DATA}) from None
    loader.finish()
    Profile.objects.get_or_create(user=owner)
    _check_counts(counts, loader.counts)
    report.counts = loader.counts
    report.warnings = loader.warnings
    report.photos = _restore_photos(archive, manifest, owner, saved)
    if keep_ids:
        _reset_sequences(created_user=created)
    return report


def _existing_account(name: str) -> Any:
    """The account named `name`, emptied of its starting circles; None if there is none."""
    user = get_user_model().objects.filter(username=name).first()
    if user is not None:
        _clear_empty_account(user)
    return user


def _new_account(info: dict[str, Any], name: str, *, keep_ids: bool) -> Any:
    """A new account named `name`, with the backed-up account's details (no password)."""
    user_model = get_user_model()
    user_model.username_validator(name)  # ValidationError for a name the app would refuse
    superuser = not user_model.objects.exists()  # as for any first account
    user = user_model(
        username=name,
        email=str(info.get("email") or ""),
        first_name=str(info.get("first_name") or ""),
        last_name=str(info.get("last_name") or ""),
        is_staff=superuser,
        is_superuser=superuser,
    )
    if info.get("date_joined"):
        user.date_joined = parse_value(
            user_model._meta.get_field("date_joined"), info["date_joined"], 0
        )
    old_id = info.get("id")
    if keep_ids and isinstance(old_id, int) and not user_model.objects.filter(pk=old_id).exists():
        user.pk = old_id
    user.set_unusable_password()  # backups hold no password: sign in with a login link
    user.save(force_insert=True)
    return user


def _clear_empty_account(user: Any) -> None:
    """Refuse an account that has a network; drop the untouched circles it starts with."""
    from entregent.models import SEEDED_CIRCLES, Circle

    seeded = {key for key, _layer, _label in SEEDED_CIRCLES}
    circles = Circle.objects.owned_by(user)
    busy = any(owned_rows(table, user).exists() for table in TABLES[2:])
    custom = circles.exclude(key__in=seeded).exists() or circles.exclude(name="").exists()
    if busy or custom:
        raise BackupError(
            _(
                "The account “%(name)s” already has a network: restore into a new account "
                "with --user NEW-NAME."
            )
            % {"name": user.get_username()}
        )
    circles.delete()


def _check_counts(expected: dict[str, Any], found: dict[str, int]) -> None:
    for key, count in expected.items():
        if isinstance(count, int) and found.get(key, 0) != count:
            raise BackupError(
                _(
                    "The backup is incomplete: the manifest announces %(expected)s rows of "
                    "%(table)s, the data holds %(found)s."
                )
                % {"expected": count, "table": key, "found": found.get(key, 0)}
            )


def _restore_photos(
    archive: zipfile.ZipFile, manifest: dict[str, Any], owner: Any, saved: list[str]
) -> int:
    from django.core.files.storage import default_storage

    from entregent.models import Person

    restored = 0
    for name in manifest.get("photos") or []:
        if not isinstance(name, str):
            continue
        people = Person.objects.owned_by(owner).filter(photo=name)
        if not people.exists():
            continue
        try:
            data = archive.read(MEDIA + name)
            stored = default_storage.save(name, ContentFile(data))
        except KeyError:
            raise BackupError(
                _("The photo %(name)s is missing from the backup.") % {"name": name}
            ) from None
        except SuspiciousFileOperation:
            raise BackupError(
                _("The photo name %(name)s is not allowed.") % {"name": name}
            ) from None
        saved.append(stored)
        if stored != name:
            people.update(photo=stored)
        restored += 1
    return restored


def _remove_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def _reset_sequences(*, created_user: bool) -> None:
    """After rows kept their ids, make PostgreSQL's next ids follow them."""
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT counter follows explicit ids on its own
    to_reset: list[type[models.Model]] = [table.model for table in TABLES]
    if created_user:
        to_reset.append(get_user_model())
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), to_reset):
            cursor.execute(statement)
