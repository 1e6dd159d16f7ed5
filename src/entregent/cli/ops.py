"""Running entregent: `serve`, `migrate`, `config show`."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entregent.cli.common import echo_json, err, handled, login_url, out, table
from entregent.cli.people import JsonOption

config_app = typer.Typer(
    help=cast(str, gettext_lazy("Inspect the configuration.")), no_args_is_help=True
)

DEFAULT_OWNER = "owner"


def migrate() -> None:
    """Create or update the database tables."""
    from django.core.management import call_command

    with handled():
        call_command("migrate", interactive=False)


@config_app.command("show")
def config_show(*, as_json: JsonOption = False) -> None:
    """Print every setting with its effective value (secrets masked)."""
    from entregent import conf

    with handled():
        rows = conf.effective()
        if as_json:
            echo_json([{"variable": v, "value": value, "help": h} for v, value, h in rows])
            return
        grid = table(_("Variable"), _("Value"), _("Meaning"))
        for variable, value, meaning in rows:
            grid.add_row(variable, value, meaning)
        out().print(grid)


# Threaded workers: a request runs in a thread while the worker's own loop keeps telling
# gunicorn that it is alive. An import of a big file runs in its request for minutes,
# streaming its progress to the page; the default sync worker would be killed (and the
# import rolled back) once a request outlasts --timeout. With gthread the timeout only
# catches a worker that hangs as a whole, and the other threads keep serving pages
# meanwhile. A restart still gives running requests gunicorn's graceful timeout (30 s) to
# finish; an import cut short by it lands nothing.
WORKER_THREADS = 4
WORKER_TIMEOUT = 60


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line; the one next to this Python works without an active venv."""
    sibling = Path(sys.executable).parent / "gunicorn"
    program = str(sibling) if sibling.exists() else "gunicorn"
    bind = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
    return [
        program,
        "entregent.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(WORKER_THREADS),
        "--timeout",
        str(WORKER_TIMEOUT),
    ]


def default_owner_name() -> str:
    """The login name of whoever runs the server, or "owner" when it cannot be told."""
    from django.contrib.auth.validators import UnicodeUsernameValidator
    from django.core.exceptions import ValidationError

    try:
        name = getpass.getuser()
        UnicodeUsernameValidator()(name)
    except (OSError, KeyError, ValidationError):
        return DEFAULT_OWNER
    return name or DEFAULT_OWNER


def _owner_for_link(user: str | None) -> Any:
    """Whom the start-up login link is for: --user, the only account, or the first admin."""
    from django.contrib.auth import get_user_model

    from entregent.cli.common import resolve_account

    if user:
        return resolve_account(user)
    users = get_user_model().objects.filter(is_active=True).order_by("id")
    return users.filter(is_superuser=True).first() or users.first()


def serve(
    *,
    host: Annotated[
        str | None,
        typer.Option(
            help=gettext_lazy("Address to listen on (default: ENTREGENT_HOST, 127.0.0.1).")
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help=gettext_lazy("Port (default: ENTREGENT_PORT, 8000).")),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help=gettext_lazy("Worker processes."))
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help=gettext_lazy("Print the login link for them."))
    ] = None,
) -> None:
    """Run the web app with gunicorn, after setting the database up."""
    from django.conf import settings
    from django.core.management import call_command

    from entregent import conf
    from entregent.services import accounts

    with handled():
        host = host or conf.value("HOST")
        port = port or conf.value("PORT")
        workers = workers or conf.value("WORKERS")
        call_command("migrate", interactive=False, verbosity=0)
        # Static files come from the package (whitenoise finders); an empty STATIC_ROOT
        # only spares a warning per worker.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        console = out()
        if not _any_account():
            created = accounts.create_account(default_owner_name())
            console.print(
                _("Created the account “%(name)s”.") % {"name": created.username}, markup=False
            )
        owner = _owner_for_link(user)
        url = login_url(accounts.issue_login_link(owner), host, port)
        console.print(
            _("entregent is starting on %(address)s. Sign in within the hour with:")
            % {"address": f"http://{host}:{port}/"},
            markup=False,
        )
        console.print(url, markup=False, soft_wrap=True)
        argv = gunicorn_argv(host, port, workers)
    # exec replaces this process: flush what we printed, or it is lost when piped.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvp(argv[0], argv)
    except OSError as exc:
        err().print(_("Could not start gunicorn: %(error)s") % {"error": exc}, markup=False)
        raise typer.Exit(1) from None


def _any_account() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.exists()
