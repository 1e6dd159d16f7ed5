"""Command-line fixtures: a CliRunner bound to the `entregent` app, and a few people."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from entregent.cli.main import app
from entregent.services.people import PersonData, create_person


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: object, input: str | None = None):
        # Wide enough that Rich never wraps a table cell in the middle of a name.
        env = {"COLUMNS": "200"}
        return self.runner.invoke(app, [str(arg) for arg in args], input=input, env=env)

    def json(self, *args: object):
        result = self(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def cli(db):
    return Cli()


@pytest.fixture
def helene(owner):
    return create_person(
        owner,
        PersonData(
            first_name="Hélène",
            last_name="Dupré",
            emails=["helene@example.fr"],
            organization="Lefèvre Conseil",
            title="Directrice",
            city="Lyon",
        ),
    )


@pytest.fixture
def francois(owner):
    return create_person(owner, PersonData(first_name="François", last_name="Bénard"))


@pytest.fixture
def strangers_person(stranger):
    return create_person(stranger, PersonData(first_name="Zoë", last_name="Müller"))
