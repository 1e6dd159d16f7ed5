"""`entregent demo`: builds the demo network with a progress bar."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from entregent.models import Person


def test_demo_creates_the_owner_and_fifty_people(cli):
    result = cli("demo", "--people", "50", "--seed", "1", "--today", "2026-06-01")
    assert result.exit_code == 0, result.output
    owner = get_user_model().objects.get()
    assert Person.objects.owned_by(owner).count() == 50
    assert "50" in result.stdout
    assert "Building the demo network" in result.stderr


def test_demo_json_for_a_chosen_user(cli, owner, stranger):
    data = cli.json("demo", "--people", "20", "--user", "stranger")
    assert data["user"] == "stranger"
    assert data["people"] == 20
    assert data["interactions"] > 20
    assert not Person.objects.owned_by(owner).exists()


def test_demo_refuses_a_network_that_has_people(cli, owner, helene):
    result = cli("demo", "--people", "10")
    assert result.exit_code == 1
    assert result.stderr.startswith("people: ")
    assert Person.objects.owned_by(owner).count() == 1


def test_demo_bad_options(cli, owner):
    assert cli("demo", "--people", "0").exit_code == 2
    result = cli("demo", "--today", "someday")
    assert (result.exit_code, result.stderr.split(":")[0]) == (1, "today")
