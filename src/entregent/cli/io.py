"""Importing: `import FILE...` (with `--dry-run`), `import undo|list|show`, and `merge`.

`entregent import contacts.vcf linkedin-export.zip` detects the format; `import undo 12`
reverses batch 12. `entregent merge A B` merges B into A; `merge --suggestions` lists the
likely duplicates (similar names at the same organisation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from entregent.cli.common import (
    NotFound,
    echo_json,
    err,
    local_datetime,
    out,
    session,
    table,
)
from entregent.cli.merge import merge
from entregent.cli.people import JsonOption, UserOption

__all__ = ["import_app", "merge"]  # `merge` lives in cli/merge.py, registered from here

DETAILS_SHOWN = 20


class ImportGroup(TyperGroup):
    """`import FILE...` runs the default command; `import undo|list|show` the others."""

    default_command = "files"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


import_app = typer.Typer(
    cls=ImportGroup,
    help=gettext_lazy(  # type: ignore[arg-type]
        "Import vCard files or a LinkedIn export: entregent import FILE... "
        "(also: import undo BATCH, import list, import show BATCH)."
    ),
    no_args_is_help=True,
)


@import_app.command("files")
def import_files(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help=gettext_lazy("vCard files, folders of them, zips, a LinkedIn export."),
            show_default=False,
        ),
    ],
    *,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=gettext_lazy("Force the format: vcard, linkedin, csv, ics or mailbox."),
        ),
    ] = None,
    mapping: Annotated[
        str,
        typer.Option(
            "--map",
            help=gettext_lazy(
                "Read a CSV table by its columns: first_name=Prénom,last_name=Nom,emails=Courriel."
            ),
        ),
    ] = "",
    since: Annotated[
        datetime | None,
        typer.Option(
            "--since",
            formats=["%Y-%m-%d"],
            help=gettext_lazy("Calendars: meetings from this day (default: 3 years ago)."),
        ),
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(
            "--until",
            formats=["%Y-%m-%d"],
            help=gettext_lazy("Calendars: meetings up to this day (default: today)."),
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=gettext_lazy("Show the report, write nothing."))
    ] = False,
    details: Annotated[
        bool, typer.Option("--details", help=gettext_lazy("List every record, not a sample."))
    ] = False,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Import FILE... into your network, as one batch you can undo."""
    from entregent.services import imports

    with session(user) as owner:
        with _progress_bar() as report:
            batch = imports.import_files(
                owner,
                list(paths),
                forced_format=fmt,
                dry_run=dry_run,
                progress=report,
                mapping=mapping,
                since=since.date() if since else None,
                until=until.date() if until else None,
            )
        if as_json:
            echo_json(_batch_json(batch))
            return
        print_report(batch, details=details)
        if dry_run:
            out().print(_("Dry run: nothing was written."), markup=False)
        else:
            out().print(
                _("Batch #%(id)s. To undo it: entregent import undo %(id)s") % {"id": batch.pk},
                markup=False,
            )


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int], None]]:
    """A spinner with a count on stderr (so that --json stays clean)."""
    labels = {
        "read": _("Reading and matching"),
        "write": _("Writing"),
        "done": _("Done"),
    }
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} records"),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
    )
    task = progress.add_task(labels["read"], total=None)

    def report(stage: str, done: int) -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, description=labels.get(stage, stage), completed=done)

    try:
        yield report
    finally:
        if progress.live.is_started:
            progress.stop()


def _batch_json(batch: Any) -> dict[str, Any]:
    return {
        "batch": batch.pk,
        "format": batch.format,
        "status": batch.status,
        "created": batch.created,
        "updated": batch.updated,
        "merged": batch.merged,
        "skipped": batch.skipped,
        "report": batch.report,
    }


def print_report(batch: Any, *, details: bool = False) -> None:
    """Counts per kind, then skipped records, conflicts and notices, each with its place."""
    from entregent.services import import_report as wording

    report = batch.report or {}
    console = out()
    grid = table(_("Records"), _("Created"), _("Updated"), _("Merged"), _("Unchanged"))
    for label, counts in wording.summary_lines(report):
        grid.add_row(
            label,
            *(f"{counts.get(key, 0):,}" for key in ("created", "updated", "merged", "unchanged")),
        )
    console.print(grid)
    limit = None if details else DETAILS_SHOWN
    sections: list[tuple[str, list[dict[str, Any]], Callable[[dict[str, Any]], str]]] = [
        (pgettext("import", "Skipped"), report.get("skipped", []), wording.describe_skip),
        (_("Conflicts (your value was kept)"), report.get("conflicts", []), _conflict_line),
        (_("Notices"), report.get("notices", []), wording.describe_notice),
    ]
    if details:
        sections += [
            (_("Created"), report.get("created", []), _record_line),
            (_("Updated"), report.get("updated", []), _record_line),
            (_("Merged"), report.get("merged", []), _record_line),
        ]
    for title, entries, describe in sections:
        _print_section(title, entries, describe, limit)
    _print_footer(report)


