"""docs/cli.md, generated from the commands' own --help (`make docs`; a test keeps it current)."""

from __future__ import annotations

from typing import Any

import typer
from django.utils import translation
from typer.testing import CliRunner


def _paths(command: Any, path: list[str]) -> list[list[str]]:
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not getattr(sub, "hidden", False):
            found.extend(_paths(sub, [*path, name]))
    return found


def markdown(app: typer.Typer) -> str:
    """The reference of every command, in English, as plain text 100 columns wide."""
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "LANG": "C.UTF-8"}
    lines = [
        "# Command-line reference",
        "",
        "Generated from `entregent --help` by `make docs`; do not edit by hand.",
        "",
    ]
    with translation.override("en"):
        for path in _paths(typer.main.get_command(app), []):
            result = runner.invoke(app, [*path, "--help"], env=env, prog_name="entregent")
            lines += [f"## `{' '.join(['entregent', *path])}`", "", "```text"]
            lines += [line.rstrip() for line in result.output.strip("\n").splitlines()]
            lines += ["```", ""]
    return "\n".join(lines)
