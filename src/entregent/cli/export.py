"""Your data, out and back: `export vcard|csv`, `backup`, `restore`, `export-person`, `erase`.

Files go where the command line says; "-" writes to standard output. Progress bars go to
standard error, so that what is written to standard output stays clean.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from entregent.cli.common import (
    EXIT_INVALID,
    CommandError,
    UsageProblem,
    echo_json,
    err,
    find_person,
    handled,
    out,
    session,
)
from entregent.cli.people import JsonOption, UserOption

export_app = typer.Typer(
    help=cast(str, gettext_lazy("Export your network as vCards or CSV.")), no_args_is_help=True
)

STDOUT = "-"
ForceOption = Annotated[
    bool, typer.Option("--force", help=gettext_lazy("Replace the file if it exists."))
]


class VCardVersion(StrEnum):
    V3 = "3.0"
    V4 = "4.0"


class CsvTable(StrEnum):
    PEOPLE = "people"
    INTERACTIONS = "interactions"


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr, shown from the first report on."""
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err(),
        transient=False,
    )
    task = bar.add_task(label, total=None, start=False)

    def report(done: int, total: int) -> None:
        if not bar.live.is_started:
            bar.start()
            bar.start_task(task)
        bar.update(task, completed=done, total=total or None)

    try:
        yield report
    finally:
        if bar.live.is_started:
            bar.stop()


def _free(path: Path, *, force: bool) -> None:
    if path.exists() and not force:
        raise CommandError(
            _("%(path)s exists already: choose another name, or add --force to replace it.")
            % {"path": path}
        )


def _binary_out() -> Any:
    return typer.get_binary_stream("stdout")


@export_app.command("vcard")
def export_vcard(
    destination: Annotated[
        str,
        typer.Argument(help=gettext_lazy('A .vcf file, a folder with --vdir, or "-".')),
    ],
    *,
    version: Annotated[
        VCardVersion, typer.Option("--version", help=gettext_lazy("vCard version."))
    ] = VCardVersion.V3,
    vdir: Annotated[
        bool,
        typer.Option("--vdir", help=gettext_lazy("One file per person in a folder (a vdir).")),
    ] = False,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune", help=gettext_lazy("With --vdir: remove the folder's other .vcf files.")
        ),
    ] = False,
    archived: Annotated[
        bool, typer.Option("--archived", help=gettext_lazy("Include archived people."))
    ] = False,
    force: ForceOption = False,
    user: UserOption = None,
) -> None:
    """Export your network as vCards (3.0 or 4.0), for an address book or a CardDAV sync."""
    from entregent.io import export_vcard as exporter

    with session(user) as owner:
        with progress_bar(_("Writing vCards")) as report:
            options: dict[str, Any] = {"include_archived": archived, "progress": report}
            if vdir:
                result = exporter.write_vdir(
                    owner, Path(destination), version.value, prune=prune, **options
                )
            elif destination == STDOUT:
                count = exporter.write_one_file(owner, _binary_out(), version.value, **options)
            else:
                _free(Path(destination), force=force)
                with Path(destination).open("wb") as stream:
                    count = exporter.write_one_file(owner, stream, version.value, **options)
        if not vdir:
            err().print(_("%(count)s cards written.") % {"count": count}, markup=False)
            return
        message = _(
            "%(cards)s cards in %(folder)s: %(written)s written, %(unchanged)s unchanged, "
            "%(removed)s removed."
        ) % {
            "cards": result.cards,
            "folder": destination,
            "written": result.written,
            "unchanged": result.unchanged,
            "removed": result.removed,
        }
        err().print(message, markup=False, soft_wrap=True)


@export_app.command("csv")
def export_csv(
    destination: Annotated[str, typer.Argument(help=gettext_lazy('A .csv file, or "-".'))],
    *,
    what: Annotated[
        CsvTable, typer.Option("--what", help=gettext_lazy("Which table to export."))
    ] = CsvTable.PEOPLE,
    force: ForceOption = False,
    user: UserOption = None,
) -> None:
    """Export people or interactions as CSV (UTF-8 with a BOM, for spreadsheets)."""
    from entregent.io import export_csv as exporter

    label = _("Writing people") if what is CsvTable.PEOPLE else _("Writing interactions")
    with session(user) as owner:
        with progress_bar(label) as report:
            if what is CsvTable.PEOPLE:
                lines = exporter.people_csv(owner, progress=report)
            else:
                lines = exporter.interactions_csv(owner, progress=report)
            if destination == STDOUT:
                count = exporter.write_csv(_TextToBinary(_binary_out()), lines)
            else:
                _free(Path(destination), force=force)
                with Path(destination).open("w", encoding="utf-8", newline="") as handle:
                    count = exporter.write_csv(handle, lines)
        err().print(_("%(count)s rows written.") % {"count": count}, markup=False)


