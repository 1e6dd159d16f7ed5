"""Adding, editing and archiving a person: what the services say shows next to the field."""

from __future__ import annotations

from django.urls import reverse

from entregent.models import Person
from entregent.queries import circles

NEW = reverse("entregent:person-new")


def form_data(**changes):
    data = {
        "first_name": "Chloé",
        "last_name": "Martin",
        "emails": "chloe@example.org\nc.martin@work.example",
        "phones": "+44 20 7946 0958",
        "birthday": "15/03/1985",
        "city": "Nantes",
        "organization": "Airbus",
        "title": "Ingénieure",
        "expertise": "Aéronautique, Supply chain",
        "interests": "Voile",
        "closeness": "3",
    }
    data.update(changes)
    return data


def test_the_form_page_has_test_hooks(owner_client):
    page = owner_client.get(NEW).content.decode()
    for hook in ("person-form", "person-first-name", "person-emails", "person-submit"):
        assert f'data-testid="{hook}"' in page


def test_adding_a_person_saves_everything_and_shows_their_page(owner, owner_client):
    clients = circles(owner).get(key="clients")
    response = owner_client.post(NEW, form_data(circles=[clients.pk], sectors=["30"]))
    person = Person.objects.owned_by(owner).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:person", args=[person.pk])
    assert [e.address for e in person.emails.all()] == [
        "chloe@example.org",
        "c.martin@work.example",
    ]
    assert person.phones.get().e164 == "+442079460958"
    assert (person.birthday_day, person.birthday_month, person.birthday_year) == (15, 3, 1985)
    assert person.roles.get().organization.name == "Airbus"
    tags = sorted(tag.name for tag in person.tags.all())
    assert tags == ["Aéronautique", "Supply chain", "Voile"]
    assert list(person.circles.all()) == [clients]
    assert [s.code for s in person.sectors.all()] == ["30"]
    assert person.closeness == 3


def test_a_birthday_without_year_is_accepted(owner, owner_client):
    owner_client.post(NEW, form_data(birthday="--03-15"))
    person = Person.objects.owned_by(owner).get()
    assert (person.birthday_day, person.birthday_month, person.birthday_year) == (15, 3, None)


def assert_refused(response, field, message):
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_an_invalid_email_is_shown_next_to_the_field_and_nothing_saved(owner_client):
    response = owner_client.post(NEW, form_data(emails="chloe@example.org\nnot-an-email"))
    assert_refused(response, "emails", "“not-an-email” is not a valid e-mail address.")


def test_an_unreadable_phone_is_shown_next_to_the_field_and_nothing_saved(owner_client):
    response = owner_client.post(NEW, form_data(phones="12"))
    assert_refused(response, "phones", "“12” is not a phone number we can read.")


def test_an_impossible_birthday_is_shown_next_to_the_field_and_nothing_saved(owner_client):
    response = owner_client.post(NEW, form_data(birthday="1990-02-31"))
    assert_refused(response, "birthday", "February has no day 31.")


def test_a_person_needs_a_name(owner_client):
    response = owner_client.post(NEW, form_data(first_name="", last_name=""))
    assert_refused(response, "first_name", "Give at least a first name")


def test_closeness_out_of_range_is_refused(owner_client):
    response = owner_client.post(NEW, form_data(closeness="9"))
    assert_refused(response, "closeness", "Choose a number from 1 to 5.")


def test_several_errors_show_at_once(owner_client):
    response = owner_client.post(NEW, form_data(emails="nope", country="France"))
    errors = response.context["form"].errors
    assert {"emails", "country"} <= set(errors)


def test_introduced_by_can_be_typed_without_javascript(owner, owner_client, marc):
    owner_client.post(NEW, form_data(introduced_by_text="marc lefevre"))
    assert Person.objects.get(first_name="Chloé").introduced_by == marc


def test_an_unknown_introducer_is_refused(owner_client, marc):
    response = owner_client.post(NEW, form_data(introduced_by_text="Nobody Here"))
    assert "introduced_by" in response.context["form"].errors
    assert not Person.objects.filter(first_name="Chloé").exists()


def test_a_strangers_person_cannot_be_the_introducer(owner_client, stranger_person):
    response = owner_client.post(NEW, form_data(introduced_by=[stranger_person.pk]))
    assert "introduced_by" in response.context["form"].errors
    assert not Person.objects.filter(first_name="Chloé").exists()


def test_the_edit_form_shows_the_current_facts(owner_client, helene):
    response = owner_client.get(reverse("entregent:person-edit", args=[helene.pk]))
    form = response.context["form"]
    assert form["first_name"].value() == "Hélène"
    assert form["emails"].value() == "helene@example.fr"
    assert form["organization"].value() == "Société Générale"
    assert form["expertise"].value() == "Finance"


def test_editing_saves_and_returns_to_the_person(owner, owner_client, helene):
    url = reverse("entregent:person-edit", args=[helene.pk])
    data = form_data(first_name="Hélène", last_name="Dupré-Roux", emails="h@example.fr")
    response = owner_client.post(url, data)
    assert response.status_code == 302
    helene.refresh_from_db()
    assert helene.last_name == "Dupré-Roux"
    assert [e.address for e in helene.emails.all()] == ["h@example.fr"]
    assert "dupre-roux" in helene.search_text


def test_a_failed_edit_changes_nothing(owner_client, helene):
    url = reverse("entregent:person-edit", args=[helene.pk])
    response = owner_client.post(url, form_data(first_name="Changed", birthday="1990-02-31"))
    assert "birthday" in response.context["form"].errors
    helene.refresh_from_db()
    assert helene.first_name == "Hélène"


def test_a_stranger_cannot_see_or_edit_the_owners_person(stranger_client, helene):
    url = reverse("entregent:person-edit", args=[helene.pk])
    assert stranger_client.get(url).status_code == 404
    assert stranger_client.post(url, form_data()).status_code == 404
    helene.refresh_from_db()
    assert helene.first_name == "Hélène"


def test_archiving_and_bringing_back(owner_client, helene):
    url = reverse("entregent:person-archive", args=[helene.pk])
    response = owner_client.post(url, {"archived": "1"})
    assert response.status_code == 302
    helene.refresh_from_db()
    assert helene.archived
    owner_client.post(url, {"archived": "0"})
    helene.refresh_from_db()
    assert not helene.archived


def test_archiving_is_a_post(owner_client, helene):
    url = reverse("entregent:person-archive", args=[helene.pk])
    assert owner_client.get(url).status_code == 405


def test_a_stranger_cannot_archive_the_owners_person(stranger_client, helene):
    url = reverse("entregent:person-archive", args=[helene.pk])
    assert stranger_client.post(url, {"archived": "1"}).status_code == 404
    helene.refresh_from_db()
    assert not helene.archived


def test_the_form_in_french(owner_client):
    response = owner_client.get(NEW, HTTP_ACCEPT_LANGUAGE="fr")
    assert b'<html lang="fr">' in response.content
