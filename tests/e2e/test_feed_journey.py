"""Journey: open the settings, find the calendar feed address, fetch it as a calendar app
would (no session), read it back; then ask for a new link and see the old one refused."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from typer.testing import CliRunner

from entregent.cli.main import app
from entregent.services import accounts
from tests.plan_samples import network_needing_upkeep

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def owner(transactional_db):
    return accounts.create_account("owner", email="owner@example.org")


def log_in(page, owner):
    result = CliRunner().invoke(app, ["login-link", "--user", owner.username, "--json"])
    assert result.exit_code == 0, result.output
    page.goto(urlparse(json.loads(result.stdout)["login_url"]).path)


def test_subscribe_to_the_plan_from_the_settings_page(page, owner, live_server):
    network_needing_upkeep(owner)
    log_in(page, owner)
    page.goto("/settings/")
    address = page.get_by_test_id("settings-feed-url")
    expect(address).to_be_visible()
    url = address.input_value()
    assert url.startswith(live_server.url + "/feed/") and url.endswith(".ics")

    # A calendar app has no session: a fresh request context, no cookies.
    calendar_app = page.context.browser.new_context()
    try:
        response = calendar_app.request.get(url)
        assert response.status == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        calendar = Calendar.from_ical(response.body())
        summaries = " ".join(str(event["summary"]) for event in calendar.walk("VEVENT"))
        assert "Hélène" in summaries

        page.get_by_test_id("settings-feed-rotate").click()
        expect(page.get_by_test_id("settings-feed-url")).not_to_have_value(url)
        assert calendar_app.request.get(url).status == 404
        new_url = page.get_by_test_id("settings-feed-url").input_value()
        assert calendar_app.request.get(new_url).status == 200
    finally:
        calendar_app.close()
