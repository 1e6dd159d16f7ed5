"""The `entregent` command: daily verbs (add, log, people, show...) and ops (serve, migrate).

Exit codes: 0 done; 1 the input is not acceptable ("field: message" lines on stderr);
2 the command line is wrong; 3 no such account or person (or not yours).
"""

from __future__ import annotations

import contextlib
from typing import cast

import typer
from django.utils.translation import gettext_lazy

from entregent.cli import accounts, demo, exchanges, ops, people
from entregent.cli import digest as digest_cli
from entregent.cli import export as export_cli
from entregent.cli import io as io_cli
from entregent.cli import plan as plan_cli
from entregent.cli import scores as scores_cli
from entregent.cli.common import EXIT_USAGE, err, setup_django

app = typer.Typer(
    name="entregent",
    # Lazy: translated when shown. Typer only ever turns it into text.
    help=cast(
        str,
        gettext_lazy(
            "entregent: keep your network alive. Exit codes: 0 done, 1 invalid input, "
            "2 wrong command line, 3 not found."
        ),
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def main() -> None:
    """Set Django up before any command runs."""
    from entregent.conf import ConfigError

    try:
        setup_django()
    except ConfigError as exc:
        err().print(f"entregent: {exc}", markup=False)
        raise typer.Exit(EXIT_USAGE) from None


app.command("add")(people.add)
app.command("log")(exchanges.log)
app.command("people")(people.list_people)
app.command("show")(people.show)
app.command("tie")(exchanges.tie)
app.command("favor")(exchanges.favor)
app.command("demo")(demo.demo)
app.command("createuser")(accounts.createuser)
app.command("login-link")(accounts.login_link)
app.command("migrate")(ops.migrate)
app.add_typer(ops.config_app, name="config")
app.command("serve")(ops.serve)
app.command("rescore")(scores_cli.rescore)
app.command("score-log")(scores_cli.score_log)
app.command("digest")(digest_cli.digest)
app.add_typer(export_cli.export_app, name="export")
app.command("export-person")(export_cli.export_person)
app.command("erase")(export_cli.erase)
app.command("backup")(export_cli.backup)
app.command("restore")(export_cli.restore)
app.add_typer(io_cli.import_app, name="import")
app.command("merge")(io_cli.merge)
app.command("plan")(plan_cli.plan)
app.command("done")(plan_cli.done)
app.command("snooze")(plan_cli.snooze)
app.command("dismiss")(plan_cli.dismiss)


def run() -> None:
    """Console-script entry point (`entregent`, `python -m entregent`)."""
    # Help texts are translated when shown, which needs Django; --help runs before main().
    with contextlib.suppress(Exception):  # main() reports a bad configuration properly
        setup_django()
    app(prog_name="entregent")
