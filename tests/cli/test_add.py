"""`entregent add`: a person through services.people.create_person."""

from __future__ import annotations

import pytest

from entregent.models import Person


def test_add_with_every_option(cli, owner):
    result = cli(
        "add",
        "Hélène Dupré",
        "--email", "helene@example.fr",
        "--email", "h.dupre@example.org",
        "--phone", "06 12 34 56 78",
        "--birthday", "1985-03-15",
        "--org", "Lefèvre Conseil",
        "--title", "Directrice",
        "--city", "Lyon",
        "--country", "fr",
        "--circle", "friends",
        "--circle", "Former colleagues",
        "--sector", "62",
        "--closeness", "4",
        "--notes", "Aime le jazz",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    person = Person.objects.owned_by(owner).get()
    assert str(person.pk) in result.stdout
    assert (person.first_name, person.last_name) == ("Hélène", "Dupré")
    assert [e.address for e in person.emails.all()] == ["helene@example.fr", "h.dupre@example.org"]
    assert person.phones.get().e164 == "+33612345678"
    assert (person.birthday_year, person.birthday_month, person.birthday_day) == (1985, 3, 15)
    assert person.roles.get().organization.name == "Lefèvre Conseil"
    assert sorted(c.key for c in person.circles.all()) == ["former-colleagues", "friends"]
    assert [s.code for s in person.sectors.all()] == ["62"]
    assert (person.closeness, person.country, person.notes) == (4, "FR", "Aime le jazz")
    assert "helene" in person.search_text


def test_add_with_explicit_names_and_json(cli, owner):
    data = cli.json("add", "--first", "Jean-Loup", "--last", "de La Fontaine")
    person = Person.objects.owned_by(owner).get()
    assert data == {"id": person.pk, "name": "Jean-Loup de La Fontaine"}


def test_add_shorthand_keeps_compound_last_names(cli, owner):
    assert cli("add", "Noémie Le Gall").exit_code == 0
    person = Person.objects.owned_by(owner).get()
    assert (person.first_name, person.last_name) == ("Noémie", "Le Gall")


def test_quiet_prints_only_the_id(cli, owner):
    result = cli("add", "Loïc", "-q")
    assert result.stdout.strip() == str(Person.objects.owned_by(owner).get().pk)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--email", "not-an-address"], "emails"),
        (["--phone", "call me maybe"], "phones"),
        (["--birthday", "1990-02-31"], "birthday"),
        (["--closeness", "9"], "closeness"),
        (["--country", "France"], "country"),
        (["--circle", "astronauts"], "circles"),
        (["--sector", "999"], "sectors"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(cli, owner, args, field):
    result = cli("add", "Anaïs Lefèvre", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{field}: ")
    assert not Person.objects.owned_by(owner).exists()


def test_a_person_needs_a_name(cli, owner):
    result = cli("add", "--email", "someone@example.org")
    assert result.exit_code == 1
    assert "first_name:" in result.stderr
    assert not Person.objects.exists()


def test_every_error_is_listed(cli, owner):
    result = cli("add", "Zoë", "--email", "nope", "--birthday", "1990-02-31")
    assert result.exit_code == 1
    assert "emails:" in result.stderr
    assert "birthday:" in result.stderr
