"""`entregent demo`: fill an empty account with a realistic demo network."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from entregent.cli.common import acting_as, echo_json, err, handled, out, parse_date, table
from entregent.cli.people import JsonOption


def demo(
    *,
    people: Annotated[
        int, typer.Option(min=1, help=gettext_lazy("How many people to create."))
    ] = 300,
    seed: Annotated[
        int | None, typer.Option(help=gettext_lazy("Same seed, same network (default 0)."))
    ] = None,
    today: Annotated[
        str, typer.Option(help=gettext_lazy("Build as if today were this date."))
    ] = "",
    user: Annotated[
        str | None,
        typer.Option(
            "--user", help=gettext_lazy("Account to fill; created when there is none yet.")
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Build a demo network (people, exchanges, events, goals) to explore entregent."""
    from entregent.services.demo import build_demo

    with handled():
        owner = _owner(user)
    with acting_as(owner):
        day = parse_date(today, "today")
        with _progress_bar() as report:
            summary = build_demo(owner, people=people, seed=seed, progress=report, today=day)
        _print_summary(owner, dataclasses.asdict(summary), as_json=as_json)


def _owner(user: str | None) -> Any:
    from django.contrib.auth import get_user_model

    from entregent.cli.common import resolve_account
    from entregent.cli.ops import default_owner_name
    from entregent.services import accounts

    if get_user_model().objects.exists():
        return resolve_account(user)
    owner = accounts.create_account(user or default_owner_name())
    err().print(_("Created the account “%(name)s”.") % {"name": owner.username}, markup=False)
    return owner


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr (--json output stays clean), shown from the first report:
    a build refused at once prints its reason alone."""
    progress = Progress(
        TextColumn(_("Building the demo network")),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err(),
    )
    task = progress.add_task("demo", total=None, start=False)

    def report(done: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
            progress.start_task(task)
        progress.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        if progress.live.is_started:
            progress.stop()


def _print_summary(owner: Any, summary: dict[str, int], *, as_json: bool) -> None:
    if as_json:
        echo_json({"user": owner.username, **summary})
        return
    labels = {
        "people": _("People"),
        "organizations": _("Organisations"),
        "interactions": _("Interactions"),
        "ties": _("Ties"),
        "favors": _("Favours"),
        "events": _("Events"),
        "goals": _("Goals"),
    }
    grid = table(
        _("Created"), _("Count"), title=_("Demo network for %(name)s") % {"name": owner.username}
    )
    for key, label in labels.items():
        grid.add_row(label, f"{summary[key]:,}")
    out().print(grid)
