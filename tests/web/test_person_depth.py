"""Depth and warmth on a person's page and in the people list, in English and French."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from entregent import score_text
from entregent.engines.explain import Reach, TieFacts
from entregent.engines.scoring import Level
from entregent.services import exchanges, scores

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def url(person) -> str:
    return reverse("entregent:person", args=[person.pk])


def log(owner, person, days_ago: int, **options) -> None:
    when = NOW - dt.timedelta(days=days_ago)
    exchanges.log_interaction(owner, [person.pk], occurred_at=when, **options)


def depth_section(html: str) -> str:
    match = re.search(r'<section id="depth".*?</section>', html, re.S)
    assert match, "no depth section"
    return match.group(0)


def test_the_page_shows_the_level_and_the_sentence_behind_it(owner, owner_client, helene):
    log(owner, helene, 900, kind="meal", direction="outgoing")
    log(owner, helene, 400, kind="meeting", direction="incoming")
    log(owner, helene, 90, kind="email", direction="outgoing")
    log(owner, helene, 80, kind="call", direction="incoming")
    section = depth_section(owner_client.get(url(helene)).content.decode())
    facts = scores.explain(owner, helene.pk)
    label = score_text.level_label(facts.level)
    assert f'data-testid="depth-level">{label}<' in section
    assert (
        f"{label}: in touch 4 times in 2 years, both of you reach out, last seen in March 2026."
        in section
    )
    assert "% chance of being in touch within the next 30 days." in section
    assert "<polyline" in section and "<title" in section
    assert "style=" not in section  # the CSP forbids inline styles
    assert 'data-testid="going-cold"' not in section
    assert "What makes this depth" in section


def test_a_tie_going_cold_gets_a_badge_and_a_reason(owner, owner_client, helene):
    for days in (300, 290, 280, 270):
        log(owner, helene, days, kind="call")
    section = depth_section(owner_client.get(url(helene)).content.decode())
    assert 'data-testid="going-cold"' in section
    assert "Going cold: no exchange for 9 months, when you are usually in touch every" in section
    assert "Due for a contact since" in section


def test_a_person_never_in_touch(owner, owner_client, marc):
    section = depth_section(owner_client.get(url(marc)).content.decode())
    assert "Contact: no exchange logged yet." in section
    assert "<polyline" in section  # a flat line at zero


def test_the_page_in_french_keeps_the_numbers_and_the_french_month(owner, client, helene):
    owner.profile.language = "fr"
    owner.profile.save()
    client.force_login(owner)
    log(owner, helene, 400, kind="meal", direction="outgoing")
    log(owner, helene, 95, kind="meal", direction="outgoing")
    with translation.override("en"):  # the page switches to French: keep it there
        section = depth_section(client.get(url(helene)).content.decode())
    sentence = re.search(r'data-testid="depth-explanation">(.*?)</p>', section, re.S).group(1)
    # Two meals ten months apart, the last one in March (Django's French month names).
    assert re.search(r"\b2\b.*\b10\b.*mars 2026", sentence), sentence


def test_the_page_of_someone_elses_person_is_not_found(stranger_client, helene):
    assert stranger_client.get(url(helene)).status_code == 404


def test_the_people_list_shows_each_level(owner, owner_client, helene, marc):
    data_closeness = scores.explain(owner, helene.pk)
    assert data_closeness.level == Level.CONTACT
    log(owner, helene, 3, kind="meal")
    scores.recompute(owner)
    html = owner_client.get(reverse("entregent:people")).content.decode()
    badges = re.findall(r'data-testid="row-level">([^<]+)<', html)
    assert len(badges) == 2
    assert set(badges) <= {score_text.level_label(level) for level in Level}


def facts(**changes) -> TieFacts:
    base = {
        "level": Level.RELATION,
        "depth": 0.4,
        "warmth": 0.3,
        "interactions": 6,
        "outgoing": 3,
        "incoming": 3,
        "reaches_out": Reach.BOTH,
        "span_years": 2.0,
        "first_seen": (dt.datetime(2024, 3, 10, tzinfo=dt.UTC).timestamp() / 86400),
        "last_seen": (dt.datetime(2026, 3, 10, tzinfo=dt.UTC).timestamp() / 86400),
        "silence_days": 97.0,
        "usual_gap_days": 20.0,
        "going_cold": True,
        "kinds": 3,
        "intimate_share": 0.5,
        "favors": 0,
        "shared_ties": 0,
        "closeness": None,
        "parts": {},
    }
    return TieFacts(**{**base, **changes})


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_sentence_in_english(english):
    assert score_text.sentence(facts()) == (
        "Relation: in touch 6 times in 2 years, both of you reach out, last seen in March 2026."
    )
    assert score_text.sentence(facts(interactions=1, reaches_out=Reach.NOBODY)) == (
        "Relation: in touch once, last seen in March 2026."
    )
    six_months = (dt.datetime(2025, 9, 10, tzinfo=dt.UTC).timestamp()) / 86400
    assert score_text.sentence(facts(reaches_out=Reach.YOU, first_seen=six_months)) == (
        "Relation: in touch 6 times in 6 months, you do most of the reaching out,"
        " last seen in March 2026."
    )
    assert score_text.cold_sentence(facts()) == (
        "Going cold: no exchange for 3 months, when you are usually in touch every 3 weeks."
    )
    assert score_text.cold_sentence(facts(going_cold=False)) is None


def test_the_sentence_in_french_keeps_its_structure():
    with translation.override("fr"):
        sentence = score_text.sentence(facts())
        cold = score_text.cold_sentence(facts())
    assert "6" in sentence and "2" in sentence
    assert "mars 2026" in sentence
    assert sentence.count(",") >= 2 and sentence.endswith(".")
    assert cold.count("3") == 2


def test_durations_pick_the_largest_unit_that_fits(english):
    assert [score_text.duration(days) for days in (0.2, 1, 10, 20, 45, 90, 400, 800)] == [
        "1 day",
        "1 day",
        "10 days",
        "3 weeks",
        "6 weeks",
        "3 months",
        "13 months",
        "2 years",
    ]
