"""The calendar feed: the private token, and the plan as iCalendar (read back with icalendar)."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from entregent.models import Profile
from entregent.services import feed
from tests.plan_samples import MONDAY, item, network_needing_upkeep, week

WEDNESDAY = MONDAY + dt.timedelta(days=2)


def parse(document: bytes) -> Calendar:
    return Calendar.from_ical(document)


def events(document: bytes) -> dict[str, object]:
    return {str(event["uid"]): event for event in parse(document).walk("VEVENT")}


@pytest.fixture
def sample():
    return week(
        today=[item("thank:favor:1", kind="thank", title="Thank Hélène", person_id=7)],
        this_week=[item("keep-in-touch:person:8", due_on=WEDNESDAY, title="Call Marc")],
        overflow=[item("keep-in-touch:person:9", due_on=MONDAY + dt.timedelta(days=5))],
    )


def render(plan, **options):
    options.setdefault("today", MONDAY)
    options.setdefault("language", "fr")
    return feed.render_calendar(plan, **options)


# --- The document -----------------------------------------------------------------------


def test_one_all_day_event_per_item_with_a_stable_uid(sample):
    found = events(render(sample))
    assert set(found) == {
        "thank:favor:1@entregent",
        "keep-in-touch:person:8@entregent",
        "keep-in-touch:person:9@entregent",
    }
    call = found["keep-in-touch:person:8@entregent"]
    assert call["dtstart"].dt == WEDNESDAY
    assert not isinstance(call["dtstart"].dt, dt.datetime)  # a date: an all-day event
    assert call["dtstart"].params["VALUE"] == "DATE"
    assert call["dtend"].dt == WEDNESDAY + dt.timedelta(days=1)
    assert str(call["summary"]) == "Call Marc"


def test_uids_do_not_change_from_one_refresh_to_the_next(sample):
    first = render(sample, stamp=dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC))
    second = render(sample, stamp=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    assert set(events(first)) == set(events(second))


def test_the_calendar_asks_to_be_refreshed_every_hour(sample):
    calendar = parse(render(sample))
    assert calendar["refresh-interval"].dt == dt.timedelta(hours=1)
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert str(calendar["x-published-ttl"]) == "PT1H"
    assert str(calendar["x-wr-calname"]) == "entregent"
    assert str(calendar["version"]) == "2.0"


def test_description_holds_the_reason_and_the_draft(sample):
    thank = events(render(sample))["thank:favor:1@entregent"]
    description = str(thank["description"])
    assert "No news for 3 months" in description
    assert "Bonjour Hélène,\ncomment vas-tu ?" in description
    assert thank["summary"].params["LANGUAGE"] == "fr"


def test_overflow_is_marked_lower_priority_and_said_so(sample):
    found = events(render(sample))
    assert int(found["thank:favor:1@entregent"]["priority"]) == 1
    assert int(found["keep-in-touch:person:8@entregent"]["priority"]) == 5
    overflow = found["keep-in-touch:person:9@entregent"]
    assert int(overflow["priority"]) == 9
    assert "time budget" in str(overflow["description"])
    # Reminders, not meetings: the days stay free.
    assert str(overflow["transp"]) == "TRANSPARENT"


def test_an_overdue_item_shows_today_not_on_a_past_day():
    late = week(today=[item("late", due_on=MONDAY - dt.timedelta(days=4))])
    event = events(render(late, today=WEDNESDAY))["late@entregent"]
    assert event["dtstart"].dt == WEDNESDAY


def test_each_event_links_to_the_person_or_the_plan(sample):
    found = events(render(sample, base_url="https://crm.example.org/"))
    assert str(found["thank:favor:1@entregent"]["url"]) == "https://crm.example.org/people/7/"
    assert str(found["keep-in-touch:person:8@entregent"]["url"]) == "https://crm.example.org/"


def test_an_empty_plan_is_a_valid_empty_calendar():
    calendar = parse(render(week()))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["prodid"]).startswith("-//entregent")


def test_wording_follows_the_language_given(settings, sample):
    from django.utils import translation

    with translation.override("en"):
        english = events(render(sample, language="en"))["keep-in-touch:person:9@entregent"]
    assert english["summary"].params["LANGUAGE"] == "en"
    assert "About 10 minutes." in str(english["description"])


# --- The token --------------------------------------------------------------------------


def test_the_token_is_made_on_first_use_then_kept(owner):
    assert Profile.objects.get(user=owner).feed_token == ""
    token = feed.feed_token(owner)
    assert token == feed.feed_token(owner)
    profile_id, secret = token.split(".", 1)
    assert int(profile_id) == owner.profile.pk
    assert len(secret) >= 43  # 32 random bytes
    assert feed.owner_for_token(token) == owner


def test_rotating_replaces_the_token(owner):
    old = feed.feed_token(owner)
    new = feed.rotate_feed_token(owner)
    assert new != old
    assert feed.owner_for_token(old) is None
    assert feed.owner_for_token(new) == owner
    assert feed.feed_token(owner) == new


def test_each_account_has_its_own_token(owner, stranger):
    mine, theirs = feed.feed_token(owner), feed.feed_token(stranger)
    assert feed.owner_for_token(theirs) == stranger
    # My secret with their id, or theirs with mine, opens nothing.
    my_id, my_secret = mine.split(".", 1)
    their_id, their_secret = theirs.split(".", 1)
    assert feed.owner_for_token(f"{their_id}.{my_secret}") is None
    assert feed.owner_for_token(f"{my_id}.{their_secret}") is None


@pytest.mark.parametrize(
    "token", ["", "nothing", ".secret", "12.", "x.secret", "999999.secret", "1.a.b"]
)
def test_malformed_or_unknown_tokens_open_nothing(owner, token):
    feed.feed_token(owner)
    assert feed.owner_for_token(token) is None


def test_no_token_yet_opens_nothing(owner):
    assert feed.owner_for_token(f"{owner.profile.pk}.") is None
    assert feed.owner_for_token(f"{owner.profile.pk}.anything") is None


def test_a_deactivated_account_has_no_feed(owner):
    token = feed.feed_token(owner)
    owner.is_active = False
    owner.save()
    assert feed.owner_for_token(token) is None


# --- Through the real plan ------------------------------------------------------------


@pytest.fixture
def monday_morning(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 7, tzinfo=dt.UTC), tick=False)


def test_the_real_plan_as_a_calendar(owner, monday_morning):
    from entregent.models import Favor

    helene, marc = network_needing_upkeep(owner)
    favour = Favor.objects.owned_by(owner).get(giver=helene)
    found = events(feed.calendar_for(owner))
    thank = found[f"thank:favor:{favour.pk}@entregent"]
    assert "Hélène Dupré" in str(thank["summary"])
    assert "Introduced me to the CFO of Acme" in str(thank["description"])
    [keep] = [e for uid, e in found.items() if uid.startswith(f"cadence:person:{marc.pk}:")]
    assert "Marc" in str(keep["summary"])
    assert str(keep["url"]).endswith(f"/people/{marc.pk}/")
    # Each on the day the plan puts it on, within this week.
    for event in found.values():
        assert MONDAY <= event["dtstart"].dt <= MONDAY + dt.timedelta(days=6)


def test_the_real_plan_keeps_its_uids_from_one_refresh_to_the_next(owner, monday_morning):
    network_needing_upkeep(owner)
    first = events(feed.calendar_for(owner))
    second = events(feed.calendar_for(owner))
    assert len(first) >= 2
    assert set(first) == set(second)
    assert {uid: e["dtstart"].dt for uid, e in first.items()} == {
        uid: e["dtstart"].dt for uid, e in second.items()
    }


def test_a_calendar_holds_only_its_owners_plan(owner, stranger, monday_morning):
    network_needing_upkeep(owner)
    theirs = feed.calendar_for(stranger).decode()
    assert "Hélène" not in theirs and "Marc" not in theirs
    assert events(feed.calendar_for(stranger)) == {}


def test_a_thanked_favour_leaves_the_calendar(owner, monday_morning):
    from entregent.models import Favor
    from entregent.services import exchanges

    helene, _marc = network_needing_upkeep(owner)
    favour = Favor.objects.owned_by(owner).get(giver=helene)
    exchanges.mark_thanked(owner, favour)
    assert f"thank:favor:{favour.pk}@entregent" not in events(feed.calendar_for(owner))


def test_the_calendar_speaks_the_owners_language(owner, monday_morning):
    from entregent.services import accounts

    network_needing_upkeep(owner)
    accounts.update_preferences(owner, language="fr")
    calendar = parse(feed.calendar_for(owner))
    assert {e["summary"].params["LANGUAGE"] for e in calendar.walk("VEVENT")} == {"fr"}


def test_the_day_the_plan_chose_wins_over_the_due_date():
    plan = week(this_week=[item("k", due_on=MONDAY, planned_on=WEDNESDAY, notes=("Careful",))])
    event = events(render(plan))["k@entregent"]
    assert event["dtstart"].dt == WEDNESDAY
    assert "Careful" in str(event["description"])
