"""This week's plan (services/plan.py): each rule fires with its reason and due date, the
decisions, the guard rails, the drafts, and the reads."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from entregent.models import (
    Circle,
    Decision,
    Event,
    Favor,
    Membership,
    News,
    Organization,
    Person,
    Request,
    Task,
)
from entregent.services import exchanges, plan, plan_facts, plan_people, scores
from entregent.services.people import PersonData, create_person

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=PARIS)  # a Wednesday
TODAY = NOW.date()
MONDAY, SUNDAY = dt.date(2026, 3, 2), dt.date(2026, 3, 8)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def ago(days: int, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(hour), tzinfo=PARIS)


def person(owner, first: str, last: str = "Dupré", **fields) -> Person:
    return create_person(owner, PersonData(first_name=first, last_name=last, **fields))


def log(owner, who: Person, days: int, **fields):
    return exchanges.log_interaction(owner, [who.pk], occurred_at=ago(days), **fields)


def items(week: plan.WeekPlan) -> list[plan.PlanItem]:
    return [*week.today, *week.this_week, *week.overflow]


def by_kind(owner, kind: str, **kwargs) -> list[plan.PlanItem]:
    week = plan.week_plan(owner, overflow_limit=None, **kwargs)
    return [item for item in items(week) if item.kind == kind]


def one(owner, kind: str) -> plan.PlanItem:
    (found,) = by_kind(owner, kind)
    return found


# --- each rule ----------------------------------------------------------------------------


def test_follow_up_within_48_hours_of_a_first_meeting(owner):
    helene = person(owner, "Hélène")
    log(owner, helene, 1)
    item = one(owner, "follow-up")
    assert item.key == f"follow-up:person:{helene.pk}:{TODAY - dt.timedelta(days=1)}"
    assert item.due_on == TODAY + dt.timedelta(days=1)
    assert item.title == "Follow up with Hélène Dupré"
    assert "for the first time" in item.reason and "48 hours" in item.reason
    assert item.planned_on == TODAY and item.draft


def test_a_meeting_followed_by_another_exchange_needs_no_follow_up(owner):
    helene = person(owner, "Hélène")
    log(owner, helene, 3)
    log(owner, helene, 1, kind="email", direction="outgoing")
    assert by_kind(owner, "follow-up") == []


def test_follow_up_an_event_encounter(owner):
    marc = person(owner, "Marc")
    log(owner, marc, 40)
    salon = Event.objects.create(owner=owner, name="Salon SME", kind="trade-fair", starts_on=TODAY)
    exchanges.log_interaction(
        owner, [marc.pk], occurred_at=ago(0, 9), kind="event", event_id=salon.pk
    )
    item = one(owner, "follow-up")
    assert "Salon SME" in item.reason
    assert item.due_on == TODAY + dt.timedelta(days=2)


def test_thank_within_three_days_of_help_received(owner):
    helene = person(owner, "Hélène")
    favor = exchanges.record_favor(
        owner, helene.pk, given=False, kind="introduction", occurred_on=TODAY - dt.timedelta(days=1)
    )
    exchanges.record_favor(owner, helene.pk, given=True, kind="advice", occurred_on=TODAY)
    item = one(owner, "thank")
    assert item.key == f"thank:favor:{favor.pk}"
    assert item.due_on == TODAY + dt.timedelta(days=2)
    assert item.title == "Thank Hélène Dupré"
    assert "introduction" in item.reason and "within 3 days" in item.reason


def test_congratulate_on_news_within_a_week(owner):
    marc = person(owner, "Marc")
    news = News.objects.create(
        owner=owner, person=marc, kind="new-job", headline="Joins Airbus", occurred_on=TODAY
    )
    item = one(owner, "congratulate")
    assert (item.key, item.due_on) == (f"congratulate:news:{news.pk}", TODAY + dt.timedelta(days=7))
    assert "Joins Airbus" in item.reason and "Joins Airbus" in item.draft


def test_answer_a_request_before_its_date(owner):
    marc = person(owner, "Marc")
    request = Request.objects.create(
        owner=owner,
        person=marc,
        topic="a contact at Airbus",
        received_on=TODAY - dt.timedelta(days=2),
        respond_by=TODAY + dt.timedelta(days=3),
    )
    Request.objects.create(
        owner=owner, person=marc, topic="done", received_on=TODAY, status="answered"
    )
    item = one(owner, "answer-request")
    assert (item.key, item.due_on) == (f"answer:request:{request.pk}", TODAY + dt.timedelta(days=3))
    assert "a contact at Airbus" in item.reason


def test_birthday_of_a_relation(owner):
    person(owner, "Hélène", closeness=3, birthday="1980-03-06")
    person(owner, "Lointain", closeness=1, birthday="1980-03-06")
    item = one(owner, "birthday")
    assert item.due_on == dt.date(2026, 3, 6) and item.planned_on == dt.date(2026, 3, 6)
    assert item.title == "Wish Hélène Dupré a happy birthday"


def test_keep_in_touch_when_the_cadence_falls_due_and_logging_resets_it(owner):
    helene = person(owner, "Hélène", closeness=4)
    log(owner, helene, 100)
    item = one(owner, "keep-in-touch")
    assert item.due_on == TODAY - dt.timedelta(days=10)
    assert item.key == f"cadence:person:{helene.pk}:{item.due_on}"
    assert "every 90 days" in item.reason
    log(owner, helene, 0, kind="call", direction="outgoing")
    assert by_kind(owner, "keep-in-touch") == []


def test_the_top_ten_every_month(owner):
    helene = person(owner, "Hélène", priority=1)
    log(owner, helene, 31)
    item = one(owner, "keep-in-touch")
    assert item.pinned and item.due_on == TODAY - dt.timedelta(days=1)
    assert "top 10" in item.reason


def test_a_persons_own_and_a_circles_cadence(owner):
    friends = Circle.objects.owned_by(owner).get(key="friends")
    friends.cadence_days = 14
    friends.save()
    marc = person(owner, "Marc", circle_ids=[friends.pk])
    zoe = person(owner, "Zoé", cadence_days=7)
    log(owner, marc, 20)
    log(owner, zoe, 10)
    found = {item.person_id: item for item in by_kind(owner, "keep-in-touch")}
    assert found[marc.pk].due_on == TODAY - dt.timedelta(days=6)
    assert "circle" in found[marc.pk].reason
    assert found[zoe.pk].due_on == TODAY - dt.timedelta(days=3)
    assert "You chose" in found[zoe.pk].reason


def test_a_tie_going_cold(owner):
    marc = person(owner, "Marc", closeness=2)
    for week in range(10):
        log(owner, marc, 60 + 7 * week)
    item = one(owner, "going-cold")
    assert item.due_on == TODAY and "slowing down" in item.reason


def test_reciprocate_when_the_give_and_take_is_lopsided(owner):
    marc = person(owner, "Marc")
    for days in (100, 60, 20):
        exchanges.record_favor(
            owner,
            marc.pk,
            given=False,
            kind="advice",
            occurred_on=TODAY - dt.timedelta(days=days),
            thanked_on=TODAY - dt.timedelta(days=days),
        )
    item = one(owner, "reciprocate")
    assert item.key == f"reciprocate:person:{marc.pk}:3-0"
    assert "give back" in item.reason


def test_a_few_dormant_ties_to_revive_each_month(owner):
    for index in range(6):
        dormant = person(owner, f"Ancien{index}", closeness=2)
        log(owner, dormant, 500 + index)
    found = by_kind(owner, "revive")
    assert len(found) == 3
    assert all(item.key.endswith(":2026-03") for item in found)
    assert all(item.due_on == dt.date(2026, 3, 31) for item in found)


def test_prepare_an_event_a_week_before_it(owner):
    salon = Event.objects.create(
        owner=owner,
        name="Salon SME",
        kind="trade-fair",
        starts_on=TODAY + dt.timedelta(days=8),
        status="registered",
        why_go="Meet investors",
    )
    item = one(owner, "prepare-event")
    assert (item.key, item.due_on) == (f"prepare:event:{salon.pk}", TODAY + dt.timedelta(days=1))
    assert item.title == "Prepare Salon SME" and item.person_id is None and item.draft == ""
    assert "whom to meet" in item.reason and "why you go" not in item.reason


def test_renew_or_reconsider_a_membership(owner):
    club = Organization.objects.create(owner=owner, name="BNI Lyon", name_folded="bni lyon")
    membership = Membership.objects.create(
        owner=owner, organization=club, renews_on=TODAY + dt.timedelta(days=16)
    )
    item = one(owner, "membership")
    assert item.key == f"renew:membership:{membership.pk}:{membership.renews_on}"
    assert item.due_on == TODAY + dt.timedelta(days=2)


def test_tasks_due_this_week(owner):
    task = Task.objects.create(owner=owner, title="Send the deck", due_on=TODAY + dt.timedelta(1))
    Task.objects.create(owner=owner, title="Later", due_on=TODAY + dt.timedelta(days=30))
    item = one(owner, "task")
    assert (item.key, item.title, item.due_on) == (
        f"task:task:{task.pk}",
        "Send the deck",
        task.due_on,
    )


# --- decisions ----------------------------------------------------------------------------


def test_done_records_the_fact_and_takes_the_action_off(owner):
    helene = person(owner, "Hélène")
    favor = exchanges.record_favor(owner, helene.pk, given=False, kind="help", occurred_on=TODAY)
    row = plan.decide(owner, f"thank:favor:{favor.pk}", "done")
    assert (row.decision, row.person_id) == ("done", helene.pk)
    favor.refresh_from_db()
    assert favor.thanked_on == TODAY
    assert by_kind(owner, "thank") == []
    assert plan.week_plan(owner).done_minutes == 5


def test_done_marks_news_requests_and_tasks_too(owner):
    marc = person(owner, "Marc")
    news = News.objects.create(
        owner=owner, person=marc, kind="award", headline="x", occurred_on=TODAY
    )
    request = Request.objects.create(owner=owner, person=marc, topic="y", received_on=TODAY)
    task = Task.objects.create(owner=owner, title="z", due_on=TODAY)
    for key in (
        f"congratulate:news:{news.pk}",
        f"answer:request:{request.pk}",
        f"task:task:{task.pk}",
    ):
        plan.decide(owner, key, "done")
    news.refresh_from_db(), request.refresh_from_db(), task.refresh_from_db()
    assert news.congratulated_on == TODAY
    assert (request.status, request.answered_on) == ("answered", TODAY)
    assert task.done_at is not None


def test_dismiss_hides_and_snooze_hides_until_its_day(owner):
    first = Task.objects.create(owner=owner, title="One", due_on=TODAY)
    second = Task.objects.create(owner=owner, title="Two", due_on=TODAY)
    plan.decide(owner, f"task:task:{first.pk}", "dismissed")
    plan.decide(owner, f"task:task:{second.pk}", "snoozed")
    assert by_kind(owner, "task") == []
    assert Decision.objects.get(
        action_key=f"task:task:{second.pk}"
    ).snoozed_until == TODAY + dt.timedelta(7)
    later = by_kind(owner, "task", today=TODAY + dt.timedelta(days=7))
    assert [item.title for item in later] == ["Two"]


def test_snooze_to_a_day_of_this_week_puts_it_on_that_day(owner):
    task = Task.objects.create(owner=owner, title="One", due_on=TODAY)
    plan.decide(owner, f"task:task:{task.pk}", "snooze", snooze_until=TODAY + dt.timedelta(days=2))
    assert one(owner, "task").planned_on == TODAY + dt.timedelta(days=2)
    with pytest.raises(ValidationError):
        plan.decide(owner, f"task:task:{task.pk}", "snooze", snooze_until=TODAY)


def test_a_keep_in_touch_done_restarts_the_cadence(owner):
    helene = person(owner, "Hélène", closeness=4)
    log(owner, helene, 100)
    plan.decide(owner, one(owner, "keep-in-touch").key, "done")
    assert by_kind(owner, "keep-in-touch") == []
    assert by_kind(owner, "keep-in-touch", today=TODAY + dt.timedelta(days=91))


def test_a_handled_action_below_the_cut_stays_out_of_the_plan_and_its_count(owner):
    """The plan reads only the head of the ranking; what the owner already handled, ranked
    below it, is left out as it is from the plan of everything."""
    Task.objects.bulk_create(
        Task(owner=owner, title=f"Overdue {index}", due_on=TODAY - dt.timedelta(days=10))
        for index in range(plan.OVERFLOW_SHOWN + 100)
    )
    dismissed = Task.objects.create(owner=owner, title="Dismissed", due_on=TODAY)
    done = Task.objects.create(owner=owner, title="Done", due_on=TODAY)
    plan.decide(owner, f"task:task:{dismissed.pk}", "dismissed")
    plan.decide(owner, f"task:task:{done.pk}", "done")
    fast, everything = plan.week_plan(owner), plan.week_plan(owner, overflow_limit=None)
    assert len(everything.overflow) == everything.overflow_count == plan.OVERFLOW_SHOWN + 93
    assert fast.overflow_count == everything.overflow_count
    assert fast.overflow == everything.overflow[: plan.OVERFLOW_SHOWN]
    assert [i.key for i in items(fast)[:8]] == [i.key for i in items(everything)[:8]]


def test_someone_with_a_decision_does_not_jump_the_queue(owner):
    """An action of a person whose other action was dismissed ranks like any other: the
    plan read from the head of the ranking is the plan of everything."""
    owner.profile.weekly_minutes = 15
    owner.profile.save()
    tasks = Task.objects.bulk_create(
        Task(owner=owner, title=f"Dropped {index}", due_on=TODAY - dt.timedelta(days=10))
        for index in range(80)
    )
    Decision.objects.bulk_create(
        Decision(owner=owner, action_key=f"task:task:{task.pk}", decision="dismissed")
        for task in tasks
    )
    marc = person(owner, "Marc", closeness=3)
    log(owner, marc, 182)
    favor = exchanges.record_favor(owner, marc.pk, given=False, kind="help", occurred_on=TODAY)
    plan.decide(owner, f"thank:favor:{favor.pk}", "dismissed")
    helene = person(owner, "Hélène", closeness=3, birthday="1980-03-08")
    log(owner, helene, 10)
    # Today's plan (the command line's) words no overflow: the head is at its shortest.
    fast, everything = plan.week_plan(owner, overflow_limit=0), plan.week_plan(owner)
    assert [i.key for i in items(everything)] == [
        f"birthday:person:{helene.pk}:2026-03-08",
        f"cadence:person:{marc.pk}:2026-03-02",
    ]
    assert [i.key for i in [*fast.today, *fast.this_week]] == [
        f"birthday:person:{helene.pk}:2026-03-08"
    ]
    assert fast.overflow_count == everything.overflow_count == 1


def test_decisions_check_the_key_and_the_owner(owner, stranger):
    helene = person(owner, "Hélène")
    with pytest.raises(ValidationError):
        plan.decide(owner, "nonsense", "done")
    with pytest.raises(ValidationError):
        plan.decide(owner, f"cadence:person:{helene.pk}:2026-03-01", "maybe")
    with pytest.raises(plan.UnknownAction):
        plan.decide(stranger, f"cadence:person:{helene.pk}:2026-03-01", "done")
    assert not Decision.objects.exists()


# --- guard rails --------------------------------------------------------------------------


def test_no_second_message_within_the_minimum_gap_unless_they_replied(owner):
    helene = person(owner, "Hélène")
    log(owner, helene, 30)
    log(owner, helene, 2, kind="email", direction="outgoing")
    exchanges.record_favor(owner, helene.pk, given=False, kind="help", occurred_on=TODAY)
    week = plan.week_plan(owner)
    (held,) = week.overflow
    assert held.kind == "thank" and held.planned_on is None
    assert any("wait until" in note for note in held.notes)
    assert any("wrote to" in warning for warning in week.warnings)
    log(owner, helene, 1, kind="email", direction="incoming")
    assert one(owner, "thank").planned_on == TODAY


def test_a_warning_after_messages_without_an_answer(owner):
    helene = person(owner, "Hélène")
    for days in (40, 30, 20):
        log(owner, helene, days, kind="email", direction="outgoing")
    exchanges.record_favor(owner, helene.pk, given=False, kind="help", occurred_on=TODAY)
    week = plan.week_plan(owner)
    assert "Hélène Dupré has not answered your last 3 messages" in " ".join(week.warnings)
    assert any("without an answer" in note for note in one(owner, "thank").notes)


def test_the_daily_cap_spreads_messages_over_the_week(owner):
    owner.profile.daily_cap = 1
    owner.profile.save()
    for index in range(8):
        someone = person(owner, f"Ami{index}")
        exchanges.record_favor(owner, someone.pk, given=False, kind="help", occurred_on=TODAY)
    week = plan.week_plan(owner)
    days = [item.planned_on for item in [*week.today, *week.this_week]]
    assert sorted(days) == [TODAY + dt.timedelta(days=n) for n in range(5)]
    assert week.overflow_count == 3
    assert any("already has 1 messages" in warning for warning in week.warnings)


def test_the_budget_holds_but_the_top_ten_is_always_in(owner):
    owner.profile.weekly_minutes = 20
    owner.profile.save()
    for index in range(3):
        pinned = person(owner, f"Top{index}", priority=index + 1)
        log(owner, pinned, 40)
    for index in range(3):
        Task.objects.create(owner=owner, title=f"Task {index}", due_on=TODAY)
    week = plan.week_plan(owner)
    planned = [*week.today, *week.this_week]
    assert {item.kind for item in planned} == {"keep-in-touch"}
    assert all(item.pinned for item in planned) and week.planned_minutes == 45
    assert week.overflow_count == 3
    assert any("top 10 alone" in warning for warning in week.warnings)


def test_many_messages_of_one_kind_are_flagged(owner):
    for index in range(5):
        someone = person(owner, f"Ami{index}")
        exchanges.record_favor(owner, someone.pk, given=False, kind="help", occurred_on=TODAY)
    week = plan.week_plan(owner)
    assert any("messages of one kind" in warning for warning in week.warnings)


# --- drafts -------------------------------------------------------------------------------


def test_two_people_never_get_the_same_text(owner):
    people = [person(owner, "Marie", f"Martin{index}") for index in range(6)]
    for someone in people:
        exchanges.record_favor(owner, someone.pk, given=False, kind="help", occurred_on=TODAY)
    owner.profile.weekly_minutes = 600
    owner.profile.save()
    drafts = [item.draft for item in by_kind(owner, "thank")]
    assert len(drafts) == 6 and len(set(drafts)) == 6
    assert all(draft.startswith(("Hi ", "Hello ", "Dear ", "Good day ")) for draft in drafts)


def test_drafts_speak_of_the_last_exchange_and_follow_the_persons_language(owner):
    helene = person(owner, "Hélène", closeness=4, language="fr", interests=["Voile"])
    john = person(owner, "John", "Smith", closeness=4, language="en")
    for someone in (helene, john):
        log(owner, someone, 100, summary="Lunch about the new fund")
    found = {item.person_id: item.draft for item in by_kind(owner, "keep-in-touch")}
    assert "Lunch about the new fund" in found[helene.pk]
    assert "novembre" in found[helene.pk]  # the date in French (Django's own catalogue)
    assert "November" in found[john.pk]
    assert "Lunch about the new fund" in found[john.pk]


def test_titles_and_reasons_follow_the_active_language(owner, settings):
    from django.utils import translation

    helene = person(owner, "Hélène", closeness=4)
    log(owner, helene, 100)
    with translation.override("fr"):
        item = one(owner, "keep-in-touch")
    assert "24 novembre" in item.reason


# --- reads --------------------------------------------------------------------------------


def test_the_plan_reads_a_fixed_number_of_queries(owner, django_assert_max_num_queries):
    def network(size: int) -> None:
        for index in range(size):
            someone = person(owner, f"P{index}", f"N{index}", closeness=4)
            log(owner, someone, 95 + index)
            exchanges.record_favor(owner, someone.pk, given=False, kind="help", occurred_on=TODAY)

    network(2)
    scores.refresh(owner)  # once a day; then one query tells it is done
    with django_assert_max_num_queries(23) as small:
        plan.week_plan(owner)
    network(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        plan.week_plan(owner)


def test_the_plan_is_the_owners_only(owner, stranger):
    helene = person(owner, "Hélène", closeness=4)
    log(owner, helene, 100)
    person(stranger, "Sam")
    assert items(plan.week_plan(stranger)) == []
    assert items(plan.week_plan(owner))


def test_without_the_scores_cache_the_history_gives_the_same_plan(owner):
    helene = person(owner, "Hélène", closeness=4)
    log(owner, helene, 100)
    cached = [item.key for item in items(plan.week_plan(owner))]
    Person.objects.update(scored_at=None, last_interaction_at=None, cold_from=None)
    assert not plan_people.cached(owner)
    assert [item.key for item in items(plan.week_plan(owner))] == cached


def test_the_cache_reads_exactly_the_people_the_rules_need(owner):
    """The scan of the cached columns is a superset of what the engine keeps: the plan from
    it equals the plan from everyone."""
    import dataclasses

    from entregent.engines import agenda_rules

    rng = random.Random(7)
    for index in range(60):
        someone = person(
            owner,
            f"P{index}",
            closeness=rng.choice([None, 1, 2, 3, 4, 5]),
            priority=index + 1 if index < 4 else None,
            cadence_days=rng.choice([None, None, 7, 30]),
            birthday=f"1980-03-{rng.randint(1, 12):02d}",
        )
        for _ in range(rng.randint(0, 3)):
            log(owner, someone, rng.randint(0, 1500))
    profile, window = plan._window(owner, None)
    rules = plan_facts.rules_for(profile, window.today)
    facts = plan_facts.gather(owner, profile, window)
    assert plan_people.cached(owner)
    everyone = plan_people.people_from_history(owner, window)
    narrow = {a.key for a in agenda_rules.propose(facts, rules)}
    full = {a.key for a in agenda_rules.propose(dataclasses.replace(facts, people=everyone), rules)}
    assert narrow == full and narrow


def test_the_week_and_its_budget(owner):
    week = plan.week_plan(owner)
    assert (week.week_start, week.budget_minutes, week.as_of) == (MONDAY, 120, TODAY)
    assert week.today == week.this_week == week.overflow == []
    assert isinstance(Favor, type)  # the models import stays used


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"])
def test_local_days_of_many_instants_at_once_match_one_by_one(zone):
    from entregent.services import plan_people

    window = plan_people.Window(TODAY, zoneinfo.ZoneInfo(zone))
    rng = random.Random(3)
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    moments = [start + dt.timedelta(minutes=rng.randint(0, 6 * 365 * 1440)) for _ in range(3000)]
    # Around the changes of time in Paris and New York, minute by minute.
    for change in (
        dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC),
        dt.datetime(2025, 11, 2, 6, tzinfo=dt.UTC),
    ):
        moments += [change + dt.timedelta(minutes=m) for m in range(-90, 90)]
    texts = [moment.strftime("%Y-%m-%d %H:%M:%S") for moment in moments]
    days = plan_people.local_days([*texts, None, *moments], window)
    expected = [window.day(moment).toordinal() for moment in moments]
    assert list(days) == [*expected, 0, *expected]


def test_days_read_as_text_match_pythons_own_reading():
    rng = random.Random(5)
    first = dt.date(1900, 1, 1).toordinal()
    days = [dt.date.fromordinal(first + rng.randint(0, 80_000)) for _ in range(2000)]
    days += [dt.date(2000, 2, 29), dt.date(1969, 12, 31), dt.date(1970, 1, 1)]
    read = plan_people._dates([*map(str, days), None, *days])
    assert list(read) == [*(d.toordinal() for d in days), 0, *(d.toordinal() for d in days)]


def test_the_plan_sees_a_tie_that_time_alone_turned_cold(owner):
    """Nothing was logged for weeks: the plan of the day still sees the tie going cold, and
    the day's refresh runs first."""
    eve = person(owner, "Ève")
    for days in (40, 30, 20, 10):
        log(owner, eve, days, kind="call")
    assert not Person.objects.get(pk=eve.pk).going_cold
    with time_machine.travel(NOW + dt.timedelta(days=60), tick=False):
        week = plan.week_plan(owner)
        assert Person.objects.get(pk=eve.pk).going_cold
    assert any(item.person_id == eve.pk and item.kind == "going-cold" for item in items(week))
    owner.profile.refresh_from_db()
    assert owner.profile.scores_refreshed_at == NOW + dt.timedelta(days=60)
