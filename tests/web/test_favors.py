"""Give-and-take: record something given or received, mark it thanked."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from entregent.models import Favor
from entregent.services import exchanges
from tests.web.conftest import HTMX


def add_url(person) -> str:
    return reverse("entregent:favor-add", args=[person.pk])


def test_recording_business_passed_on_with_an_amount(owner_client, helene):
    response = owner_client.post(
        add_url(helene),
        {
            "direction": "given",
            "kind": "business",
            "occurred_on": "2024-03-01",
            "description": "Passed on the audit contract",
            "amount": "1 200,50",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#favors")
    favor = Favor.objects.get()
    assert favor.receiver == helene and favor.giver is None
    assert favor.amount == Decimal("1200.50")


def test_recording_something_received_with_htmx(owner_client, helene):
    response = owner_client.post(
        add_url(helene),
        {"direction": "received", "kind": "advice", "description": "Salary negotiation tips"},
        headers=HTMX,
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="favors"')
    assert "Salary negotiation tips" in page
    assert Favor.objects.get().giver == helene


def test_an_amount_on_advice_is_refused_next_to_the_field(owner_client, helene):
    response = owner_client.post(
        add_url(helene), {"direction": "given", "kind": "advice", "amount": "100"}
    )
    assert response.status_code == 200
    assert "Only business passed on has an amount." in response.content.decode()
    assert response.context["favor_form"].errors["amount"]
    assert not Favor.objects.exists()


def test_an_unreadable_amount_is_refused(owner_client, helene):
    response = owner_client.post(
        add_url(helene), {"direction": "given", "kind": "business", "amount": "lots"}, headers=HTMX
    )
    assert "is not an amount" in response.content.decode()
    assert not Favor.objects.exists()


def test_a_stranger_cannot_record_on_the_owners_person(stranger_client, helene):
    response = stranger_client.post(add_url(helene), {"direction": "given", "kind": "advice"})
    assert response.status_code == 404
    assert not Favor.objects.exists()


def test_marking_thanked(owner, owner_client, helene):
    favor = exchanges.record_favor(owner, helene.pk, given=False, kind="introduction")
    response = owner_client.post(reverse("entregent:favor-thanked", args=[favor.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:person", args=[helene.pk]) + "#favors"
    favor.refresh_from_db()
    assert favor.thanked_on is not None


def test_marking_thanked_with_htmx_swaps_the_ledger(owner, owner_client, helene):
    favor = exchanges.record_favor(owner, helene.pk, given=False, kind="introduction")
    response = owner_client.post(reverse("entregent:favor-thanked", args=[favor.pk]), headers=HTMX)
    assert "Thanked on" in response.content.decode()


def test_a_stranger_cannot_mark_the_owners_favour(owner, stranger_client, helene):
    favor = exchanges.record_favor(owner, helene.pk, given=False, kind="help")
    response = stranger_client.post(reverse("entregent:favor-thanked", args=[favor.pk]))
    assert response.status_code == 404
    favor.refresh_from_db()
    assert favor.thanked_on is None
