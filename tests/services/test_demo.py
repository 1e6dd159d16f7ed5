"""The demo network: reproducible, realistic, consistent with what the services write."""

from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, F

from entregent import models, queries
from entregent.engines import text
from entregent.services import accounts, exchanges
from entregent.services.demo import DemoSummary, build_demo
from entregent.services.people import PersonData, create_person, refresh_search
from entregent.services.validation import normalize_phone

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def demo(owner):
    calls = []
    summary = build_demo(
        owner, people=300, seed=7, today=TODAY, progress=lambda *args: calls.append(args)
    )
    return owner, summary, calls


def _names(owner):
    return list(
        models.Person.objects.owned_by(owner).order_by("id").values_list("first_name", "last_name")
    )


def test_same_seed_and_day_give_the_same_network(db):
    first, second, third = (accounts.create_account(name) for name in ("a", "b", "c"))
    one = build_demo(first, people=120, seed=3, today=TODAY)
    two = build_demo(second, people=120, seed=3, today=TODAY)
    other = build_demo(third, people=120, seed=4, today=TODAY)
    assert one == two
    assert _names(first) == _names(second)
    assert _names(first) != _names(third)
    assert other.people == 120


def test_summary_counts_what_was_written(demo):
    owner, summary, _calls = demo
    assert summary == DemoSummary(
        people=models.Person.objects.owned_by(owner).count(),
        organizations=models.Organization.objects.owned_by(owner).count(),
        interactions=models.Interaction.objects.owned_by(owner).count(),
        ties=models.Tie.objects.owned_by(owner).count(),
        favors=models.Favor.objects.owned_by(owner).count(),
        events=models.Event.objects.owned_by(owner).count(),
        goals=models.Goal.objects.owned_by(owner).count(),
    )
    assert summary.people == 300
    assert 10 * 300 < summary.interactions < 40 * 300


def test_progress_is_reported_up_to_the_total(demo):
    _owner, _summary, calls = demo
    assert calls[0] == (0, 300)
    assert calls[-1] == (300, 300)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)


def test_every_seeded_circle_is_represented(demo):
    owner, _summary, _calls = demo
    used = set(
        models.Circle.objects.owned_by(owner)
        .annotate(people=Count("person"))
        .filter(people__gt=0)
        .values_list("key", flat=True)
    )
    assert used == {key for key, _layer, _label in models.SEEDED_CIRCLES}


def test_names_carry_accents_and_both_languages(demo):
    owner, _summary, _calls = demo
    names = [" ".join(pair) for pair in _names(owner)]
    assert sum(not name.isascii() for name in names) > 50
    languages = set(models.Person.objects.owned_by(owner).values_list("language", flat=True))
    assert languages == {"fr", "en"}


def test_a_top_ten_is_pinned(demo):
    owner, _summary, _calls = demo
    ranks = models.Person.objects.owned_by(owner).exclude(priority=None)
    assert sorted(ranks.values_list("priority", flat=True)) == list(range(1, 11))
    assert all(closeness >= 4 for closeness in ranks.values_list("closeness", flat=True))


def test_a_few_people_are_seen_far_more_often_than_most(demo):
    owner, _summary, _calls = demo
    counts = dict(
        models.Person.objects.owned_by(owner)
        .annotate(seen=Count("participation"))
        .values_list("priority", "seen")
        .exclude(priority=None)
    )
    everyone = list(
        models.Person.objects.owned_by(owner)
        .annotate(seen=Count("participation"))
        .values_list("seen", flat=True)
    )
    assert statistics.median(counts.values()) > 8 * statistics.median(everyone)
    assert min(everyone) <= 1
    group = models.Interaction.objects.owned_by(owner).annotate(n=Count("participation"))
    assert group.filter(n__gt=1).exists()
    last = models.Interaction.objects.owned_by(owner).latest("occurred_at").occurred_at
    first = models.Interaction.objects.owned_by(owner).earliest("occurred_at").occurred_at
    assert last.date() < TODAY
    assert (TODAY - first.date()).days > 2 * 365


