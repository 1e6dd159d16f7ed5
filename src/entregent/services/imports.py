"""Imports: read files, land them whole or not at all as one batch, preview, undo.

`import_files` is the one way in, for the command line and the web: it detects the format
(or takes the one forced), streams the records through the importer, matches and merges them
(`import_plan`), writes them in bulk and records an `ImportBatch` with its report and the
`ImportChange` rows that `undo_batch` replays backwards. All of it runs in one transaction.

A dry run does exactly the same work in a savepoint and rolls it back: the report it shows is
the truth of what the import would do, not an estimate. The upload page keeps the files of a
preview in the data folder until the user confirms or cancels.

The work is a generator of progress steps, `(stage, done)`: `import_steps`, `preview_steps`
and `confirm_steps` yield one while they run and return the batch at the end, so that the
upload page can stream them to the browser in the request that does the work (inside the
transaction, which a client that goes away rolls back); `import_files` runs them to the end,
handing each step to a `progress` callback.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import shutil
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from entregent import queries
from entregent.io import address_book, csv_contacts, ics, linkedin, mailbox
from entregent.io.detect import DetectError, InputFile, collect, detect
from entregent.io.records import Record
from entregent.models import BatchStatus, ImportBatch
from entregent.services import accounts, duplicates, scores
from entregent.services.import_plan import Plan
from entregent.services.import_report import Report
from entregent.services.import_writer import Writer

if TYPE_CHECKING:
    from typing_extensions import Unpack

logger = logging.getLogger(__name__)

Progress = Callable[[str, int], None]
Step = tuple[str, int]  # ("read" | "write" | "done", records so far)
T = TypeVar("T")
Window = tuple[dt.date | None, dt.date | None]  # calendar occurrences from, to (days)
PROGRESS_EVERY = 1000
RESCORE_ALL_ABOVE = 2000


def detect_message(error: DetectError) -> str:
    """A DetectError in the user's language, naming the file."""
    messages = {
        "missing": _("%(file)s: no such file or folder."),
        "too-many": _("%(file)s: too many files to import at once."),
        "bad-zip": _("%(file)s: this zip archive cannot be opened."),
        "too-big": _("%(file)s: this file is too big to import."),
        "no-files": _("No file to import."),
        "bad-format": _(
            "Unknown format “%(format)s”: choose vcard, linkedin, csv, ics or mailbox."
        ),
        "unknown": _(
            "%(file)s: cannot tell what this file holds. Import vCard files (.vcf), a "
            "LinkedIn data export, an address book's CSV export, calendars (.ics) or "
            "mailboxes (mbox, Maildir, .eml), or name the format (vcard, linkedin, csv, ics "
            "or mailbox; with --map for another CSV table)."
        ),
        "mixed": _("%(file)s and %(other)s are of different formats: import them one at a time."),
    }
    return messages.get(error.code, error.code) % {
        "file": "",
        "other": "",
        "format": "",
        **error.params,
    }


def read_records(
    fmt: str,
    files: list[InputFile],
    mapping: list[tuple[str, str]] | None = None,
    *,
    own_emails: Iterable[str] = (),
    window: Window = (None, None),
) -> Iterator[Record]:
    if fmt == "vcard":
        return address_book.records(files)
    if fmt == "ics":
        return ics.read_calendars(files, own_emails, since=window[0], until=window[1])
    if fmt == "mailbox":
        return mailbox.read_mailboxes(files, own_emails)
    if fmt == "csv":
        return csv_contacts.records(files, mapping)
    return linkedin.read_export(files)


def drain(steps: Generator[Step, None, T], progress: Progress | None = None) -> T:
    """Run `steps` to the end, handing each one to `progress`; what they return."""
    try:
        while True:
            try:
                stage, done = next(steps)
            except StopIteration as end:
                result: T = end.value
                return result
            if progress is not None:
                progress(stage, done)
    finally:
        steps.close()  # `progress` failed (or Ctrl-C in it): roll back now, not at collection


class ImportOptions(TypedDict, total=False):
    """How to import: `import_files` says what each means, `import_steps` holds the defaults."""

    forced_format: str | None
    dry_run: bool
    batch: ImportBatch | None
    mapping: str
    since: dt.date | None
    until: dt.date | None


def import_files(
    owner: Any,
    paths: list[Path],
    *,
    progress: Progress | None = None,
    **options: Unpack[ImportOptions],
) -> ImportBatch:
    """Import the files behind `paths` for `owner`; the batch with its report.

    With `dry_run`, nothing stays written and the batch returned is not saved. Raises
    ValidationError when the input cannot be read at all (the message names the file).
    `mapping` ("first_name=Prénom,emails=Courriel") reads CSV files column by column.
    `since` and `until` bound the calendar occurrences imported (default: the last 3 years).
    `progress` is told each step: ("read", 0), ("read", 1000)..., ("write", n), ("done", n).
    """
    return drain(import_steps(owner, paths, **options), progress)


