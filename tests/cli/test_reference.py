"""docs/cli.md is generated from --help and must match the commands as they are."""

from pathlib import Path

from entregent.cli.main import app
from entregent.cli.reference import markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_is_current():
    assert DOCS.read_text(encoding="utf-8") == markdown(app), "run `make docs`"


def test_every_command_is_in_the_reference():
    text = DOCS.read_text(encoding="utf-8")
    for name in ("add", "log", "people", "show", "demo", "serve", "createuser", "login-link"):
        assert f"## `entregent {name}`" in text