def test_search_fields_match_what_the_services_compute(demo):
    owner, _summary, _calls = demo
    sample = models.Person.objects.owned_by(owner).order_by("id")[::7]
    for person in sample:
        stored = (person.search_text, person.sort_name)
        refresh_search(person)
        assert (person.search_text, person.sort_name) == stored, person.pk


def test_unaccented_search_finds_accented_people(demo):
    owner, _summary, _calls = demo
    accented = models.Person.objects.owned_by(owner).filter(first_name__in=["Hélène", "Éloïse"])
    assert accented.exists()
    for person in accented[:3]:
        query = text.fold(f"{person.first_name} {person.last_name}")
        assert query.isascii()
        assert person in queries.people(owner, queries.PeopleFilter(query=query))
    assert queries.people(owner, queries.PeopleFilter(query="helene")).exists()


def test_rows_are_consistent(demo):
    owner, _summary, _calls = demo
    mismatched = models.Participation.objects.exclude(occurred_at=F("interaction__occurred_at"))
    assert not mismatched.exists()
    assert not models.Tie.objects.filter(person_a__gte=F("person_b")).exists()
    for email in models.EmailAddress.objects.owned_by(owner)[:200]:
        assert email.address_normalized == email.address.lower()
    for phone in models.PhoneNumber.objects.owned_by(owner)[:200]:
        assert normalize_phone(phone.raw, "FR") == phone.e164
    for organization in models.Organization.objects.owned_by(owner):
        assert organization.name_folded == organization.name_folded.lower()
    assert models.Role.objects.owned_by(owner).filter(ended_on=None).exists()
    assert models.Role.objects.owned_by(owner).exclude(ended_on=None).exists()
    assert models.Tie.objects.owned_by(owner).filter(source="inferred").exists()
    assert models.Tie.objects.owned_by(owner).filter(source="declared").exists()


def test_the_rest_of_the_method_is_there(demo):
    owner, _summary, _calls = demo

    def owned(model):
        return model.objects.owned_by(owner)

    assert owned(models.Favor).filter(giver=None).exists()
    assert owned(models.Favor).filter(receiver=None).exists()
    assert owned(models.Favor).filter(kind="business").exclude(amount=None).exists() or (
        not owned(models.Favor).filter(kind="business").exists()
    )
    assert owned(models.Request).filter(status="open").exclude(respond_by=None).exists()
    assert owned(models.News).exists()
    assert owned(models.Event).filter(status="attended").exclude(debrief="").exists()
    upcoming = owned(models.Event).filter(starts_on__gt=TODAY)
    assert upcoming.exclude(why_go="").exclude(whom_to_meet="").exclude(what_i_bring="").exists()
    assert owned(models.Membership).exclude(hours_per_month=None).exists()
    assert owned(models.Ask).exists()
    assert owned(models.Task).exists()
    assert owned(models.Person).exclude(birthday_day=None).filter(birthday_year=None).exists()
    assert owned(models.Organization).exclude(sector=None).count() > 30


def test_a_network_that_has_people_is_refused(demo):
    owner, _summary, _calls = demo
    with pytest.raises(ValidationError) as caught:
        build_demo(owner, people=10)
    assert "people" in caught.value.message_dict
    assert models.Person.objects.owned_by(owner).count() == 300


def test_the_services_keep_working_after_a_build(demo):
    """Ids the demo reserved never collide with rows written afterwards."""
    owner, _summary, _calls = demo
    person = create_person(owner, PersonData(first_name="Anaïs", last_name="Nouvelle"))
    other = models.Person.objects.owned_by(owner).exclude(pk=person.pk).first()
    interaction = exchanges.log_interaction(owner, [person.pk, other.pk])
    assert models.Participation.objects.filter(interaction=interaction).count() == 2


def test_another_account_is_untouched(demo, stranger):
    assert not models.Person.objects.owned_by(stranger).exists()
    assert not models.Interaction.objects.owned_by(stranger).exists()


def test_a_medium_network_stays_quick(owner):
    started = time.perf_counter()
    summary = build_demo(owner, people=2000, seed=1, today=TODAY)
    elapsed = time.perf_counter() - started
    assert summary.people == 2000
    assert summary.interactions > 20_000
    assert elapsed < 60, f"2,000 people took {elapsed:.1f}s"
