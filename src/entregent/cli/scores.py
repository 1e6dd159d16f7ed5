"""`entregent rescore` rebuilds the score cache; `entregent score-log` scores any message log."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entregent.cli.common import (
    EXIT_INVALID,
    EXIT_USAGE,
    acting_as,
    echo_json,
    err,
    handled,
    out,
    resolve_account,
)
from entregent.cli.people import JsonOption


def rescore(
    *,
    user: Annotated[
        str | None,
        typer.Option(
            "--user", help=gettext_lazy("Only this account (user name); every account otherwise.")
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Recompute depth, going cold and who needs attention for everyone, from every interaction."""
    from entregent.services import scores

    with handled():
        owners = [resolve_account(user)] if user else _every_account()
    results: list[dict[str, Any]] = []
    for owner in owners:
        with acting_as(owner):
            summary = scores.recompute(owner, rebuild=True)
            results.append(
                {
                    "user": owner.username,
                    "people": summary.people,
                    "changed": summary.written,
                    "seconds": round(summary.seconds, 3),
                }
            )
            if not as_json:
                out().print(
                    _("%(user)s: %(people)s people scored, %(changed)s changed, in %(seconds)s s.")
                    % {
                        "user": owner.username,
                        "people": f"{summary.people:,}",
                        "changed": f"{summary.written:,}",
                        "seconds": f"{summary.seconds:.2f}",
                    },
                    markup=False,
                )
    if as_json:
        echo_json(results)


def _every_account() -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True).order_by("pk"))


def score_log(
    log: Annotated[
        Path,
        typer.Argument(
            help=gettext_lazy(
                "Message log: `sender recipient [weight] time` per line, CSV or spaces; "
                "times in unix seconds or ISO dates; `%` starts a comment. `-` reads stdin."
            ),
            show_default=False,
        ),
    ],
    *,
    as_of: Annotated[
        str,
        typer.Option(
            "--as-of",
            help=gettext_lazy(
                "Score at this moment (unix seconds or ISO date): earlier lines only."
            ),
            show_default=False,
        ),
    ],
    horizon: Annotated[
        float,
        typer.Option(min=0.001, help=gettext_lazy("Warmth: chance of a message within DAYS.")),
    ] = 30.0,
) -> None:
    """Score every pair of a message log: CSV `a,b,warmth,depth` on standard output."""
    from entregent.engines.temporal_log import score_log

    moment = _moment(as_of)
    parsed = _read_log(log)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["a", "b", "warmth", "depth"])
    for pair in score_log(parsed, moment, horizon=horizon):
        writer.writerow([pair.a, pair.b, f"{pair.warmth:.6f}", f"{pair.depth:.6f}"])


def _moment(as_of: str) -> float:
    from entregent.engines.temporal_log import parse_time

    try:
        return parse_time(as_of.strip())
    except ValueError:
        err().print(
            _("--as-of: “%(value)s” is not a time. Write unix seconds or 2026-11-20.")
            % {"value": as_of},
            markup=False,
        )
        raise typer.Exit(EXIT_USAGE) from None


def _read_log(log: Path) -> Any:
    """The parsed log; a clear message and exit code 1 for a bad line or an unreadable file."""
    from entregent.engines.temporal_log import LogError, read_log

    name = str(log)
    try:
        if name == "-":
            return read_log(sys.stdin)
        with log.open(encoding="utf-8") as lines:
            return read_log(lines)
    except LogError as exc:
        err().print(f"{name}: {exc}", markup=False, soft_wrap=True)
    except (OSError, UnicodeDecodeError) as exc:
        err().print(
            _("%(file)s: cannot read it (%(error)s).") % {"file": name, "error": exc},
            markup=False,
            soft_wrap=True,
        )
    raise typer.Exit(EXIT_INVALID)
