"""This week's plan in a real browser: mark an action done, snooze one, log one from the plan,
each without reloading the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from entregent.models import Interaction
from entregent.services import accounts, exchanges, people
from entregent.services.people import PersonData
from tests.e2e.test_journeys import log_in_with_printed_link

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def owner(transactional_db):
    return accounts.create_account("owner", email="owner@example.org")


def thanks_owed(owner, first: str, last: str):
    person = people.create_person(owner, PersonData(first_name=first, last_name=last))
    exchanges.record_favor(
        owner, person.pk, given=False, kind="introduction", occurred_on=timezone.localdate()
    )
    return person


def plan_item(page, title: str):
    return page.get_by_test_id("plan-item").filter(has_text=title)


def no_reload(page) -> list[int]:
    loads: list[int] = []
    page.on("load", lambda _page: loads.append(1))
    return loads


def test_mark_an_action_done_from_the_plan(page, owner):
    helene = thanks_owed(owner, "Hélène", "Dupré")
    thanks_owed(owner, "Marc", "Lefèvre")
    log_in_with_printed_link(page, owner)
    page.goto("/")
    item = plan_item(page, "Thank Hélène Dupré")
    expect(item).to_be_visible()
    loads = no_reload(page)
    item.get_by_test_id("plan-done").click()
    expect(plan_item(page, "Thank Hélène Dupré")).to_have_count(0)
    expect(plan_item(page, "Thank Marc Lefèvre")).to_be_visible()
    expect(page.get_by_text("Done: well done.")).to_be_visible()
    assert loads == [], "marking done reloaded the page"
    favor = helene.favors_given.get()
    assert favor.thanked_on == timezone.localdate()


def test_snooze_an_action_for_a_week(page, owner):
    thanks_owed(owner, "Hélène", "Dupré")
    log_in_with_printed_link(page, owner)
    page.goto("/")
    loads = no_reload(page)
    plan_item(page, "Thank Hélène Dupré").get_by_test_id("plan-snooze").click()
    expect(page.get_by_text("Snoozed for a week.")).to_be_visible()
    expect(plan_item(page, "Thank Hélène Dupré")).to_have_count(0)
    assert loads == []
    page.reload()
    expect(plan_item(page, "Thank Hélène Dupré")).to_have_count(0)


def test_log_what_was_done_from_the_plan(page, owner):
    helene = people.create_person(
        owner, PersonData(first_name="Hélène", last_name="Dupré", closeness=4)
    )
    exchanges.log_interaction(
        owner, [helene.pk], occurred_at=timezone.now() - dt.timedelta(days=120), summary="Café"
    )
    log_in_with_printed_link(page, owner)
    page.goto("/")
    item = plan_item(page, "Keep in touch with Hélène Dupré")
    expect(item).to_be_visible()
    loads = no_reload(page)
    item.get_by_test_id("plan-log").click()
    form = item.get_by_test_id("plan-log-form")
    expect(form).to_be_visible()
    form.get_by_test_id("log-kind").select_option("call")
    form.get_by_test_id("log-summary").fill("Appel : son nouveau poste à Lyon")
    form.get_by_test_id("plan-log-submit").click()
    expect(page.get_by_text("Logged, and marked done.")).to_be_visible()
    expect(plan_item(page, "Keep in touch with Hélène Dupré")).to_have_count(0)
    assert loads == []
    logged = Interaction.objects.owned_by(owner).order_by("-occurred_at").first()
    assert logged.summary == "Appel : son nouveau poste à Lyon"
    assert logged.kind == "call" and logged.direction == "outgoing"