class _TextToBinary:
    """Text written as UTF-8 to a binary stream, whatever the console's encoding."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return int(self.stream.write(text.encode("utf-8")))


def backup(
    destination: Annotated[
        Path | None,
        typer.Argument(help=gettext_lazy("The backup archive to write (.zip).")),
    ] = None,
    *,
    sqlite_file: Annotated[
        Path | None,
        typer.Option(
            "--sqlite-file",
            help=gettext_lazy("Also copy the whole SQLite database file here, safely."),
        ),
    ] = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Back up your whole network (and photos) to one archive that `restore` reads back."""
    from entregent.io.backup import BackupError, copy_sqlite_database

    if destination is None and sqlite_file is None:
        with handled():
            raise UsageProblem(_("Name the backup file, or give --sqlite-file PATH (or both)."))
    summary: dict[str, Any] = {}
    with handled():
        try:
            if sqlite_file is not None:  # the whole file, every account: no account needed
                _free(sqlite_file, force=force)
                with progress_bar(_("Copying the database")) as report:
                    size = copy_sqlite_database(sqlite_file, progress=report)
                summary["sqlite_file"] = {"path": str(sqlite_file), "bytes": size}
            if destination is not None:
                with session(user) as owner:
                    summary["backup"] = _write_archive(owner, destination, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        _print_backup(summary, as_json=as_json)


def _write_archive(owner: Any, destination: Path, *, force: bool) -> dict[str, Any]:
    from entregent.io.backup import write_backup

    _free(destination, force=force)
    with progress_bar(_("Backing up")) as report:
        result = write_backup(owner, destination, progress=report)
    return {
        "path": str(destination),
        "rows": result.counts,
        "photos": result.photos,
        "missing_photos": result.missing_photos,
    }


def _print_backup(summary: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        echo_json(summary)
        return
    console = out()
    if "sqlite_file" in summary:
        console.print(
            _("Database copied to %(path)s (%(bytes)s bytes).") % summary["sqlite_file"],
            markup=False,
            soft_wrap=True,
        )
    if "backup" in summary:
        done = summary["backup"]
        console.print(
            _("Backed up %(rows)s rows and %(photos)s photos to %(path)s.")
            % {"rows": sum(done["rows"].values()), "photos": done["photos"], "path": done["path"]},
            markup=False,
            soft_wrap=True,
        )
        for name in done["missing_photos"]:
            err().print(_("Photo missing, not backed up: %(name)s") % {"name": name}, markup=False)


def restore(
    source: Annotated[Path, typer.Argument(help=gettext_lazy("A backup archive (.zip)."))],
    *,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            help=gettext_lazy(
                "Account to restore into (default: the one in the backup); "
                "created if it does not exist, and must have no network yet."
            ),
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Restore a backup into an account that has no network yet."""
    from entregent.io.backup import BackupError, read_header
    from entregent.io.backup_restore import restore_backup

    with handled():
        if not source.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": source})
        try:
            manifest = read_header(source)
            with progress_bar(_("Restoring")) as report:
                result = restore_backup(source, username=user, progress=report)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        _print_restore(result, manifest, as_json=as_json)


def _print_restore(result: Any, manifest: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        echo_json(
            {
                "user": result.username,
                "created_account": result.created_account,
                "kept_ids": result.kept_ids,
                "rows": result.counts,
                "photos": result.photos,
                "warnings": result.warnings,
                "backup_created_at": manifest.get("created_at"),
            }
        )
        return
    console = out()
    console.print(
        _("Restored %(rows)s rows and %(photos)s photos into the account “%(name)s”.")
        % {"rows": sum(result.counts.values()), "photos": result.photos, "name": result.username},
        markup=False,
        soft_wrap=True,
    )
    for warning in result.warnings:
        err().print(warning, markup=False, soft_wrap=True)
    if result.created_account:
        console.print(
            _("Sign in with a link from “entregent login-link --user %(name)s”.")
            % {"name": result.username},
            markup=False,
            soft_wrap=True,
        )


def export_person(
    person: Annotated[str, typer.Argument(help=gettext_lazy("Id or name of the person."))],
    *,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=gettext_lazy("Write to this file (default: stdout).")),
    ] = None,
    force: ForceOption = False,
    user: UserOption = None,
) -> None:
    """Everything your network holds about one person, as JSON (their right to their data)."""
    from entregent.services.privacy import export_person as gather

    with session(user) as owner:
        found = find_person(owner, person)
        text = json.dumps(gather(owner, found), ensure_ascii=False, indent=2)
        if output is None:
            typer.echo(text)
            return
        _free(output, force=force)
        output.write_text(text + "\n", encoding="utf-8")
        err().print(_("Written to %(path)s.") % {"path": output}, markup=False)


def erase(
    person: Annotated[str, typer.Argument(help=gettext_lazy("Id or name of the person."))],
    *,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=gettext_lazy("Do not ask for confirmation."))
    ] = False,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Erase one person and everything about them from your network, for good."""
    from entregent.services.privacy import erase_person, erasure_preview

    with session(user) as owner:
        found = find_person(owner, person)
        preview = erasure_preview(owner, found)
        if not yes:
            _print_erasure(preview.name, preview.counts)
            question = _("Erase %(name)s and everything about them? This cannot be undone.")
            try:
                confirmed = typer.confirm(question % {"name": preview.name}, default=False)
            except typer.Abort:
                confirmed = False
            if not confirmed:
                err().print(_("Nothing was erased."), markup=False)
                raise typer.Exit(EXIT_INVALID)
        erased = erase_person(owner, found)
        if as_json:
            echo_json({"erased": erased.name, "removed": erased.counts})
            return
        out().print(_("%(name)s was erased.") % {"name": erased.name}, markup=False)


def _print_erasure(name: str, counts: dict[str, int]) -> None:
    from entregent.services.privacy import describe_erasure

    console = err()
    console.print(
        _("Erasing %(name)s removes their record, contact details and roles, and:")
        % {"name": name},
        markup=False,
    )
    for line in describe_erasure(counts):
        console.print(f"  - {line}", markup=False)