def _print_section(
    title: str,
    entries: list[dict[str, Any]],
    describe: Callable[[dict[str, Any]], str],
    limit: int | None,
) -> None:
    from entregent.services.import_report import describe_where

    if not entries:
        return
    console = out()
    console.print(f"\n{title} ({len(entries):,})", markup=False)
    for entry in entries[:limit]:
        where = describe_where(entry.get("where", {}))
        console.print(f"  {where}: {describe(entry)}", markup=False, soft_wrap=True)
    if limit is not None and len(entries) > limit:
        more = _("  … and %(count)s more (--details)") % {"count": len(entries) - limit}
        console.print(more, markup=False)


def _print_footer(report: dict[str, Any]) -> None:
    console = out()
    if report.get("ignored_files"):
        names = ", ".join(report["ignored_files"])
        console.print(
            "\n" + _("Not read: %(files)s") % {"files": names}, markup=False, soft_wrap=True
        )
    if report.get("suggestions"):
        count = len(report["suggestions"])
        console.print(
            "\n"
            + _("%(count)s possible duplicates: see entregent merge --suggestions")
            % {"count": count},
            markup=False,
        )


def _conflict_line(entry: dict[str, Any]) -> str:
    from entregent.services.import_report import describe_conflict

    return f"{entry.get('label', '')} (#{entry.get('id')}) — {describe_conflict(entry)}"


def _record_line(entry: dict[str, Any]) -> str:
    pk = f" (#{entry['id']})" if "id" in entry else ""
    return f"{entry.get('label', '')}{pk}"


def _owned_batch(owner: Any, batch_id: int) -> Any:
    from entregent.models import ImportBatch

    batch = ImportBatch.objects.owned_by(owner).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("Not found: no import #%(id)s in your network.") % {"id": batch_id})
    return batch


@import_app.command("undo")
def undo(
    batch_id: Annotated[int, typer.Argument(help=gettext_lazy("The batch number."))],
    *,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Undo an import: remove what it created, restore what it changed."""
    from entregent.services.import_undo import undo_batch

    with session(user) as owner:
        result = undo_batch(owner, _owned_batch(owner, batch_id))
        if as_json:
            echo_json({"batch": batch_id, **result.__dict__})
            return
        out().print(
            _(
                "Import #%(id)s undone: %(removed)s people removed, %(restored)s restored, "
                "%(other)s other records removed."
            )
            % {
                "id": batch_id,
                "removed": result.removed_people,
                "restored": result.restored_people,
                "other": result.removed_other,
            },
            markup=False,
        )
        if result.kept_values:
            out().print(
                _("%(count)s values you changed since the import were left as they are.")
                % {"count": result.kept_values},
                markup=False,
            )


@import_app.command("list")
def list_batches(*, as_json: JsonOption = False, user: UserOption = None) -> None:
    """List your imports, newest first."""
    from entregent.models import ImportBatch

    with session(user) as owner:
        batches = list(ImportBatch.objects.owned_by(owner).order_by("-created_at", "-id")[:100])
        if as_json:
            echo_json([{k: v for k, v in _batch_json(b).items() if k != "report"} for b in batches])
            return
        grid = table(
            "#",
            _("When"),
            _("Format"),
            _("Files"),
            _("Created"),
            _("Updated"),
            _("Merged"),
            pgettext("import", "Skipped"),
            _("Status"),
        )
        for batch in batches:
            grid.add_row(
                str(batch.pk),
                local_datetime(batch.created_at),
                batch.format,
                batch.file_names.replace("\n", ", "),
                f"{batch.created:,}",
                f"{batch.updated:,}",
                f"{batch.merged:,}",
                f"{batch.skipped:,}",
                str(batch.get_status_display()),
            )
        out().print(grid)


@import_app.command("show")
def show(
    batch_id: Annotated[int, typer.Argument(help=gettext_lazy("The batch number."))],
    *,
    details: Annotated[
        bool, typer.Option("--details", help=gettext_lazy("List every record, not a sample."))
    ] = False,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Show the report of an import."""
    with session(user) as owner:
        batch = _owned_batch(owner, batch_id)
        if as_json:
            echo_json(_batch_json(batch))
            return
        print_report(batch, details=details)
