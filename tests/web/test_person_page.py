"""A person's page: details, circles, sectors, tags, roles, timeline, give-and-take, ties."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from entregent.models import Sector
from entregent.queries import circles
from entregent.services import exchanges
from entregent.services.people import PersonData, add_role, update_person


def url(person) -> str:
    return reverse("entregent:person", args=[person.pk])


def test_the_page_shows_everything_known_about_the_person(owner, owner_client, helene, marc):
    data = PersonData.from_person(helene)
    data.nickname = "Léna"
    data.birthday = "--03-15"
    data.country = "FR"
    data.notes = "Loves sailing."
    data.how_we_met = "Alumni dinner"
    data.introduced_by_id = marc.pk
    data.first_met_on = dt.date(2019, 5, 4)
    data.closeness = 4
    data.priority = 2
    data.cadence_days = 30
    data.circle_ids = [circles(owner).get(key="former-colleagues").pk]
    data.sector_codes = ["64"]
    data.interests = ["Sailing"]
    data.linkedin_url = "linkedin.com/in/helene"
    update_person(owner, helene, data)
    add_role(
        owner,
        helene,
        "BNP Paribas",
        title="Analyste",
        started_on=dt.date(2010, 1, 1),
        ended_on=dt.date(2015, 6, 30),
    )
    page = owner_client.get(url(helene)).content.decode()
    for text in (
        "Hélène Dupré",
        "Léna",
        "helene@example.fr",
        "+33612345678",
        "https://linkedin.com/in/helene",
        "15 March",
        "Lyon",
        "Loves sailing.",
        "Alumni dinner",
        "Marc Lefèvre",
        "4 out of 5",
        "every 30 days",
        "Former colleagues",
        Sector.objects.get(code="64").label_en,
        "Finance",
        "Sailing",
        "Société Générale",
        "BNP Paribas",
        "Analyste",
    ):
        assert text in page, text


def test_the_page_shows_the_timeline_give_and_take_and_ties(owner, owner_client, helene, marc):
    exchanges.log_interaction(owner, [helene.pk, marc.pk], kind="meal", summary="Lunch")
    exchanges.record_favor(owner, helene.pk, given=False, kind="advice", description="CV tips")
    exchanges.add_tie(owner, helene.pk, marc.pk, kind="colleagues")
    response = owner_client.get(url(helene))
    page = response.content.decode()
    assert 'data-testid="timeline"' in page
    assert "Lunch" in page
    assert "CV tips" in page
    assert response.context["balance"].received == 1
    assert [other for _tie, other in response.context["ties"]] == [marc]
    assert 'data-testid="log-form"' in page


def test_a_strangers_person_is_not_found(stranger_client, helene):
    assert stranger_client.get(url(helene)).status_code == 404


def test_an_unknown_person_is_not_found(owner_client):
    assert owner_client.get(reverse("entregent:person", args=[999999])).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(
    owner, owner_client, helene, marc, django_assert_max_num_queries
):
    for index in range(12):
        exchanges.log_interaction(owner, [helene.pk, marc.pk], summary=f"Meeting {index}")
        exchanges.record_favor(owner, helene.pk, given=index % 2 == 0, kind="help")
    exchanges.add_tie(owner, helene.pk, marc.pk)
    with django_assert_max_num_queries(20):
        response = owner_client.get(url(helene))
    assert len(response.context["timeline"]) == 12


def test_the_page_in_french(owner_client, helene):
    response = owner_client.get(url(helene), HTTP_ACCEPT_LANGUAGE="fr")
    assert b'<html lang="fr">' in response.content


def test_older_interactions_are_one_click_away(owner, owner_client, helene):
    import datetime as dt

    from django.utils import timezone

    from entregent.web.contexts import TIMELINE_LENGTH

    start = timezone.now() - dt.timedelta(days=400)
    for day in range(TIMELINE_LENGTH + 5):
        exchanges.log_interaction(
            owner, [helene.pk], occurred_at=start + dt.timedelta(days=day), summary=f"n°{day}"
        )
    page = owner_client.get(f"/people/{helene.pk}/").content.decode()
    assert page.count('data-testid="timeline-item"') == TIMELINE_LENGTH
    assert "n°0<" not in page and 'data-testid="timeline-older"' in page
    more = owner_client.get(f"/people/{helene.pk}/", {"timeline": "100"}).content.decode()
    assert more.count('data-testid="timeline-item"') == TIMELINE_LENGTH + 5
    assert 'data-testid="timeline-older"' not in more
    bad = owner_client.get(f"/people/{helene.pk}/", {"timeline": "lots"})
    assert bad.status_code == 200
