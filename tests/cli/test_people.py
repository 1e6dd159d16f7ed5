"""`entregent people`: list and search, accent-insensitive, owner-scoped."""

from __future__ import annotations

from entregent.models import Circle
from entregent.services.people import PersonData, create_person, set_archived


def test_lists_people_alphabetically(cli, owner, helene, francois):
    result = cli("people")
    assert result.exit_code == 0, result.output
    assert result.stdout.index("François Bénard") < result.stdout.index("Hélène Dupré")
    assert "Lefèvre Conseil" in result.stdout


def test_search_ignores_accents_and_case(cli, owner, helene, francois):
    data = cli.json("people", "HELENE")
    assert [row["id"] for row in data] == [helene.pk]
    assert data[0]["organization"] == "Lefèvre Conseil"
    assert [row["id"] for row in cli.json("people", "lefevre")] == [helene.pk]


def test_filters(cli, owner, helene, francois):
    friends = Circle.objects.owned_by(owner).get(key="friends")
    create_person(
        owner,
        PersonData(first_name="Chloé", circle_ids=[friends.pk], sector_codes=["62"]),
    )
    assert [row["name"] for row in cli.json("people", "--circle", "friends")] == ["Chloé"]
    assert [row["name"] for row in cli.json("people", "--sector", "J")] == ["Chloé"]
    assert [row["id"] for row in cli.json("people", "--org", "lefevre conseil")] == [helene.pk]
    assert cli("people", "--org", "Nowhere Ltd").exit_code == 3
    assert cli("people", "--circle", "astronauts").exit_code == 1


def test_archived_and_limit(cli, owner, helene, francois):
    set_archived(owner, francois, archived=True)
    assert [row["id"] for row in cli.json("people")] == [helene.pk]
    assert [row["id"] for row in cli.json("people", "--archived")] == [francois.pk]
    set_archived(owner, francois, archived=False)
    result = cli("people", "--limit", "1")
    assert "1 of 2" in result.stdout


def test_no_match(cli, owner, helene):
    result = cli("people", "quentin")
    assert result.exit_code == 0
    assert "No one matches" in result.stdout


def test_never_lists_another_accounts_people(cli, owner, helene, strangers_person):
    names = [row["name"] for row in cli.json("people", "--user", "owner")]
    assert names == ["Hélène Dupré"]
    assert cli.json("people", "zoe", "--user", "owner") == []
