"""Adding and editing people through the one write path."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from entregent import queries
from entregent.models import Circle, Person, Role
from entregent.services import people
from entregent.services.people import PersonData

pytestmark = pytest.mark.django_db


def test_create_person_stores_contact_points_normalised(owner):
    person = people.create_person(
        owner,
        PersonData(
            first_name="Hélène",
            last_name="Dupré",
            emails=["Helene.Dupre@Example.FR", "helene.dupre@example.fr", "h@perso.fr"],
            phones=["06 12 34 56 78", "+44 20 7946 0958"],
            birthday="--03-15",
            organization="Société Générale",
            title="Directrice financière",
            expertise=["Finance", "M&A"],
        ),
    )
    emails = list(person.emails.values_list("address", "address_normalized", "is_primary"))
    assert emails == [
        ("Helene.Dupre@Example.FR", "helene.dupre@example.fr", True),
        ("h@perso.fr", "h@perso.fr", False),
    ]
    assert list(person.phones.values_list("raw", "e164")) == [
        ("06 12 34 56 78", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
    ]
    assert (person.birthday_day, person.birthday_month, person.birthday_year) == (15, 3, None)
    role = person.roles.get()
    assert role.organization.name == "Société Générale" and role.is_current
    assert person.sort_name == "dupre helene"


def test_unaccented_search_finds_accented_person(owner):
    people.create_person(owner, PersonData(first_name="Hélène", last_name="Lefèvre"))
    people.create_person(owner, PersonData(first_name="Jean", last_name="Martin"))
    found = queries.people(owner, queries.PeopleFilter(query="helene LEFEVRE"))
    assert [p.first_name for p in found] == ["Hélène"]


def test_search_reaches_employer_and_email(owner):
    people.create_person(
        owner,
        PersonData(first_name="Ana", emails=["ana@crédit.example"], organization="Crédit Agricole"),
    )
    assert queries.people(owner, queries.PeopleFilter(query="credit agricole")).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PersonData(first_name="A", emails=["not-an-email"]), "emails"),
        (PersonData(first_name="A", phones=["call me maybe"]), "phones"),
        (PersonData(first_name="A", birthday="1990-02-31"), "birthday"),
        (PersonData(first_name="A", birthday="31/02"), "birthday"),
        (PersonData(first_name="A", closeness=9), "closeness"),
        (PersonData(first_name="A", country="France"), "country"),
        (PersonData(), "first_name"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(owner, data, field):
    with pytest.raises(ValidationError) as caught:
        people.create_person(owner, data)
    assert field in caught.value.message_dict
    assert Person.objects.count() == 0


def test_errors_are_reported_together(owner):
    with pytest.raises(ValidationError) as caught:
        people.create_person(
            owner, PersonData(first_name="A", emails=["x"], phones=["y"], birthday="2001-13-01")
        )
    assert {"emails", "phones", "birthday"} <= set(caught.value.message_dict)


def test_february_29_without_a_year_is_accepted(owner):
    person = people.create_person(owner, PersonData(first_name="Leap", birthday="--02-29"))
    assert person.birthday.month == 2 and person.birthday.day == 29


def test_apple_unknown_year_is_dropped(owner):
    person = people.create_person(owner, PersonData(first_name="Old", birthday="1604-05-01"))
    assert person.birthday_year is None


def test_error_messages_follow_the_language(owner):
    from django.utils import translation

    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        people.create_person(owner, PersonData(first_name="A", birthday="1990-02-31"))
    assert "février" in caught.value.message_dict["birthday"][0]


def test_update_keeps_lists_left_unchanged(owner):
    person = people.create_person(
        owner, PersonData(first_name="Zoë", emails=["zoe@example.org"], phones=["0612345678"])
    )
    data = PersonData.from_person(queries.person(owner, person.pk))
    data.last_name = "Brontë"
    data.phones = None
    people.update_person(owner, person, data)
    person.refresh_from_db()
    assert person.last_name == "Brontë"
    assert person.phones.count() == 1 and person.emails.count() == 1
    assert "bronte" in person.search_text


def test_changing_employer_closes_the_previous_role(owner):
    person = people.create_person(owner, PersonData(first_name="Loïc", organization="Alpha"))
    data = PersonData.from_person(queries.person(owner, person.pk))
    data.organization = "Béta SA"
    people.update_person(owner, person, data)
    roles = Role.objects.filter(person=person).order_by("id")
    assert [r.organization.name for r in roles] == ["Alpha", "Béta SA"]
    assert roles[0].ended_on is not None and roles[1].ended_on is None


def test_circles_of_another_owner_are_ignored(owner, stranger):
    theirs = Circle.objects.owned_by(stranger).get(key="family")
    mine = Circle.objects.owned_by(owner).get(key="friends")
    person = people.create_person(
        owner, PersonData(first_name="Noémie", circle_ids=[theirs.pk, mine.pk])
    )
    assert list(person.circles.all()) == [mine]


def test_introduced_by_must_be_in_my_network(owner, stranger):
    theirs = people.create_person(stranger, PersonData(first_name="Other"))
    with pytest.raises(ValidationError) as caught:
        people.create_person(owner, PersonData(first_name="Me", introduced_by_id=theirs.pk))
    assert "introduced_by" in caught.value.message_dict


def test_update_refuses_another_owners_person(owner, stranger):
    theirs = people.create_person(stranger, PersonData(first_name="Other"))
    with pytest.raises(PermissionError):
        people.update_person(owner, theirs, PersonData(first_name="Hijack"))


def test_sectors_filter_matches_section_and_division(owner):
    people.create_person(owner, PersonData(first_name="Dev", sector_codes=["62"]))
    people.create_person(owner, PersonData(first_name="Baker", sector_codes=["10"]))
    by_section = queries.people(owner, queries.PeopleFilter(sector_code="J"))
    by_division = queries.people(owner, queries.PeopleFilter(sector_code="62"))
    assert [p.first_name for p in by_section] == ["Dev"]
    assert [p.first_name for p in by_division] == ["Dev"]


def test_new_accounts_get_every_seeded_circle(owner):
    from entregent.models import SEEDED_CIRCLES

    keys = set(Circle.objects.owned_by(owner).values_list("key", flat=True))
    assert keys == {key for key, _layer, _label in SEEDED_CIRCLES}
