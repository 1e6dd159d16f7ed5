"""The agenda engine: the rules on plain facts, and the week's fitting as properties."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entregent.engines import agenda, agenda_rules
from entregent.engines.agenda import (
    Action,
    Contact,
    Decided,
    Decision,
    Facts,
    Kind,
    People,
    Rules,
    Why,
    action_key,
    fit,
    parse_key,
)
from entregent.engines.agenda_rules import propose, rotation

TODAY = dt.date(2026, 11, 25)  # a Wednesday
MONDAY, SUNDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 29)


def d(value: dt.date) -> int:
    return value.toordinal()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def one_person(pid: int = 1, **columns) -> People:
    return People.build([pid], **{name: [value] for name, value in columns.items()})


def keys(actions) -> list[str]:
    return [action.key for action in actions]


# --- keys and the week --------------------------------------------------------------------


def test_keys_round_trip_and_reject_anything_else():
    key = action_key(Kind.KEEP_IN_TOUCH, 45, dt.date(2026, 11, 23))
    assert key == "cadence:person:45:2026-11-23"
    assert str(parse_key(key)) == key
    assert parse_key("thank:favor:123") == agenda.ActionKey(Kind.THANK, "favor", 123)
    for bad in ("", "thank", "thank:person:1", "thank:favor:x", "nope:favor:1", "thank:favor:1:"):
        assert parse_key(bad) is None, bad


def test_the_week_runs_from_monday_to_sunday():
    assert agenda.week_of(TODAY) == (MONDAY, SUNDAY)
    assert agenda.week_of(SUNDAY) == (MONDAY, SUNDAY)
    assert Rules(today=TODAY).week_start == MONDAY


def test_urgency_grows_as_the_due_date_comes_and_passes():
    values = [agenda.urgency(TODAY + dt.timedelta(days=n), TODAY) for n in (14, 7, 1, 0, -7, -60)]
    assert values == sorted(values)
    assert agenda.urgency(TODAY, TODAY) == 1.0


# --- the rules ----------------------------------------------------------------------------


def test_follow_up_a_first_meeting_within_48_hours():
    facts = Facts(
        people=one_person(7, last_contact=d(days_ago(1))),
        meetings=[
            agenda.Meeting(7, days_ago(1), first=True, at_event=False, followed_up=False),
            agenda.Meeting(7, days_ago(20), first=True, at_event=False, followed_up=False),
        ],
    )
    (action,) = propose(facts, Rules(today=TODAY))
    assert action.kind == Kind.FOLLOW_UP
    assert action.key == f"follow-up:person:7:{days_ago(1).isoformat()}"
    assert action.due == days_ago(1) + dt.timedelta(days=2)
    assert action.reason == "first-meeting"


def test_an_event_encounter_calls_for_a_follow_up_but_not_once_followed_up():
    meeting = agenda.Meeting(
        7, days_ago(2), first=False, at_event=True, followed_up=False, event_name="Salon SME"
    )
    done = agenda.Meeting(8, days_ago(2), first=True, at_event=True, followed_up=True)
    regular = agenda.Meeting(9, days_ago(2), first=False, at_event=False, followed_up=False)
    facts = Facts(people=People.build([7, 8, 9]), meetings=[meeting, done, regular])
    (action,) = propose(facts, Rules(today=TODAY))
    assert (action.person_id, action.reason) == (7, "event-encounter")
    assert action.params["event"] == "Salon SME"


def test_a_first_meeting_entered_on_the_person_calls_for_a_follow_up():
    facts = Facts(people=one_person(3, first_met=d(TODAY)))
    (action,) = propose(facts, Rules(today=TODAY))
    assert action.due == TODAY + dt.timedelta(days=2)


def test_thank_within_three_days_of_help_received():
    favor = agenda.Favor(12, 4, "introduction", days_ago(1), "Introduced me to Marc")
    old = agenda.Favor(13, 4, "advice", days_ago(60))
    (action,) = propose(Facts(people=one_person(4), favors=[favor, old]), Rules(today=TODAY))
    assert action.key == "thank:favor:12"
    assert action.due == days_ago(1) + dt.timedelta(days=3)
    assert action.params["favor"] == "introduction"


def test_congratulate_within_a_week_of_news():
    news = agenda.News(5, 4, "new-job", days_ago(2), "Joins Airbus")
    (action,) = propose(Facts(people=one_person(4), news=[news]), Rules(today=TODAY))
    assert (action.key, action.due) == ("congratulate:news:5", days_ago(2) + dt.timedelta(days=7))


def test_answer_a_request_before_its_date():
    soon = agenda.Request(1, 4, days_ago(3), TODAY + dt.timedelta(days=4), "a job lead")
    undated = agenda.Request(2, 4, days_ago(3), None, "advice")
    far = agenda.Request(3, 4, days_ago(3), TODAY + dt.timedelta(days=60), "later")
    facts = Facts(people=one_person(4), requests=[soon, undated, far])
    found = {action.key: action for action in propose(facts, Rules(today=TODAY))}
    assert set(found) == {"answer:request:1", "answer:request:2"}
    assert found["answer:request:1"].due == TODAY + dt.timedelta(days=4)
    assert found["answer:request:2"].due == days_ago(3) + dt.timedelta(days=7)
    assert found["answer:request:2"].reason == "request-open"


def test_birthdays_of_relations_and_the_top_ten_only():
    people = People.build(
        [1, 2, 3],
        closeness=[3, 1, 0],
        priority=[0, 0, 4],
        birthday_month=[11, 11, 11],
        birthday_day=[27, 27, 29],
    )
    actions = propose(Facts(people=people), Rules(today=TODAY))
    found = {a.person_id: a for a in actions if a.kind == Kind.BIRTHDAY}
    assert set(found) == {1, 3}
    assert found[1].due == dt.date(2026, 11, 27)
    assert found[1].key == "birthday:person:1:2026-11-27"


def test_born_on_29_february_is_wished_on_the_28th_in_other_years():
    people = one_person(1, closeness=4, birthday_month=2, birthday_day=29)
    (action,) = [
        a
        for a in propose(Facts(people=people), Rules(today=dt.date(2027, 2, 26)))
        if a.kind == Kind.BIRTHDAY
    ]
    assert action.due == dt.date(2027, 2, 28)


def test_cadence_defaults_from_rank_and_depth():
    people = People.build(
        [1, 2, 3, 4, 5],
        priority=[1, 0, 0, 0, 0],
        closeness=[0, 5, 3, 2, 0],
        level=[0, 0, 0, 0, 3],
        last_contact=[d(days_ago(31)), d(days_ago(91)), d(days_ago(181)), d(days_ago(900)), 0],
        since=[0, 0, 0, 0, d(days_ago(95))],
    )
    actions = propose(Facts(people=people), Rules(today=TODAY))
    found = {a.person_id: a for a in actions if a.kind == Kind.KEEP_IN_TOUCH}
    assert set(found) == {1, 2, 3, 5}  # 4: an acquaintance, no cadence (dormant: revive)
    assert found[1].reason == "cadence-top" and found[1].params["days"] == 30
    assert found[2].reason == "cadence-close" and found[2].due == days_ago(1)
    assert found[3].reason == "cadence-relation" and found[3].params["days"] == 180
    assert found[5].due == days_ago(5)  # never contacted: from the day they were added
    assert found[1].pinned and not found[2].pinned


def test_a_persons_or_a_circles_cadence_wins_over_the_default():
    people = People.build(
        [1, 2, 3],
        closeness=[5, 1, 0],
        priority=[0, 0, 2],
        cadence=[10, 0, 0],
        circle_cadence=[0, 14, 90],
        last_contact=[d(days_ago(12))] * 3,
    )
    found = {a.person_id: a for a in propose(Facts(people=people), Rules(today=TODAY))}
    assert found[1].reason == "cadence-person" and found[1].due == days_ago(2)
    assert found[2].reason == "cadence-circle" and found[2].due == days_ago(12 - 14)
    assert 3 not in found  # the top 10 keep their monthly cadence: due in 18 days


def test_a_new_interaction_resets_the_cadence():
    before = one_person(1, closeness=4, last_contact=d(days_ago(100)))
    after = one_person(1, closeness=4, last_contact=d(TODAY))
    assert propose(Facts(people=before), Rules(today=TODAY))
    assert propose(Facts(people=after), Rules(today=TODAY)) == []


def test_a_cadence_done_or_dismissed_restarts_it():
    key = action_key(Kind.KEEP_IN_TOUCH, 1, days_ago(10))
    person = one_person(1, closeness=4, last_contact=d(days_ago(100)))
    for decided in (Decided.DONE, Decided.DISMISSED):
        decision = Decision(key, decided, days_ago(1), person_id=1)
        assert propose(Facts(people=person, decisions=[decision]), Rules(today=TODAY)) == []


def test_a_tie_going_cold_and_a_long_overdue_one_goes_to_revive_instead():
    people = People.build(
        [1, 2],
        closeness=[2, 3],
        going_cold=[True, False],
        last_contact=[d(days_ago(120)), d(days_ago(500))],
    )
    found = {a.person_id: a for a in propose(Facts(people=people), Rules(today=TODAY))}
    assert found[1].kind == Kind.GOING_COLD and found[1].due == TODAY
    assert found[2].kind == Kind.REVIVE and found[2].key == "revive:person:2:2026-11"


def test_a_few_dormant_ties_each_month_in_a_monthly_rotation():
    ids = np.arange(1, 201)
    people = People.build(ids, closeness=[2] * 200, last_contact=[d(days_ago(700))] * 200)
    revived = [a.person_id for a in propose(Facts(people=people), Rules(today=TODAY))]
    assert len(revived) == 3
    order = np.argsort(rotation(ids, TODAY), kind="stable")
    assert sorted(revived) == sorted(int(pid) for pid in ids[order[:3]])
    next_month = propose(Facts(people=people), Rules(today=dt.date(2026, 12, 20)))
    assert {a.person_id for a in next_month} != set(revived)


def test_reciprocate_where_the_give_and_take_is_lopsided():
    balances = [agenda.Balance(1, 0, 3, days_ago(40)), agenda.Balance(2, 1, 2, days_ago(40))]
    facts = Facts(people=People.build([1, 2]), balances=balances)
    (action,) = propose(facts, Rules(today=TODAY))
    assert (action.person_id, action.key) == (1, "reciprocate:person:1:3-0")


def test_prepare_an_event_a_week_before_and_renew_a_membership():
    event = agenda.Event(3, "Salon SME", TODAY + dt.timedelta(days=9), missing=("why", "what"))
    later = agenda.Event(4, "Later", TODAY + dt.timedelta(days=40))
    membership = agenda.Membership(2, "BNI Lyon", TODAY + dt.timedelta(days=15))
    task = agenda.Task(8, "Send the deck", TODAY + dt.timedelta(days=1), person_id=None)
    facts = Facts(
        people=People.build([]), events=[event, later], memberships=[membership], tasks=[task]
    )
    found = {a.key: a for a in propose(facts, Rules(today=TODAY))}
    assert set(found) == {"prepare:event:3", "renew:membership:2:2026-12-10", "task:task:8"}
    assert found["prepare:event:3"].due == TODAY + dt.timedelta(days=2)
    assert found["prepare:event:3"].params["missing"] == "why,what"
    assert found["renew:membership:2:2026-12-10"].due == TODAY + dt.timedelta(days=1)


def test_facts_about_someone_not_among_the_people_propose_nothing():
    facts = Facts(
        people=People.build([]),
        favors=[agenda.Favor(1, 99, "advice", TODAY)],
        news=[agenda.News(1, 99, "award", TODAY)],
    )
    assert propose(facts, Rules(today=TODAY)) == []


# --- fitting the week ---------------------------------------------------------------------


def action(key: str, *, person=None, minutes=10, value=1.0, due=TODAY, pinned=False, kind=None):
    kind = kind or (Kind.KEEP_IN_TOUCH if person is not None else Kind.TASK)
    return Action(
        key=key,
        kind=kind,
        person_id=person,
        due=due,
        minutes=minutes,
        value=value,
        urgency=agenda.urgency(due, TODAY),
        reason="test",
        pinned=pinned,
    )


def test_the_top_ten_is_planned_even_beyond_the_budget():
    actions = [action(f"cadence:person:{i}:x", person=i, minutes=30, pinned=True) for i in range(5)]
    actions.append(action("task:task:1", minutes=5, value=9.0))
    plan = fit(actions, Rules(today=TODAY, budget_minutes=60))
    assert {p.action.key for p in plan.planned} == {a.key for a in actions[:5]}
    assert [h.why for h in plan.overflow] == [Why.BUDGET]
    assert plan.notes[0].code == "top-over-budget"


def test_overflow_comes_by_value_and_says_why():
    actions = [action(f"task:task:{i}", minutes=50, value=float(i)) for i in range(1, 5)]
    plan = fit(actions, Rules(today=TODAY, budget_minutes=100))
    assert [p.action.key for p in plan.planned] == ["task:task:4", "task:task:3"]
    assert [h.action.key for h in plan.overflow] == ["task:task:2", "task:task:1"]
    assert {n.code for n in plan.notes} == {"overflow-budget"}


def test_minutes_done_earlier_in_the_week_count_against_the_budget():
    decisions = [Decision("answer:request:9", Decided.DONE, MONDAY)]
    plan = fit([action("task:task:1", minutes=110)], Rules(today=TODAY), decisions=decisions)
    assert plan.done_minutes == 20 and plan.available_minutes == 100
    assert [h.why for h in plan.overflow] == [Why.BUDGET]


def test_no_second_message_to_one_person_within_the_gap_unless_they_replied():
    actions = [
        action("cadence:person:1:x", person=1),
        action("thank:favor:1", person=1, kind=Kind.THANK, value=2.0),
        action("cadence:person:2:x", person=2),
        action("cadence:person:3:x", person=3),
    ]
    contacts = {
        2: Contact(2, last_outreach=days_ago(2), last_reply=None, unanswered=3),
        3: Contact(3, last_outreach=days_ago(2), last_reply=days_ago(1)),
    }
    plan = fit(actions, Rules(today=TODAY, min_gap_days=7), contacts=contacts)
    planned = {p.action.key: p for p in plan.planned}
    held = {h.action.key: h for h in plan.overflow}
    assert set(planned) == {"thank:favor:1", "cadence:person:3:x"}
    assert held["cadence:person:1:x"].why == Why.MIN_GAP
    assert held["cadence:person:2:x"].earliest == days_ago(2) + dt.timedelta(days=7)
    assert {n.code for n in held["cadence:person:2:x"].notes} == {"unanswered", "min-gap"}


def test_the_daily_cap_moves_outreach_to_later_days_then_to_the_overflow():
    actions = [action(f"cadence:person:{i}:x", person=i, minutes=1) for i in range(1, 20)]
    plan = fit(actions, Rules(today=dt.date(2026, 11, 28), daily_cap=3, budget_minutes=500))
    per_day = Counter(p.day for p in plan.planned)
    assert per_day == {dt.date(2026, 11, 28): 3, dt.date(2026, 11, 29): 3}
    assert {h.why for h in plan.overflow} == {Why.DAILY_CAP}


def test_work_is_spread_over_the_week_but_deadlines_and_days_hold():
    actions = [action(f"task:task:{i}", minutes=15, due=SUNDAY) for i in range(8)]
    actions.append(action("birthday:person:9:x", person=9, kind=Kind.BIRTHDAY, due=SUNDAY))
    plan = fit(actions, Rules(today=TODAY, budget_minutes=200))
    days = Counter(p.day for p in plan.planned if p.action.kind == Kind.TASK)
    assert len(days) > 1 and max(days) <= SUNDAY
    (birthday,) = [p for p in plan.planned if p.action.kind == Kind.BIRTHDAY]
    assert birthday.day == SUNDAY


def test_decisions_hide_and_snooze():
    actions = [action(f"task:task:{i}") for i in range(4)]
    decisions = [
        Decision("task:task:0", Decided.DONE, days_ago(10)),
        Decision("task:task:1", Decided.DISMISSED, TODAY),
        Decision("task:task:2", Decided.SNOOZED, TODAY, snoozed_until=TODAY + dt.timedelta(days=2)),
        Decision("task:task:3", Decided.SNOOZED, TODAY, snoozed_until=TODAY + dt.timedelta(days=9)),
    ]
    plan = fit(actions, Rules(today=TODAY), decisions=decisions)
    assert keys(plan.suppressed) == ["task:task:0", "task:task:1", "task:task:3"]
    (snoozed,) = plan.planned
    assert snoozed.action.key == "task:task:2" and snoozed.day == TODAY + dt.timedelta(days=2)
    later = fit(actions, Rules(today=TODAY + dt.timedelta(days=9)), decisions=decisions)
    assert "task:task:3" in {p.action.key for p in later.planned}


def test_many_messages_of_one_kind_in_a_week_are_flagged():
    actions = [action(f"cadence:person:{i}:x", person=i, minutes=1) for i in range(6)]
    plan = fit(actions, Rules(today=TODAY, same_text_warning=5))
    assert agenda.Note("same-kind", {"kind": "keep-in-touch", "count": 6}) in plan.notes


def test_the_same_text_to_many_people_is_found_once_names_are_taken_out():
    texts = ["Hello Ann, how are you?", "Hello Bob, how are you?", "Hi Cy!", ""]
    names = [["Ann"], ["Bob"], ["Cy"], ["Di"]]
    assert agenda.same_texts(texts, names, threshold=2) == [0, 1]
    assert agenda.same_texts(texts, names, threshold=3) == []


# --- properties ---------------------------------------------------------------------------

KINDS = list(Kind)


@st.composite
def weeks(draw):
    today = draw(st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)))
    rules = Rules(
        today=today,
        budget_minutes=draw(st.integers(0, 300)),
        daily_cap=draw(st.integers(0, 6)),
        min_gap_days=draw(st.integers(0, 10)),
        max_unanswered=draw(st.integers(1, 4)),
    )
    n = draw(st.integers(0, 40))
    actions = []
    for index in range(n):
        kind = draw(st.sampled_from(KINDS))
        person = draw(st.one_of(st.none(), st.integers(1, 8)))
        due = today + dt.timedelta(days=draw(st.integers(-40, 12)))
        actions.append(
            Action(
                key=f"{kind.value}:{index}",
                kind=kind,
                person_id=person,
                due=due,
                minutes=draw(st.integers(1, 60)),
                value=draw(st.floats(0.1, 3.0)),
                urgency=agenda.urgency(due, today),
                reason="x",
                pinned=person is not None and draw(st.booleans()),
            )
        )
    decisions = []
    for act in actions:
        choice = draw(st.sampled_from([None, None, *Decided]))
        if choice is None:
            continue
        until = today + dt.timedelta(days=draw(st.integers(-5, 12)))
        decided_on = today - dt.timedelta(days=draw(st.integers(0, 10)))
        decisions.append(
            Decision(
                act.key,
                choice,
                decided_on,
                snoozed_until=until if choice == Decided.SNOOZED else None,
                person_id=act.person_id,
            )
        )
    contacts = {}
    for person in range(1, 9):
        if draw(st.booleans()):
            out = today - dt.timedelta(days=draw(st.integers(0, 15)))
            reply = draw(st.one_of(st.none(), st.just(out - dt.timedelta(days=1)), st.just(out)))
            contacts[person] = Contact(person, out, reply, draw(st.integers(0, 4)))
    return rules, actions, decisions, contacts


@settings(max_examples=300, deadline=None)
@given(weeks())
def test_fitting_keeps_every_promise(week):
    rules, actions, decisions, contacts = week
    plan = fit(actions, rules, decisions=decisions, contacts=contacts)
    decided = {decision.key: decision for decision in decisions}

    # Nothing dropped, nothing twice.
    parts = [*(p.action.key for p in plan.planned), *(h.action.key for h in plan.overflow)]
    parts += keys(plan.suppressed)
    assert sorted(parts) == sorted(keys(actions))

    # Only decisions suppress: done, dismissed, or snoozed beyond the week.
    for act in plan.suppressed:
        decision = decided[act.key]
        assert decision.decision != Decided.SNOOZED or decision.snoozed_until > rules.week_end

    # The budget holds, the top 10 excepted (they always go in, and go first).
    pinned = sum(p.action.minutes for p in plan.planned if p.action.pinned)
    others = sum(p.action.minutes for p in plan.planned if not p.action.pinned)
    assert others <= max(0, plan.available_minutes - pinned)
    assert all(h.action.pinned is False or h.why != Why.BUDGET for h in plan.overflow)

    # Days: within the rest of the week, never before a snooze ends.
    for item in plan.planned:
        assert rules.today <= item.day <= rules.week_end
        decision = decided.get(item.action.key)
        if decision is not None and decision.snoozed_until is not None:
            assert item.day >= decision.snoozed_until

    # The daily cap (top-10 outreach may exceed it only when the week is full).
    outreach = Counter(p.day for p in plan.planned if p.action.outreach and not p.action.pinned)
    assert all(count <= rules.daily_cap for count in outreach.values())

    # The minimum gap between two messages to one person, unless they replied.
    by_person = defaultdict(list)
    for item in plan.planned:
        if item.action.outreach:
            by_person[item.action.person_id].append(item.day)
    gap = dt.timedelta(days=rules.min_gap_days)
    for person, days in by_person.items():
        days.sort()
        assert all(b - a >= gap for a, b in zip(days, days[1:], strict=False))
        contact = contacts.get(person)
        if contact is not None and contact.waiting:
            assert days[0] >= contact.last_outreach + gap


@settings(max_examples=100, deadline=None)
@given(weeks(), st.randoms(use_true_random=False))
def test_fitting_is_deterministic_whatever_the_order_of_the_facts(week, rng):
    rules, actions, decisions, contacts = week
    first = fit(actions, rules, decisions=decisions, contacts=contacts)
    shuffled = list(actions)
    rng.shuffle(shuffled)
    again = fit(shuffled, rules, decisions=decisions, contacts=contacts)
    assert first == again


@settings(max_examples=100, deadline=None)
@given(weeks())
def test_a_snoozed_action_comes_back_on_its_day(week):
    rules, actions, decisions, contacts = week
    for decision in decisions:
        if decision.decision != Decided.SNOOZED or decision.snoozed_until is None:
            continue
        later = Rules(today=max(decision.snoozed_until, rules.today), budget_minutes=10_000)
        plan = fit(actions, later, decisions=decisions)
        assert decision.key not in keys(plan.suppressed)


@st.composite
def networks(draw):
    n = draw(st.integers(0, 60))
    today = draw(st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)))
    ints = lambda low, high: st.lists(st.integers(low, high), min_size=n, max_size=n)  # noqa: E731
    last = [0 if x < 0 else today.toordinal() - x for x in draw(ints(-200, 2500))]
    people = People.build(
        draw(st.lists(st.integers(1, 10**6), min_size=n, max_size=n, unique=True)),
        priority=draw(ints(0, 12)),
        closeness=draw(ints(0, 5)),
        level=draw(ints(0, 4)),
        cadence=draw(st.lists(st.sampled_from([0, 0, 7, 30]), min_size=n, max_size=n)),
        circle_cadence=draw(st.lists(st.sampled_from([0, 0, 14, 60]), min_size=n, max_size=n)),
        last_contact=last,
        since=[today.toordinal() - x for x in draw(ints(0, 400))],
        going_cold=draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        birthday_month=draw(ints(0, 12)),
        birthday_day=draw(ints(1, 28)),
    )
    return people, Rules(today=today)


@settings(max_examples=150, deadline=None)
@given(networks(), st.randoms(use_true_random=False))
def test_proposals_are_unique_sound_and_independent_of_row_order(network, rng):
    people, rules = network
    actions = propose(Facts(people=people), rules)
    assert len(set(keys(actions))) == len(actions)
    for act in actions:
        assert parse_key(act.key) is not None
        assert act.kind in (Kind.REVIVE,) or act.due <= rules.week_end
        assert act.minutes > 0 and act.value > 0
    # One outreach kind per person at most among cadence, going cold and revive.
    upkeep = Counter(
        a.person_id for a in actions if a.kind in (Kind.KEEP_IN_TOUCH, Kind.GOING_COLD, Kind.REVIVE)
    )
    assert all(count == 1 for count in upkeep.values())
    order = list(range(len(people)))
    rng.shuffle(order)
    shuffled = People(*(getattr(people, f)[order] for f in People.__dataclass_fields__))
    assert propose(Facts(people=shuffled), rules) == actions


def test_a_large_network_is_proposed_and_fitted_quickly():
    rng = random.Random(1)
    n = 100_000
    people = People.build(
        np.arange(1, n + 1),
        closeness=[rng.choice([0, 1, 2, 3, 4, 5]) for _ in range(n)],
        last_contact=[d(TODAY) - rng.randint(1, 1000) for _ in range(n)],
        priority=[i + 1 if i < 10 else 0 for i in range(n)],
    )
    import time

    started = time.perf_counter()
    plan = agenda.plan(Facts(people=people), Rules(today=TODAY))
    elapsed = time.perf_counter() - started
    assert plan.planned
    assert len(plan.planned) + len(plan.overflow) + len(plan.suppressed) > 1000
    assert elapsed < 2.0, elapsed  # generous: shared machines; the bench measures for real


@pytest.mark.parametrize("today", [dt.date(2026, 12, 28), dt.date(2027, 1, 3)])
def test_a_week_across_the_new_year(today):
    people = one_person(1, closeness=3, birthday_month=1, birthday_day=1, last_contact=d(today))
    (action,) = propose(Facts(people=people), Rules(today=today))
    assert action.due == dt.date(2027, 1, 1)


@settings(max_examples=100, deadline=None)
@given(networks(), st.integers(0, 40), st.integers(0, 200))
def test_the_head_of_the_ranking_gives_the_plan_of_everything(network, head, budget):
    """propose_top makes only the head of the ranking; when the plan says it is complete,
    it is the plan of all the actions, and the rest is counted in the overflow."""
    people, rules = network
    rules = Rules(today=rules.today, budget_minutes=budget)
    full = fit(propose(Facts(people=people), rules), rules)
    top = agenda_rules.propose_top(Facts(people=people), rules, head)
    part = fit(top.actions, rules, rest=top.rest)
    assert len(top.actions) + top.rest.count == len(propose(Facts(people=people), rules))
    if part.complete:
        assert part.overflow_count == len(full.overflow)
        assert part.planned == full.planned
        shown = min(len(part.overflow), head)
        assert part.overflow[:shown] == full.overflow[:shown]


def test_the_rest_goes_to_the_overflow_and_is_noted():
    actions = [action("task:task:1", minutes=60)]
    rest = agenda.Rest(count=40, minutes=600, least_minutes=15)
    plan = fit(actions, Rules(today=TODAY, budget_minutes=60), rest=rest)
    assert plan.overflow_count == 40 and plan.overflow_minutes == 600
    assert agenda.Note("overflow-budget", {"count": 40, "minutes": 600}) in plan.notes
    assert plan.complete
    roomy = fit(actions, Rules(today=TODAY, budget_minutes=120), rest=rest)
    assert not roomy.complete


@st.composite
def decided_networks(draw):
    """A network, a few personless tasks, and decisions on some of the actions it calls for
    (and on actions it no longer calls for): done, dismissed, snoozed within or beyond the
    week."""
    people, rules = draw(networks())
    tasks = [
        agenda.Task(pk, f"T{pk}", rules.today - dt.timedelta(days=ago))
        for pk, ago in enumerate(draw(st.lists(st.integers(-6, 40), max_size=8)), start=1)
    ]
    everything = propose(Facts(people=people, tasks=tasks), rules)
    stale = [action_key(Kind.KEEP_IN_TOUCH, int(pid), "2020-01-01") for pid in people.ids[:5]]
    pool = [*keys(everything), *stale]
    picked = draw(st.lists(st.sampled_from(pool), max_size=12)) if pool else []
    persons = {a.key: a.person_id for a in everything}
    decisions = []
    for key in picked:
        decided = draw(st.sampled_from(list(Decided)))
        until = None
        if decided == Decided.SNOOZED:
            until = rules.today + dt.timedelta(days=draw(st.integers(1, 12)))
        on = rules.today - dt.timedelta(days=draw(st.integers(0, 40)))
        person = persons.get(key, parse_key(key).object_id)  # type: ignore[union-attr]
        decisions.append(Decision(key, decided, on, until, person))
    return Facts(people=people, tasks=tasks, decisions=decisions), rules


@settings(max_examples=100, deadline=None)
@given(decided_networks(), st.integers(0, 40), st.integers(0, 200))
def test_the_head_of_the_ranking_gives_the_plan_of_everything_after_decisions(
    network, head, budget
):
    """Decisions do not change what the head gives: what the owner handled is left out of
    both the plan and its overflow count, and an action of someone with a decision ranks
    like any other."""
    facts, rules = network
    rules = Rules(today=rules.today, budget_minutes=budget)
    everything = propose(facts, rules)
    full = fit(everything, rules, decisions=facts.decisions)
    top = agenda_rules.propose_top(facts, rules, head)
    part = fit(top.actions, rules, decisions=facts.decisions, rest=top.rest)
    assert len(top.actions) + top.rest.count == len(everything)
    if part.complete:
        assert part.overflow_count == len(full.overflow)
        assert part.planned == full.planned
        shown = min(len(part.overflow), head)
        assert part.overflow[:shown] == full.overflow[:shown]


def test_a_handled_action_below_the_cut_is_not_counted_in_the_overflow():
    """A dismissed task of no one, ranked below the cut, is left out like the others."""
    tasks = [agenda.Task(pk, f"T{pk}", days_ago(10)) for pk in range(1, 6)]
    tasks.append(agenda.Task(9, "Handled", TODAY))
    decisions = [Decision("task:task:9", Decided.DISMISSED, TODAY)]
    facts = Facts(people=People.build([]), tasks=tasks, decisions=decisions)
    rules = Rules(today=TODAY, budget_minutes=0)
    top = agenda_rules.propose_top(facts, rules, head=2)
    part = fit(top.actions, rules, decisions=decisions, rest=top.rest)
    full = fit(propose(facts, rules), rules, decisions=decisions)
    assert keys(full.suppressed) == ["task:task:9"]
    assert part.overflow_count == full.overflow_count == 5


def test_an_action_of_someone_with_a_decision_ranks_like_any_other():
    """Marc's thanks were dismissed; his cadence, below the cut, must not take the place
    of Hélène's better-ranked birthday."""
    people = People.build(
        [1, 2],
        closeness=[3, 3],
        last_contact=[d(days_ago(182)), d(days_ago(10))],
        birthday_month=[0, 11],
        birthday_day=[0, 29],
    )
    decisions = [Decision("thank:favor:99", Decided.DISMISSED, days_ago(40), None, 1)]
    facts = Facts(
        people=people, tasks=[agenda.Task(5, "Overdue", days_ago(10))], decisions=decisions
    )
    rules = Rules(today=TODAY, budget_minutes=30)
    full = fit(propose(facts, rules), rules, decisions=decisions)
    assert keys(p.action for p in full.planned) == ["task:task:5", "birthday:person:2:2026-11-29"]
    top = agenda_rules.propose_top(facts, rules, head=1)
    assert keys(top.actions) == ["task:task:5"]
    part = fit(top.actions, rules, decisions=decisions, rest=top.rest)
    assert not part.complete  # the caller asks again with a longer head
