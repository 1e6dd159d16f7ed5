"""What every command shares: Django set-up, the acting account, errors and exit codes, output.

Command modules import models, services and queries inside their functions: the root
callback sets Django up first, and importing a model before that fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zoneinfo
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

# Exit codes, documented in `entregent --help`.
EXIT_INVALID = 1  # the input was read but is not acceptable; "field: message" on stderr
EXIT_USAGE = 2  # the command line itself is wrong (Typer/click use 2 as well)
EXIT_NOT_FOUND = 3  # no such account or person, or not yours


class CommandError(Exception):
    """A problem to report to the user with an exit code, never a traceback."""

    exit_code = EXIT_INVALID


class NotFound(CommandError):
    exit_code = EXIT_NOT_FOUND


class UsageProblem(CommandError):
    exit_code = EXIT_USAGE


class Ambiguous(CommandError):
    def __init__(self, query: str, candidates: Sequence[Any]) -> None:
        super().__init__(
            _("“%(query)s” matches several people; name one by its id:") % {"query": query}
        )
        self.candidates = list(candidates)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entregent.settings")
    import django

    django.setup()


def out() -> Console:
    # Created per call, so that output goes to whatever sys.stdout is now (tests swap it).
    return Console(highlight=False)


def err() -> Console:
    return Console(stderr=True, highlight=False)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def table(*columns: str, title: str | None = None) -> Table:
    grid = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        grid.add_column(column, overflow="fold")
    return grid


def _print_validation_error(exc: Any) -> None:
    console = err()
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            name = field if field != "__all__" else _("error")
            for message in messages:
                console.print(f"{name}: {message}", markup=False, soft_wrap=True)
    else:
        for message in exc.messages:
            console.print(message, markup=False, soft_wrap=True)


@contextmanager
def handled() -> Iterator[None]:
    """Turn the errors a command can meet into a message on stderr and an exit code."""
    from django.core.exceptions import ObjectDoesNotExist, ValidationError
    from django.db import DatabaseError

    from entregent.conf import ConfigError

    try:
        yield
    except ValidationError as exc:
        _print_validation_error(exc)
        raise typer.Exit(EXIT_INVALID) from None
    except Ambiguous as exc:
        console = err()
        console.print(str(exc), markup=False)
        for person in exc.candidates:
            console.print(f"  {person.pk:>6}  {person_line(person)}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except CommandError as exc:
        err().print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except (ObjectDoesNotExist, PermissionError):
        err().print(_("Not found."), markup=False)
        raise typer.Exit(EXIT_NOT_FOUND) from None
    except ConfigError as exc:
        err().print(_("Configuration error: %(error)s") % {"error": exc}, markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    except DatabaseError as exc:
        message = _("Database error: %(error)s. Is the database set up (“entregent migrate”)?")
        err().print(message % {"error": exc}, markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_INVALID) from None


def resolve_account(name: str | None) -> Any:
    """The account named by --user, or the only one of a single-user install."""
    from django.contrib.auth import get_user_model

    from entregent.services import accounts

    users = get_user_model().objects.filter(is_active=True)
    if name:
        user = users.filter(username=name).first()
        if user is None:
            raise NotFound(_("Not found: there is no account named “%(name)s”.") % {"name": name})
        return user
    user = accounts.the_only_account()
    if user is not None:
        return user
    if not users.exists():
        raise NotFound(
            _(
                "There is no account yet. Create one with “entregent createuser NAME”, "
                "or start the app with “entregent serve”."
            )
        )
    raise UsageProblem(_("There are several accounts: choose one with --user NAME."))


@contextmanager
def acting_as(owner: Any) -> Iterator[None]:
    """The owner's language and time zone while a command works for them."""
    from django.conf import settings
    from django.utils import timezone, translation

    profile = getattr(owner, "profile", None)
    language = (profile.language if profile else "") or translation.get_language()
    zone_name = (profile.timezone if profile else "") or settings.TIME_ZONE
    try:
        zone: dt.tzinfo = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with translation.override(language), timezone.override(zone), handled():
        yield


@contextmanager
def session(user: str | None) -> Iterator[Any]:
    """Resolve the acting account, then run the command in its language, errors handled."""
    with handled():
        owner = resolve_account(user)
    with acting_as(owner):
        yield owner


def find_person(owner: Any, query: str) -> Any:
    """One person of the owner's network, by id or by a name that matches only them."""
    from entregent import queries
    from entregent.engines import text

    query = query.strip()
    matches = queries.find_people(owner, query, limit=20) if query else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        if query.isdigit():
            raise NotFound(_("Not found: no person #%(id)s in your network.") % {"id": query})
        raise NotFound(
            _("Not found: no one in your network matches “%(query)s”.") % {"query": query}
        )
    exact = [person for person in matches if text.fold(person.full_name) == text.fold(query)]
    if len(exact) == 1:
        return exact[0]
    raise Ambiguous(query, exact or matches)


def person_line(person: Any) -> str:
    """A person's name with their current employer, for lists of candidates."""
    from entregent.cli.people_show import current_role

    name: str = person.full_name
    role = current_role(person)
    if role is None:
        return name
    where = f"{role.title}, {role.organization.name}" if role.title else role.organization.name
    return f"{name} ({where})"


def local_datetime(value: dt.datetime) -> str:
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def local_date(value: dt.date | None) -> str:
    from django.utils import formats

    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def parse_date(value: str | None, field: str) -> dt.date | None:
    """A date from YYYY-MM-DD or DD/MM/YYYY; None when empty."""
    from django.core.exceptions import ValidationError

    if not value or not value.strip():
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        {field: _("“%(value)s” is not a date. Write 2026-11-20 or 20/11/2026.") % {"value": value}}
    )


def login_url(token: str, host: str | None = None, port: int | None = None) -> str:
    """The one-time login link, on the address the server listens on."""
    from entregent import conf

    host = host or conf.value("HOST")
    port = port or conf.value("PORT")
    if host in {"", "0.0.0.0"}:  # listening everywhere: the browser opens it locally
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/login/{token}/"