def import_steps(
    owner: Any,
    paths: list[Path],
    *,
    forced_format: str | None = None,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
    mapping: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Generator[Step, None, ImportBatch]:
    """`import_files` as progress steps, returning the batch; closing it early rolls back."""
    columns = _mapping(mapping)
    forced_format = forced_format or ("csv" if columns else None)
    try:
        files = collect(paths)
        fmt, ignored = detect(files, forced_format)
    except DetectError as error:
        raise ValidationError(detect_message(error)) from None
    if not forced_format:
        skipped = set(ignored)
        files = [item for item in files if item.name not in skipped]
    report = Report(files=[item.name for item in files], ignored_files=ignored)
    report.forced_format = forced_format or ""
    names = "\n".join(path.name for path in paths)
    batch = batch or ImportBatch(owner=owner, format=fmt, file_names=names)
    batch.format = fmt
    yield from _in_one_transaction(
        owner,
        batch,
        fmt,
        files,
        report,
        dry_run=dry_run,
        mapping=columns,
        window=(since, until),
    )
    if dry_run:
        batch.pk = None
        batch.status = BatchStatus.PREVIEW
    return batch


def _in_one_transaction(
    owner: Any,
    batch: ImportBatch,
    fmt: str,
    files: list[InputFile],
    report: Report,
    *,
    dry_run: bool,
    mapping: list[tuple[str, str]] | None = None,
    window: Window = (None, None),
) -> Generator[Step, None, Plan]:
    """Read, match and write in one transaction (rolled back for a dry run)."""
    writer: Writer | None = None
    collecting = gc.isenabled()
    # Tens of thousands of small records alive at once: the cyclic garbage collector would
    # walk them again and again for nothing (a third of the time); it runs once at the end.
    gc.disable()
    try:
        with transaction.atomic():
            batch.status = BatchStatus.DONE
            batch.save()
            writer = Writer(owner, batch.pk, save_photos=not dry_run)
            plan = yield from _run(owner, fmt, files, report, writer, mapping, window)
            _finish(owner, batch, report, plan)
            if dry_run:
                transaction.set_rollback(True)
            else:
                rescore(owner, people_touched(report, plan))
    except BaseException:
        _remove_files(writer.saved_files if writer else [])
        raise
    finally:
        if collecting:
            gc.enable()
    return plan


def people_touched(report: Report, plan: Plan) -> set[int]:
    """Whose facts the import changed: people created or updated, and everyone in an
    exchange it added."""
    ids = {
        entry["id"]
        for action in (report.created, report.updated, report.merged)
        for entry in action
        if entry["kind"] == "people"
    }
    ids.update(pid for _values, people in plan.interactions for pid in people)
    ids.update(f["giver_id"] or f["receiver_id"] for f in plan.favors)
    return ids


def rescore(owner: Any, ids: set[int]) -> None:
    """Refresh the scores of `ids`, the people the import created or touched, before it
    commits: every import leaves its people scored (a preview scores no one).

    Scores are derived: if this fails, the import stands (the savepoint is rolled back),
    and `entregent rescore` rebuilds them later.
    """
    if not ids:
        return
    try:
        with transaction.atomic():
            # One pass over the whole network beats reading thousands of people by id.
            if len(ids) > RESCORE_ALL_ABOVE or len(ids) * 4 >= queries.people_count(owner):
                scores.recompute(owner, changed=ids)
            else:
                scores.update_people(owner, ids)
    except Exception:  # a cache: the facts are safe, and a recompute repairs it
        logger.exception("scores not refreshed after an import")


def _run(
    owner: Any,
    fmt: str,
    files: list[InputFile],
    report: Report,
    writer: Writer,
    mapping: list[tuple[str, str]] | None = None,
    window: Window = (None, None),
) -> Generator[Step, None, Plan]:
    profile = accounts.profile_for(owner)
    own_emails = {line.strip().lower() for line in profile.own_emails.splitlines() if line.strip()}
    if getattr(owner, "email", ""):
        own_emails.add(owner.email.strip().lower())  # the account's address is the owner's too
    plan = Plan(owner, report, region=profile.country or "FR", own_emails=own_emails)
    yield ("read", 0)
    try:
        for item in read_records(fmt, files, mapping, own_emails=own_emails, window=window):
            plan.add(item)
            if plan.records % PROGRESS_EVERY == 0:
                yield ("read", plan.records)
    except (OSError, ValueError) as error:
        # A file that vanished or a member that cannot be decompressed: name it, land nothing.
        logger.info("import failed while reading", exc_info=True)
        raise ValidationError(
            {"files": _("The files could not be read: %(error)s") % {"error": error}}
        ) from None
    yield ("write", plan.records)
    plan.finish(writer)
    yield ("done", plan.records)
    return plan


def _mapping(text: str) -> list[tuple[str, str]] | None:
    """The (field, column) pairs of a CSV mapping; a ValidationError naming a bad piece."""
    if not text.strip():
        return None
    try:
        return csv_contacts.parse_mapping(text)
    except csv_contacts.MappingError as error:
        fields = ", ".join(csv_contacts.MAPPED_FIELDS)
        message = _("“%(part)s” is not field=column with one of the fields %(fields)s.")
        raise ValidationError(message % {"part": error.part, "fields": fields}) from None


def _finish(owner: Any, batch: ImportBatch, report: Report, plan: Plan) -> None:
    ids = {entry["id"] for entry in report.created if entry["kind"] == "people"}
    ids |= {entry["id"] for entry in report.updated if entry["kind"] == "people"}
    if ids:
        for pair in duplicates.index_suggestions(owner, plan.index, ids):
            if pair not in report.suggestions:
                report.suggestions.append(pair)
    totals = report.totals()
    batch.created = totals["created"]
    batch.updated = totals["updated"]
    batch.merged = totals["merged"]
    batch.skipped = totals["skipped"]
    batch.report = report.as_json()
    batch.save()


def _remove_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("could not remove %s", name, exc_info=True)


# --- The upload page: preview, confirm, cancel -----------------------------------------------


def pending_folder(batch: ImportBatch) -> Path:
    return Path(settings.DATA_DIR) / "imports" / str(batch.pk)


def safe_name(name: str) -> str:
    """A file name without folders or characters a file system may refuse."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    cleaned = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in base)
    return cleaned[:120] or "upload"


def keep_upload(
    owner: Any,
    uploads: list[tuple[str, Any]],
    *,
    forced_format: str | None = None,
    mapping: str = "",
) -> ImportBatch:
    """The uploaded files, kept under a preview batch that `preview_steps` then works out.

    The batch's report holds the forced format and the CSV `mapping` until then.
    """
    if not uploads:
        raise ValidationError(_("Choose at least one file."))
    batch = ImportBatch.objects.create(
        owner=owner,
        format=forced_format or "",
        file_names="\n".join(safe_name(name) for name, _data in uploads),
        status=BatchStatus.PREVIEW,
        report={
            "forced_format": forced_format or "",
            "mapping": mapping if mapping.strip() else "",
        },
    )
    folder = pending_folder(batch)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for index, (name, chunks) in enumerate(uploads):
            # One folder per upload: files keep their own names in the report.
            path = folder / f"{index:03d}" / safe_name(name)
            path.parent.mkdir()
            with path.open("wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
    except BaseException:
        _discard(batch)
        raise
    return batch


def preview_steps(owner: Any, batch: ImportBatch) -> Generator[Step, None, ImportBatch]:
    """Work out a kept upload's preview in a rolled-back import, as progress steps.

    If the import fails, or stops half-way because the steps are closed, the preview and its
    files are removed. The report notes how many records were read (`records_read`): the
    import that confirms the preview reads as many.
    """
    mapping = batch.report.get("mapping") or ""
    steps = import_steps(
        owner,
        _kept_files(batch),
        forced_format=batch.report.get("forced_format") or None,
        dry_run=True,
        mapping=mapping,
    )
    records = 0
    try:
        while True:
            try:
                step = next(steps)
            except StopIteration as end:
                preview: ImportBatch = end.value
                break
            records = step[1]
            yield step
    except BaseException:
        steps.close()
        _discard(batch)
        raise
    batch.format = preview.format
    batch.report = {**preview.report, "records_read": records}
    if mapping:
        batch.report["mapping"] = mapping
    for name in ("created", "updated", "merged", "skipped"):
        setattr(batch, name, getattr(preview, name))
    batch.status = BatchStatus.PREVIEW
    batch.save()
    return batch


def confirm_steps(owner: Any, batch: ImportBatch) -> Generator[Step, None, ImportBatch]:
    """Import the files of a preview for real, into the same batch, as progress steps;
    closing them early lands nothing."""
    _check(owner, batch, BatchStatus.PREVIEW)
    paths = _kept_files(batch)
    if not paths:
        raise ValidationError(_("The uploaded files are gone: upload them again."))
    forced = batch.report.get("forced_format") or None
    mapping = batch.report.get("mapping") or ""
    yield from import_steps(owner, paths, forced_format=forced, batch=batch, mapping=mapping)
    shutil.rmtree(pending_folder(batch), ignore_errors=True)
    return batch


def _kept_files(batch: ImportBatch) -> list[Path]:
    folder = pending_folder(batch)
    return sorted(folder.glob("*/*")) if folder.is_dir() else []


def _discard(batch: ImportBatch) -> None:
    shutil.rmtree(pending_folder(batch), ignore_errors=True)
    batch.delete()


def discard_preview(owner: Any, batch: ImportBatch) -> None:
    _check(owner, batch, BatchStatus.PREVIEW)
    _discard(batch)


def _check(owner: Any, batch: ImportBatch, status: str) -> None:
    if batch.owner_id != owner.pk:
        raise PermissionError("not the owner of this import")
    if batch.status != status:
        raise ValidationError({"batch": _("This import cannot do that in its present state.")})
