"""The foundation's journeys in a real browser: log in with the printed link, add a person,
log an interaction from their page, find them without accents, switch to French."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from typer.testing import CliRunner

from entregent.cli.main import app
from entregent.services import accounts, people
from entregent.services.people import PersonData

# Serialized rollback restores the NACE sectors that the migrations seed, which a
# transactional test flushes away.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def owner(transactional_db):
    return accounts.create_account("owner", email="owner@example.org")


def log_in_with_printed_link(page, owner):
    """The link `entregent login-link` prints, opened in the browser."""
    result = CliRunner().invoke(app, ["login-link", "--user", owner.username, "--json"])
    assert result.exit_code == 0, result.output
    url = json.loads(result.stdout)["login_url"]
    page.goto(urlparse(url).path)


def test_printed_login_link_opens_the_welcome_page(page, owner):
    log_in_with_printed_link(page, owner)
    expect(page.get_by_test_id("build-demo")).to_be_visible()
    # The link works once only.
    page.context.clear_cookies()
    result_page = page.goto("/people/")
    assert "/login/" in page.url
    assert result_page is not None


def test_add_a_person_then_log_an_interaction_without_reloading(page, owner):
    log_in_with_printed_link(page, owner)
    page.goto("/people/new/")
    page.get_by_test_id("person-first-name").fill("Hélène")
    page.get_by_test_id("person-last-name").fill("Dupré")
    page.get_by_test_id("person-emails").fill("helene@example.fr")
    page.get_by_test_id("person-submit").click()
    expect(page.get_by_role("heading", name="Hélène Dupré")).to_be_visible()
    # The heading shows before the deferred scripts run: on a busy machine the form could be
    # sent before htmx takes it over, and then it reloads the page (the no-script path).
    page.wait_for_load_state("load")
    person_url = page.url

    loads = []
    page.on("load", lambda _page: loads.append(1))
    form = page.get_by_test_id("log-form")
    form.get_by_test_id("log-kind").select_option("meal")
    form.get_by_test_id("log-summary").fill("Déjeuner au Procope, parlé de son projet")
    form.get_by_test_id("log-submit").click()
    timeline = page.get_by_test_id("timeline")
    expect(timeline.get_by_text("Déjeuner au Procope, parlé de son projet")).to_be_visible()
    assert page.url == person_url
    assert loads == [], "logging an interaction reloaded the page"


def test_log_with_several_participants_picked_by_typing(page, owner):
    helene = people.create_person(owner, PersonData(first_name="Hélène", last_name="Dupré"))
    people.create_person(owner, PersonData(first_name="Loïc", last_name="Bénard"))
    log_in_with_printed_link(page, owner)
    page.goto(f"/people/{helene.pk}/")
    form = page.get_by_test_id("log-form")
    form.get_by_test_id("log-participants").fill("loic")
    form.get_by_test_id("log-suggestion").filter(has_text="Loïc Bénard").click()
    expect(form.get_by_test_id("log-chosen")).to_have_count(2)
    # The picker hands the focus back to its text input (to pick the next person): wait for
    # it before typing elsewhere, as a person would.
    expect(form.get_by_test_id("log-participants")).to_be_focused()
    form.get_by_test_id("log-summary").fill("Café à trois")
    form.get_by_test_id("log-submit").click()
    item = page.get_by_test_id("timeline-item").filter(has_text="Café à trois")
    expect(item).to_contain_text("Loïc Bénard")


def test_find_a_person_by_an_unaccented_search(page, owner):
    people.create_person(owner, PersonData(first_name="Hélène", last_name="Lefèvre"))
    people.create_person(owner, PersonData(first_name="Jean", last_name="Martin"))
    log_in_with_printed_link(page, owner)
    page.goto("/people/")
    expect(page.get_by_test_id("person-row")).to_have_count(2)
    page.get_by_test_id("people-search").fill("helene lefevre")
    rows = page.get_by_test_id("person-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Hélène Lefèvre")
    expect(page).to_have_url(re.compile(r"q=helene"))


def test_switch_to_french_and_stay_there(page, owner):
    log_in_with_printed_link(page, owner)
    page.goto("/people/")
    page.get_by_test_id("language-fr").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("navigation").get_by_text("Personnes")).to_be_visible()
    # Remembered for the account, whatever the browser says.
    owner.profile.refresh_from_db()
    assert owner.profile.language == "fr"
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_explore_with_the_demo_network(page, owner):
    log_in_with_printed_link(page, owner)
    page.get_by_test_id("build-demo").click()
    page.goto("/people/")
    expect(page.get_by_test_id("person-row")).to_have_count(50)
