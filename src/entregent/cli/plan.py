"""This week's plan on the command line: `plan`, and `done`, `snooze`, `dismiss` an action.

Each action of the plan has a stable key ("thank:favor:123"); the decision commands take it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entregent.cli.common import echo_json, local_date, out, parse_date, session, table
from entregent.cli.people import JsonOption, UserOption

KeyArgument = Annotated[
    str,
    typer.Argument(
        help=gettext_lazy('The action\'s key, as `entregent plan` shows it ("thank:favor:12").')
    ),
]


def _as_json(week: Any) -> dict[str, Any]:
    data: dict[str, Any] = dataclasses.asdict(week)
    return data


def _rows(grid: Any, items: list[Any], *, overflow: bool = False) -> None:
    for item in items:
        day = local_date(item.due_on if overflow else item.planned_on or item.due_on)
        flags = "★ " if item.pinned else ""
        grid.add_row(day, f"{flags}{item.title}", str(item.minutes), item.key)


def _print(week: Any, *, whole_week: bool) -> None:
    console = out()
    console.print(
        _("Week of %(monday)s: %(planned)s of %(budget)s minutes planned.")
        % {
            "monday": local_date(week.week_start),
            "planned": week.planned_minutes,
            "budget": week.budget_minutes,
        },
        markup=False,
    )
    for warning in week.warnings:
        console.print(f"! {warning}", markup=False, soft_wrap=True)
    columns = (_("Day"), _("Action"), _("Min"), _("Key"))
    sections: list[tuple[str, list[Any], bool]] = [(_("Today"), week.today, False)]
    if whole_week:
        sections += [
            (_("Later this week"), week.this_week, False),
            (_("Does not fit this week"), week.overflow, True),
        ]
    for title, items, overflow in sections:
        if not items:
            console.print(_("%(section)s: nothing.") % {"section": title}, markup=False)
            continue
        grid = table(*columns, title=title)
        grid.columns[-1].no_wrap = True  # keys are copied and pasted whole
        _rows(grid, items, overflow=overflow)
        console.print(grid)
    hidden = week.overflow_count - len(week.overflow)
    if whole_week and hidden > 0:
        console.print(_("And %(count)s more that do not fit.") % {"count": hidden}, markup=False)
    elif not whole_week and (week.this_week or week.overflow_count):
        console.print(
            _("Later this week: %(count)s more; see them with --week.")
            % {"count": len(week.this_week)},
            markup=False,
        )


def plan(
    *,
    week: Annotated[
        bool, typer.Option("--week", help=gettext_lazy("The whole week, not only today."))
    ] = False,
    everything: Annotated[
        bool,
        typer.Option(
            "--all", help=gettext_lazy("Every action that does not fit, not only the first ones.")
        ),
    ] = False,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """This week's plan: what to do today (and with --week, the rest of the week)."""
    from entregent.services.plan import OVERFLOW_SHOWN, week_plan

    with session(user) as owner:
        limit = None if everything else OVERFLOW_SHOWN if (week or as_json) else 0
        found = week_plan(owner, overflow_limit=limit)
        if as_json:
            echo_json(_as_json(found))
            return
        _print(found, whole_week=week)


def _decide(user: str | None, key: str, decision: str, until: dt.date | None = None) -> None:
    from entregent.services.plan import decide

    with session(user) as owner:
        row = decide(owner, key, decision, snooze_until=until)
        messages = {
            "done": _("Done: %(key)s."),
            "snoozed": _("Snoozed until %(day)s: %(key)s."),
            "dismissed": _("Dismissed: %(key)s."),
        }
        out().print(
            messages[row.decision] % {"key": row.action_key, "day": local_date(row.snoozed_until)},
            markup=False,
        )


def done(key: KeyArgument, *, user: UserOption = None) -> None:
    """Mark an action of the plan done (a favour thanked, a request answered...)."""
    _decide(user, key, "done")


def snooze(
    key: KeyArgument,
    *,
    until: Annotated[
        str, typer.Option(help=gettext_lazy("Until when (a date); a week by default."))
    ] = "",
    user: UserOption = None,
) -> None:
    """Put an action of the plan off until a day."""
    with session(user):
        day = parse_date(until, "snooze_until")
    _decide(user, key, "snoozed", day)


def dismiss(key: KeyArgument, *, user: UserOption = None) -> None:
    """Drop an action from the plan."""
    _decide(user, key, "dismissed")
