"""The score cache: recompute, updates after each change, the attention ranking, isolation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection

from entregent.engines import attention, history, scoring
from entregent.engines.explain import Reach
from entregent.models import (
    Favor,
    Interaction,
    InteractionKind,
    Participation,
    Person,
    ScoreHistory,
    Tie,
    TieSource,
)
from entregent.services import (
    bulk_read,
    exchanges,
    people,
    score_history,
    score_inputs,
    scores,
)
from entregent.services.people import PersonData

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def days_ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def person(owner, name: str, **extra) -> Person:
    return people.create_person(owner, PersonData(first_name=name, **extra))


def log(owner, who, days: float, **options):
    ids = [p.pk for p in who] if isinstance(who, list) else [who.pk]
    return exchanges.log_interaction(owner, ids, occurred_at=days_ago(days), **options)


@pytest.fixture
def network(owner, time_machine):
    """A small network with every kind of fact the scores read, at NOW."""
    time_machine.move_to(NOW, tick=False)
    circles = {c.key: c.pk for c in owner_circles(owner)}
    anna = person(owner, "Anna", closeness=4, first_met_on=dt.date(2020, 1, 10))
    bruno = person(owner, "Bruno", circle_ids=[circles["colleagues"], circles["sports"]])
    chloe = person(owner, "Chloé", priority=1)
    dora = person(owner, "Dora", cadence_days=20)
    ghost = person(owner, "Ghost")  # never in touch
    for days in (400, 300, 200, 120, 40):
        log(owner, anna, days, kind="meal", direction="outgoing", setting="personal")
    for days in (90, 60, 30):
        log(owner, [bruno, chloe], days, kind="email", direction="incoming")
    log(owner, dora, 5, kind="message", direction="mutual")
    exchanges.record_favor(owner, anna.pk, given=True, kind="advice")
    exchanges.record_favor(owner, anna.pk, given=False, kind="referral")
    exchanges.add_tie(owner, anna.pk, bruno.pk)
    Tie.objects.create(
        owner=owner,
        person_a=min(anna, bruno, key=pk),
        person_b=max(anna, bruno, key=pk),
        source=TieSource.INFERRED,
    )  # the same pair, inferred as well: counted once
    exchanges.add_tie(owner, bruno.pk, chloe.pk)
    return {"anna": anna, "bruno": bruno, "chloe": chloe, "dora": dora, "ghost": ghost}


def pk(item):
    return item.pk


def owner_circles(owner):
    from entregent import queries

    return queries.circles(owner)


def fresh_engine_scores(owner, everyone: list[Person], as_of: dt.datetime) -> scoring.Scores:
    """The engine run on facts read the plain way, one ORM row at a time."""
    index = {p.pk: i for i, p in enumerate(everyone)}
    rows = Participation.objects.filter(person__in=everyone, interaction__owner=owner)
    rows = rows.select_related("interaction")
    pair, time, kind, direction, personal = [], [], [], [], []
    for row in rows:
        interaction = row.interaction
        pair.append(index[row.person_id])
        time.append(interaction.occurred_at.timestamp() / scoring.SECONDS_PER_DAY)
        kind.append(scoring.Kind[InteractionKind(interaction.kind).name])
        direction.append(scoring.Direction[interaction.direction.upper()])
        personal.append(interaction.setting == "personal")
    events = scoring.Events.build(pair, time, kind=kind, direction=direction, personal=personal)
    favors = np.zeros(len(everyone), dtype=np.int64)
    for favor in Favor.objects.filter(owner=owner):
        if favor.giver_id is None or favor.receiver_id is None:
            favors[index[favor.giver_id or favor.receiver_id]] += 1
    shared = np.zeros(len(everyone), dtype=np.int64)
    for a, b in set(Tie.objects.filter(owner=owner).values_list("person_a_id", "person_b_id")):
        shared[index[a]] += 1
        shared[index[b]] += 1
    inputs = scoring.PairInputs(
        closeness=np.array([p.closeness or 0 for p in everyone]),
        favors=favors,
        shared_ties=shared,
        circles=np.array([p.circles.count() for p in everyone]),
        known_since=np.array(
            [
                dt.datetime.combine(p.first_met_on, dt.time(), dt.UTC).timestamp() / 86400
                if p.first_met_on
                else np.nan
                for p in everyone
            ]
        ),
    )
    return scoring.recompute(events, len(everyone), as_of.timestamp() / 86400, inputs)


def test_the_cache_matches_a_fresh_engine_computation(owner, network):
    summary = scores.recompute(owner, as_of=NOW)
    everyone = list(Person.objects.owned_by(owner).order_by("pk"))
    assert summary.people == len(everyone) == 5
    expected = fresh_engine_scores(owner, everyone, NOW)
    for i, row in enumerate(everyone):
        assert row.depth == pytest.approx(expected.depth[i], abs=1e-4)
        assert row.depth_level == expected.level[i]
        cold_from = row.cold_from.timestamp() / 86400 if row.cold_from else np.nan
        np.testing.assert_allclose(cold_from, expected.cold_from[i], atol=1 / 86400)
        assert (row.cold_from is not None and row.cold_from < NOW) == expected.cold[i]
        assert row.scored_at == NOW
    assert expected.stats.count.tolist() == [5, 3, 3, 1, 0]
    assert expected.inputs.favors.tolist() == [2, 0, 0, 0, 0]
    assert expected.inputs.shared_ties.tolist() == [1, 2, 1, 0, 0]
    anna = everyone[0]
    assert anna.last_interaction_at == days_ago(40)
    assert everyone[4].last_interaction_at is None


def test_the_facts_read_in_bulk_are_the_facts(owner, network):
    facts = score_inputs.read(owner.pk)
    anna, bruno = network["anna"], network["bruno"]
    assert facts.person_ids.tolist() == sorted(p.pk for p in network.values())
    assert facts.inputs.closeness.tolist()[0] == 4
    assert facts.inputs.circles.tolist()[:2] == [0, 2]
    assert facts.inputs.known_since[0] == pytest.approx(
        dt.datetime(2020, 1, 10, tzinfo=dt.UTC).timestamp() / 86400
    )
    assert facts.pinned.tolist() == [False, False, True, False, False]
    assert np.isnan(facts.by_hand[0]) and facts.by_hand[3] == 20
    meals = facts.events.select(facts.events.pair == 0)
    assert set(meals.kind.tolist()) == {scoring.Kind.MEAL}
    assert set(meals.direction.tolist()) == {scoring.Direction.OUTGOING}
    assert meals.personal.all()
    subset = score_inputs.read(owner.pk, [bruno.pk, anna.pk, 10**9])
    assert subset.person_ids.tolist() == [anna.pk, bruno.pk]
    assert subset.inputs.shared_ties.tolist() == [1, 2]
    assert subset.events.pair.shape[0] == 8


CACHE = ("depth", "depth_level", "cold_from", "last_interaction_at", "attention_key")


def cache(owner) -> list[tuple]:
    return list(Person.objects.owned_by(owner).order_by("pk").values_list(*CACHE))


def test_updates_after_each_change_agree_with_a_full_recompute(owner, network):
    scores.recompute(owner, as_of=NOW)
    log(owner, [network["anna"], network["ghost"]], 1, kind="video")
    exchanges.record_favor(owner, network["bruno"].pk, given=True, kind="help")
    data = PersonData.from_person(network["dora"])
    data.closeness = 5
    people.update_person(owner, network["dora"], data)
    updated = cache(owner)
    assert scores.recompute(owner, as_of=NOW).written == 0
    assert updated == cache(owner)


def test_many_rows_take_the_bulk_write_path(owner, network, monkeypatch):
    monkeypatch.setattr(scores, "SMALL_WRITE", 1)
    monkeypatch.setattr(scores, "ANALYZE_AFTER", 1)
    Person.objects.owned_by(owner).update(scored_at=None)
    assert scores.recompute(owner, as_of=NOW).written == 5
    bulk = cache(owner)
    monkeypatch.setattr(scores, "SMALL_WRITE", 1000)
    Person.objects.owned_by(owner).update(depth=0.0, cold_from=None, scored_at=None)
    assert scores.recompute(owner, as_of=NOW).written == 5
    assert bulk == cache(owner)


def test_participations_read_unpacked_when_ids_are_far_apart(owner, network, monkeypatch):
    packed = score_inputs.read(owner.pk)
    monkeypatch.setattr(score_inputs, "PACKED_SPAN", 0)
    plain = score_inputs.read(owner.pk)
    assert np.array_equal(packed.events.pair, plain.events.pair)
    assert np.array_equal(packed.events.time, plain.events.time)


def test_logging_an_interaction_warms_the_tie_and_ends_going_cold(owner, time_machine):
    time_machine.move_to(NOW, tick=False)
    eve = person(owner, "Ève")
    for days in (200, 190, 180, 170):  # every ten days, then silence
        log(owner, eve, days, kind="call")
    eve.refresh_from_db()
    assert eve.going_cold
    cold_warmth = scores.explain(owner, eve).warmth
    log(owner, eve, 0, kind="call")
    eve.refresh_from_db()
    assert not eve.going_cold
    assert scores.explain(owner, eve).warmth > cold_warmth
    assert eve.last_interaction_at == NOW
    assert eve.scored_at == NOW


def test_a_favour_and_a_closeness_rating_deepen_the_tie(owner, time_machine):
    time_machine.move_to(NOW, tick=False)
    fred = person(owner, "Fred")
    log(owner, fred, 10)
    fred.refresh_from_db()
    shallow = fred.depth
    exchanges.record_favor(owner, fred.pk, given=False, kind="introduction")
    fred.refresh_from_db()
    assert fred.depth > shallow
    data = PersonData.from_person(fred)
    data.closeness = 5
    people.update_person(owner, fred, data)
    fred.refresh_from_db()
    assert fred.depth_level >= scoring.Level.TRUSTED


def test_the_attention_ranking_puts_the_longest_overdue_first(owner, network):
    scores.recompute(owner, as_of=NOW)
    ranked = list(scores.attention(owner))
    keys = [p.attention_key for p in ranked]
    assert keys == sorted(keys)
    # Ghost: no cadence, no rhythm, never due. Dora: her cadence, 20 days after the message.
    assert network["ghost"] not in ranked
    dora = next(p for p in ranked if p.pk == network["dora"].pk)
    assert scores.due_at(dora.attention_key) == days_ago(5) + dt.timedelta(days=20)
    # Chloé is pinned: the top-list cadence (30 days) after her last e-mail, 30 days ago.
    chloe = next(p for p in ranked if p.pk == network["chloe"].pk)
    assert scores.due_at(chloe.attention_key) == NOW
    overdue = list(scores.attention(owner, due_by=NOW))
    assert [p.pk for p in overdue] == [p.pk for p in ranked if p.attention_key <= keys[-1]][
        : len(overdue)
    ]
    assert all(scores.due_at(p.attention_key) <= NOW for p in overdue)
    assert network["dora"].pk not in [p.pk for p in overdue]
    assert [p.pk for p in scores.attention(owner, limit=1)] == [ranked[0].pk]
    people.set_archived(owner, network["chloe"], archived=True)
    assert network["chloe"].pk not in [p.pk for p in scores.attention(owner)]


def test_a_tie_going_cold_is_always_due(owner, network):
    scores.recompute(owner, as_of=NOW + dt.timedelta(days=400))
    later = NOW + dt.timedelta(days=400)
    going_cold = Person.objects.owned_by(owner).filter(cold_from__lt=later)
    assert going_cold.exists()
    for row in going_cold:
        assert scores.due_at(row.attention_key) <= NOW + dt.timedelta(days=400)


def test_the_attention_ranking_shows_its_people_in_one_query(
    owner, network, django_assert_num_queries
):
    with django_assert_num_queries(1):
        shown = [
            (p.full_name, p.depth_level, p.going_cold, p.last_interaction_at, p.attention_key)
            for p in scores.attention(owner)
        ]
    assert len(shown) == 4 and shown[0][0]


def test_the_attention_ranking_reads_the_index(owner, network):
    if connection.vendor != "sqlite":
        pytest.skip("the plan of PostgreSQL depends on its statistics")
    query = str(scores.attention(owner).query)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {query}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "person_attention" in plan
    assert "TEMP B-TREE" not in plan


def test_another_owners_data_never_leaks_into_scores(owner, stranger, network):
    theirs = person(stranger, "Zoé", closeness=5)
    for days in (30, 20, 10):
        log(stranger, theirs, days)
    # A participation that crosses owners (no service writes one) is ignored both ways.
    crossing = Interaction.objects.create(owner=stranger, occurred_at=days_ago(1))
    Participation.objects.create(
        interaction=crossing, person=network["ghost"], occurred_at=days_ago(1)
    )
    Favor.objects.create(owner=stranger, giver=network["ghost"], kind="advice", occurred_on=NOW)
    before = Person.objects.get(pk=theirs.pk)
    scores.recompute(owner, as_of=NOW)
    assert scores.update_people(owner, [theirs.pk], as_of=NOW) == 0
    after = Person.objects.get(pk=theirs.pk)
    assert (after.cold_from, after.depth, after.scored_at) == (
        before.cold_from,
        before.depth,
        before.scored_at,
    )
    ghost = Person.objects.get(pk=network["ghost"].pk)
    assert (ghost.cold_from, ghost.last_interaction_at) == (None, None)
    assert score_inputs.read(owner.pk).inputs.favors.sum() == 2
    assert theirs.pk not in [p.pk for p in scores.attention(owner, 100)]
    with pytest.raises(Person.DoesNotExist):
        scores.report(owner, theirs.pk)


def test_a_recompute_writes_only_what_changed(owner, network):
    # Every service that changed a fact kept the cache fresh: nothing left to write.
    assert scores.recompute(owner, as_of=NOW).written == 0
    Person.objects.filter(pk=network["bruno"].pk).update(depth=0.5)
    assert scores.recompute(owner, as_of=NOW).written == 1
    assert scores.recompute(owner, as_of=NOW).written == 0


def test_report_explains_and_draws_warmth_month_by_month(owner, network):
    report = scores.report(owner, network["anna"].pk, as_of=NOW)
    facts = report.facts
    assert facts.interactions == 5
    assert facts.favors == 2
    assert facts.closeness == 4
    assert facts.reaches_out == Reach.YOU
    assert len(report.history) == 13
    assert report.history[-1][0] == NOW
    assert report.history[-1][1] == pytest.approx(facts.warmth)
    single = [
        scoring.warmth(
            score_inputs.read(owner.pk, [network["anna"].pk]).events,
            1,
            scores.to_days(moment),
        )[0]
        for moment, _value in report.history
    ]
    assert [value for _moment, value in report.history] == pytest.approx(single)
    assert scores.explain(owner, network["anna"].pk, as_of=NOW) == facts


def test_cadences_come_from_the_profile(owner, network):
    from entregent.services import accounts

    accounts.update_preferences(owner, cadence_top_days=7)
    owner.refresh_from_db()
    assert scores.cadences_of(owner).top == 7
    assert scores.cadences_of(owner.pk).top == 7
    scores.recompute(owner, as_of=NOW)
    chloe = Person.objects.get(pk=network["chloe"].pk)
    assert scores.due_at(chloe.attention_key) == days_ago(30) + dt.timedelta(days=7)


def test_index_of_finds_ids_dense_or_sparse():
    dense = np.array([3, 4, 7], dtype=np.int64)
    sparse = np.array([5, 10**12], dtype=np.int64)
    values = np.array([7, 1, 3, 10**12, 8], dtype=np.int64)
    index, found = bulk_read.index_of(dense, values)
    assert found.tolist() == [True, False, True, False, False]
    assert index[found].tolist() == [2, 0]
    index, found = bulk_read.index_of(sparse, values)
    assert found.tolist() == [False, False, False, True, False]
    assert index[found].tolist() == [1]


def test_the_attention_engine_is_used_for_the_key(owner, network):
    facts = score_inputs.read(owner.pk)
    stats = scoring.tie_stats(facts.events, facts.person_ids.shape[0], NOW.timestamp() / 86400)
    computed = scores._finish(facts, stats, attention.Cadences())
    assert np.isnan(computed.key[4])  # the ghost
    assert np.isfinite(computed.key[:4]).all()


def test_an_empty_network_scores_nobody(stranger):
    assert scores.recompute(stranger).people == 0
    assert scores.update_people(stranger, [1, 2, 3]) == 0
    assert list(scores.attention(stranger)) == []


def test_bulk_columns_refuse_a_null(owner):
    person(owner, "Nobody pinned")  # priority is NULL
    with pytest.raises(ValueError, match="NULL"):
        bulk_read.bulk_columns(
            [("id", bulk_read.INT), ("priority", bulk_read.INT)],
            f"FROM {Person._meta.db_table} WHERE owner_id = %s",
            [owner.pk],
        )


def test_every_change_to_the_facts_refreshes_the_cache(owner, django_capture_on_commit_callbacks):
    """A pinned person is due from the day they are added; ties and deletions refresh too."""
    import datetime as dt

    from django.utils import timezone

    from entregent.models import Person
    from entregent.services import accounts, exchanges, people
    from entregent.services.people import PersonData

    pinned = people.create_person(owner, PersonData(first_name="Top", priority=1))
    assert Person.objects.get(pk=pinned.pk).attention_key is not None
    other = people.create_person(owner, PersonData(first_name="Other"))
    tie = exchanges.add_tie(owner, pinned.pk, other.pk)
    scored = Person.objects.get(pk=pinned.pk).scored_at
    assert scored is not None
    interaction = exchanges.log_interaction(
        owner, [pinned.pk], occurred_at=timezone.now() - dt.timedelta(days=1)
    )
    with_contact = Person.objects.get(pk=pinned.pk).last_interaction_at
    assert with_contact is not None
    exchanges.delete_interaction(owner, interaction)
    assert Person.objects.get(pk=pinned.pk).last_interaction_at is None
    exchanges.remove_tie(owner, tie)
    before = Person.objects.get(pk=pinned.pk).attention_key
    with django_capture_on_commit_callbacks(execute=True):
        accounts.update_preferences(owner, cadence_top_days=7)
    assert Person.objects.get(pk=pinned.pk).attention_key < before


# --- history rows -------------------------------------------------------------------------


def stored_rows(owner) -> dict[int, bytes]:
    return dict(ScoreHistory.objects.filter(owner=owner).values_list("person_id", "data"))


def test_every_change_keeps_each_persons_history_row(owner, network):
    """The services store a history row per person; the rows give the engine's scores."""
    rows = stored_rows(owner)
    assert set(rows) == {p.pk for p in network.values()}
    everyone = list(Person.objects.owned_by(owner).order_by("pk"))
    later = NOW + dt.timedelta(days=45)
    read, found = score_history.read(owner.pk, np.array([p.pk for p in everyone]))
    assert found.all()
    expected = fresh_engine_scores(owner, everyone, later)
    got = history.recompute(read, later.timestamp() / 86400, expected.inputs)
    np.testing.assert_allclose(got.warmth, expected.warmth, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(got.level, expected.level)
    counted = history.layout().counted
    leading, _found = score_history.read(owner.pk, np.array(sorted(rows)), width=counted)
    np.testing.assert_array_equal(leading, read[:, :counted])
    log(owner, network["ghost"], 2, kind="call")
    assert stored_rows(owner)[network["ghost"].pk] != rows[network["ghost"].pk]


@pytest.mark.parametrize("days_later", [0, 30, 400])
def test_a_recompute_from_the_rows_equals_one_from_every_interaction(
    owner, network, time_machine, days_later
):
    moment = NOW + dt.timedelta(days=days_later)
    scores.recompute(owner, as_of=moment, rebuild=True)
    rebuilt = cache(owner)
    Person.objects.owned_by(owner).update(depth=0.0, cold_from=None, scored_at=None)
    summary = scores.recompute(owner, as_of=moment)
    assert summary.written == 5
    assert cache(owner) == rebuilt


def test_missing_or_outdated_rows_are_rebuilt_from_the_interactions(owner, network):
    scores.recompute(owner, as_of=NOW, rebuild=True)
    expected = cache(owner)
    anna, bruno = network["anna"], network["bruno"]
    ScoreHistory.objects.filter(person=anna).delete()
    ScoreHistory.objects.filter(person=bruno).update(version=history.layout().version + 1)
    Person.objects.owned_by(owner).update(depth=0.0, scored_at=None)
    scores.recompute(owner, as_of=NOW)
    assert cache(owner) == expected
    versions = dict(ScoreHistory.objects.filter(owner=owner).values_list("person_id", "version"))
    assert versions[anna.pk] == versions[bruno.pk] == history.layout().version


def test_interactions_changed_behind_the_services_back_need_a_rebuild(owner, network):
    """A bulk writer that skips the services names the people it changed (or rebuilds)."""
    scores.recompute(owner, as_of=NOW)
    ghost = network["ghost"]
    interaction = Interaction.objects.create(
        owner=owner, occurred_at=days_ago(3), kind="meeting", direction="mutual"
    )
    Participation.objects.create(interaction=interaction, person=ghost, occurred_at=days_ago(3))
    scores.recompute(owner, as_of=NOW)
    assert Person.objects.get(pk=ghost.pk).last_interaction_at is None  # the row is stale
    scores.recompute(owner, as_of=NOW, changed=[ghost.pk])
    assert Person.objects.get(pk=ghost.pk).last_interaction_at == days_ago(3)
    ScoreHistory.objects.filter(person=ghost).delete()
    Participation.objects.filter(person=ghost).delete()
    scores.recompute(owner, as_of=NOW, rebuild=True)
    assert Person.objects.get(pk=ghost.pk).last_interaction_at is None


def test_interactions_dated_later_are_left_out_until_their_day(owner, network):
    """A recompute for an earlier moment (or of an interaction dated ahead, as calendars
    bring) reads the rows holding later interactions from the interactions before it."""
    bruno = network["bruno"]
    scores.recompute(owner, as_of=days_ago(45))
    assert Person.objects.get(pk=bruno.pk).last_interaction_at == days_ago(60)
    assert Person.objects.get(pk=network["dora"].pk).last_interaction_at is None
    scores.recompute(owner, as_of=NOW)
    assert Person.objects.get(pk=bruno.pk).last_interaction_at == days_ago(30)


def test_most_rows_missing_means_one_pass_over_every_interaction(owner, network, monkeypatch):
    ScoreHistory.objects.filter(owner=owner).delete()
    read = []
    monkeypatch.setattr(
        score_inputs, "all_events", lambda *args: read.append(args) or ALL_EVENTS(*args)
    )
    scores.recompute(owner, as_of=NOW)
    assert len(read) == 1
    assert len(stored_rows(owner)) == 5


ALL_EVENTS = score_inputs.all_events


def test_time_passing_writes_nothing(owner, network):
    """The cache holds only what the facts decide: a recompute days later writes no row,
    and matches a rebuild from every interaction then."""
    scores.recompute(owner, as_of=NOW)
    stored = cache(owner)
    for later in (NOW + dt.timedelta(days=1), NOW + dt.timedelta(days=400)):
        assert scores.recompute(owner, as_of=later).written == 0
        assert cache(owner) == stored
        assert scores.recompute(owner, as_of=later, rebuild=True).written == 0


def test_the_network_is_rescored_once_a_day_in_the_owners_time_zone(owner, network):
    profile = owner.profile
    profile.timezone = "Pacific/Auckland"  # UTC+12 in June
    profile.save()
    assert scores.refresh(owner, now=NOW - dt.timedelta(hours=1)) is not None  # 23:00 there
    assert scores.refresh(owner, now=NOW - dt.timedelta(minutes=1)) is None
    # Midnight in Auckland, noon in UTC: a new day for this owner.
    assert scores.refresh(owner, now=NOW + dt.timedelta(minutes=1)) is not None
    assert scores.refresh(owner, now=NOW + dt.timedelta(hours=11)) is None


def test_a_tie_goes_cold_with_time_alone_and_nothing_is_written(owner, time_machine):
    time_machine.move_to(NOW, tick=False)
    eve = person(owner, "Ève")
    for days in (40, 30, 20, 10):
        log(owner, eve, days, kind="call")
    stored = Person.objects.get(pk=eve.pk)
    assert not stored.going_cold
    assert stored.cold_from == days_ago(10) + dt.timedelta(days=40)  # four usual gaps
    time_machine.move_to(NOW + dt.timedelta(days=60), tick=False)
    assert scores.recompute(owner).written == 0
    assert Person.objects.get(pk=eve.pk).going_cold


def test_on_other_days_the_refresh_rescores_the_interactions_whose_day_came(
    owner, network, monkeypatch, time_machine
):
    """NOW is a Monday: the week's first refresh recomputes everything; Tuesday's rescores
    only the people of an interaction logged ahead of its day, now come, with the same
    result as a rebuild from every interaction."""
    assert NOW.weekday() == 0
    time_machine.move_to(NOW, tick=False)
    assert scores.refresh(owner, now=NOW) is not None
    ahead = NOW + dt.timedelta(days=1)
    exchanges.log_interaction(owner, [network["ghost"].pk], kind="meeting", occurred_at=ahead)
    assert Person.objects.get(pk=network["ghost"].pk).last_interaction_at is None
    # Logged on the day, about that day: counted at once, not rescored again.
    time_machine.move_to(ahead + dt.timedelta(hours=1), tick=False)
    exchanges.log_interaction(owner, [network["anna"].pk], occurred_at=ahead)
    full = scores.recompute
    calls = []
    monkeypatch.setattr(scores, "recompute", lambda *a, **k: calls.append(k) or full(*a, **k))
    tuesday = NOW + dt.timedelta(days=1, hours=3)
    summary = scores.refresh(owner, now=tuesday)
    assert calls == [] and summary is not None
    assert (summary.people, summary.written) == (1, 1)
    assert Person.objects.get(pk=network["ghost"].pk).last_interaction_at == ahead
    refreshed = cache(owner)
    assert full(owner, as_of=tuesday, rebuild=True).written == 0
    assert cache(owner) == refreshed
    later = NOW + dt.timedelta(days=7)  # the next Monday: everything again
    scores.refresh(owner, now=later)
    assert len(calls) == 1
