"""A second account gets 404 on every page that names one of the first account's objects.

The test walks the URL map itself, so a new page with an id in its path cannot be added
without deciding here which object it names.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from entregent.models import Favor, ImportBatch, Person, Tie
from entregent.services import exchanges, people
from entregent.services.people import PersonData

pytestmark = pytest.mark.django_db

# Which object each id-bearing route names, by route name.
OBJECT_OF_ROUTE = {
    "person": "person",
    "person-edit": "person",
    "person-archive": "person",
    "tie-add": "person",
    "favor-add": "person",
    "pick-chosen": "person",
    "tie-remove": "tie",
    "favor-thanked": "favor",
    "import": "batch",
    "import-confirm": "batch",
    "import-cancel": "batch",
    "import-undo": "batch",
    "person-export": "person",
    "person-erase": "person",
}


def id_routes() -> list[URLPattern]:
    resolver = get_resolver()
    (web,) = [p for p in resolver.url_patterns if getattr(p, "namespace", None) == "entregent"]
    return [p for p in web.url_patterns if "<int:pk>" in str(p.pattern)]


@pytest.fixture
def owners_objects(owner):
    person = people.create_person(owner, PersonData(first_name="Hélène"))
    other = people.create_person(owner, PersonData(first_name="Marc"))
    tie = exchanges.add_tie(owner, person.pk, other.pk)
    favor = exchanges.record_favor(owner, person.pk, given=True, kind="advice")
    exchanges.log_interaction(owner, [person.pk], occurred_at=None)
    batch = ImportBatch.objects.create(owner=owner, format="vcard", status="preview")
    return {"person": person, "tie": tie, "favor": favor, "batch": batch}


def test_every_id_route_is_covered():
    assert {p.name for p in id_routes()} == set(OBJECT_OF_ROUTE)


def test_stranger_gets_404_everywhere(stranger_client, owners_objects):
    for pattern in id_routes():
        target = owners_objects[OBJECT_OF_ROUTE[pattern.name]]
        kwargs = {"pk": target.pk}
        if "<slug:key>" in str(pattern.pattern):
            kwargs["key"] = "log"
        url = reverse(f"entregent:{pattern.name}", kwargs=kwargs)
        answers = {
            "GET": stranger_client.get(url).status_code,
            "POST": stranger_client.post(url, {"other": target.pk, "kind": "advice"}).status_code,
        }
        # A method the route does not accept answers 405 whoever asks; the accepted one 404.
        assert set(answers.values()) <= {404, 405}, f"{url}: {answers}"
        assert 404 in answers.values(), f"{url}: {answers}"


def test_stranger_changes_nothing(stranger_client, owners_objects):
    person = owners_objects["person"]
    stranger_client.post(
        reverse("entregent:person-edit", kwargs={"pk": person.pk}), {"first_name": "Pirate"}
    )
    stranger_client.post(reverse("entregent:person-archive", kwargs={"pk": person.pk}))
    stranger_client.post(reverse("entregent:tie-remove", kwargs={"pk": owners_objects["tie"].pk}))
    person.refresh_from_db()
    assert person.first_name == "Hélène" and not person.archived
    assert Tie.objects.filter(pk=owners_objects["tie"].pk).exists()
    assert Favor.objects.get(pk=owners_objects["favor"].pk).thanked_on is None


def test_stranger_cannot_log_an_interaction_with_my_people(stranger_client, owners_objects):
    person = owners_objects["person"]
    response = stranger_client.post(
        reverse("entregent:interaction-new"),
        {"participants": [person.pk], "kind": "meeting", "summary": "sneaky"},
    )
    assert response.status_code in (200, 400, 404)
    assert not person.interactions.filter(summary="sneaky").exists()


def test_stranger_lists_and_searches_see_nothing_of_mine(stranger_client, owners_objects):
    for url in (reverse("entregent:people") + "?q=helene", reverse("entregent:home")):
        assert "Hélène" not in stranger_client.get(url).content.decode()
    picked = stranger_client.get(reverse("entregent:pick", kwargs={"key": "log"}), {"q": "hel"})
    assert "Hélène" not in picked.content.decode()


def test_plain_accounts_do_not_get_the_admin(stranger_client, owners_objects):
    person = owners_objects["person"]
    response = stranger_client.get(f"/admin/entregent/person/{person.pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Person.objects.filter(pk=person.pk).exists()
