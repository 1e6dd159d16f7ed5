"""GET /feed/<token>.ics: the plan for calendar apps, opened by its secret address alone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from entregent.services import feed
from tests.plan_samples import network_needing_upkeep


def feed_path(owner) -> str:
    return reverse("entregent:feed", args=[feed.feed_token(owner)])


def summaries(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return [str(event["summary"]) for event in calendar.walk("VEVENT")]


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def network(owner):
    return network_needing_upkeep(owner)


def test_the_feed_opens_without_signing_in(anonymous, owner, network):
    response = anonymous.get(feed_path(owner))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    uids = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    assert uids and all(uid.endswith("@entregent") for uid in uids)
    text = response.content.decode()
    assert "Hélène" in text and "Marc" in text


def test_the_same_items_keep_their_uids_on_the_next_refresh(anonymous, owner, network):
    def uids():
        calendar = Calendar.from_ical(anonymous.get(feed_path(owner)).content)
        return {str(event["uid"]) for event in calendar.walk("VEVENT")}

    assert uids() == uids()


def test_a_calendar_app_may_ask_with_head(anonymous, owner):
    assert anonymous.head(feed_path(owner)).status_code == 200
    assert anonymous.post(feed_path(owner)).status_code == 405


@pytest.mark.parametrize("token", ["nope", "1.nope", "999999.abc"])
def test_a_wrong_token_is_not_found(anonymous, owner, token):
    feed.feed_token(owner)
    response = anonymous.get(reverse("entregent:feed", args=[token]))
    assert response.status_code == 404


def test_a_new_link_retires_the_old_address(anonymous, owner, owner_client):
    old = feed_path(owner)
    response = owner_client.post(reverse("entregent:feed-rotate"))
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("entregent:settings") + "#feed")
    assert anonymous.get(old).status_code == 404
    new = feed_path(owner)
    assert new != old
    assert anonymous.get(new).status_code == 200


def test_only_the_owner_can_ask_for_a_new_link(anonymous, owner):
    path = feed_path(owner)
    response = anonymous.post(reverse("entregent:feed-rotate"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert feed_path(owner) == path
    assert anonymous.get(reverse("entregent:feed-rotate")).status_code in {302, 405}


def test_a_new_link_is_a_post(owner_client, owner):
    path = feed_path(owner)
    assert owner_client.get(reverse("entregent:feed-rotate")).status_code == 405
    assert feed_path(owner) == path


def test_a_stranger_sees_only_their_own_plan(anonymous, owner, network, stranger):
    theirs = anonymous.get(feed_path(stranger))
    assert theirs.status_code == 200
    assert "Hélène" not in theirs.content.decode()
    # Their secret on my profile's id opens nothing.
    my_id = feed.feed_token(owner).split(".")[0]
    their_secret = feed.feed_token(stranger).split(".", 1)[1]
    forged = reverse("entregent:feed", args=[f"{my_id}.{their_secret}"])
    assert anonymous.get(forged).status_code == 404


def test_a_stranger_rotating_their_link_leaves_mine(stranger_client, owner, stranger):
    mine = feed_path(owner)
    stranger_client.post(reverse("entregent:feed-rotate"))
    assert feed_path(owner) == mine


def test_the_feed_is_in_the_owners_language(anonymous, owner, network):
    owner.profile.language = "fr"
    owner.profile.save()
    response = anonymous.get(feed_path(owner), HTTP_ACCEPT_LANGUAGE="en")
    calendar = Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert event["summary"].params["LANGUAGE"] == "fr"
