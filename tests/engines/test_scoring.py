"""Warmth, depth, going cold, the log reader and the evaluation metrics, on plain arrays."""

from __future__ import annotations

import dataclasses
from itertools import product
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import eval as evaluation
from entregent.engines import scoring
from entregent.engines.explain import Reach, explain
from entregent.engines.scoring import Direction, Events, Kind, Level, PairInputs
from entregent.engines.temporal_log import LogError, read_log, score_log

N_PAIRS = 4
TOLERANCE = 1e-12

event_row = st.tuples(
    st.integers(0, N_PAIRS - 1),
    st.floats(0.0, 1000.0),
    st.integers(0, len(Kind) - 1),
    st.integers(0, len(Direction) - 1),
    st.floats(0.0, 5.0),
    st.booleans(),
)
event_rows = st.lists(event_row, max_size=25)
moments = st.floats(0.0, 1200.0)


def build(rows: list[tuple[int, float, int, int, float, bool]]) -> Events:
    columns = list(zip(*rows, strict=True)) or [[]] * 6
    pair, time, kind, direction, weight, personal = columns
    return Events.build(
        pair, time, kind=kind, direction=direction, weight=weight, personal=personal
    )


def warmth(rows: list[tuple[int, float, int, int, float, bool]], as_of: float) -> np.ndarray:
    return scoring.warmth(build(rows), N_PAIRS, as_of)


# --- warmth properties --------------------------------------------------------------------


@settings(deadline=None)
@given(event_rows, moments)
def test_warmth_is_a_chance(rows, as_of):
    values = warmth(rows, as_of)
    assert values.shape == (N_PAIRS,)
    assert np.all((values >= 0.0) & (values <= 1.0))


@settings(deadline=None)
@given(event_rows, st.lists(event_row, min_size=1, max_size=5), moments)
def test_adding_events_never_lowers_warmth(rows, extra, as_of):
    before = warmth(rows, as_of)
    after = warmth(rows + extra, as_of)
    assert np.all(after >= before - TOLERANCE)


@settings(deadline=None)
@given(event_rows, moments, st.floats(0.0, 500.0))
def test_warmth_cools_as_time_passes_without_events(rows, as_of, later):
    past = [row for row in rows if row[1] <= as_of]
    now, then = warmth(past, as_of), warmth(past, as_of + later)
    assert np.all(then <= now + TOLERANCE)


@settings(deadline=None)
@given(event_rows, moments)
def test_events_after_as_of_are_ignored(rows, as_of):
    past = [row for row in rows if row[1] <= as_of]
    assert np.array_equal(warmth(rows, as_of), warmth(past, as_of))


@settings(deadline=None)
@given(event_rows, moments, st.randoms(use_true_random=False))
def test_event_order_does_not_matter(rows, as_of, random):
    shuffled = rows.copy()
    random.shuffle(shuffled)
    assert np.allclose(warmth(rows, as_of), warmth(shuffled, as_of), rtol=1e-12, atol=1e-15)


@settings(deadline=None, max_examples=30)
@given(event_rows, moments)
def test_vectorised_warmth_matches_the_python_loop(rows, as_of):
    naive = evaluation.naive_warmth(build(rows), N_PAIRS, as_of, scoring.DEFAULT_MODEL)
    assert np.allclose(naive, warmth(rows, as_of), rtol=1e-9, atol=1e-12)


def test_warmth_strictly_cools_and_chat_fades_faster_than_email():
    email = Events.build([0, 0, 0], [0.0, 10.0, 20.0], kind=[Kind.EMAIL] * 3)
    chat = Events.build([0, 0, 0], [0.0, 10.0, 20.0], kind=[Kind.MESSAGE] * 3)
    at = [21.0, 30.0, 60.0]
    email_curve = [scoring.warmth(email, 1, t)[0] for t in at]
    chat_curve = [scoring.warmth(chat, 1, t)[0] for t in at]
    assert email_curve[0] > email_curve[1] > email_curve[2] > 0.0
    assert chat_curve[0] > chat_curve[1] > chat_curve[2] > 0.0
    assert chat_curve[2] / chat_curve[0] < email_curve[2] / email_curve[0]


def test_a_meal_stays_warm_longer_than_an_email():
    meal = Events.build([0], [0.0], kind=[Kind.MEAL])
    email = Events.build([0], [0.0], kind=[Kind.EMAIL])
    assert scoring.warmth(meal, 1, 90.0)[0] > scoring.warmth(email, 1, 90.0)[0]


def test_pairs_without_events_have_no_warmth():
    events = Events.build([1], [5.0])
    assert scoring.warmth(events, 3, 10.0).tolist()[0::2] == [0.0, 0.0]


def test_events_reject_bad_codes():
    with pytest.raises(ValueError, match="codes"):
        Events.build([0], [1.0], kind=[len(Kind)])
    with pytest.raises(ValueError, match="expected 2 values"):
        Events.build([0, 1], [1.0, 2.0], weight=[1.0])


# --- depth, explanation, going cold -------------------------------------------------------


@settings(deadline=None)
@given(event_rows, moments, st.integers(0, 9), st.integers(0, 30), st.integers(0, 4))
def test_depth_level_rises_with_closeness(rows, as_of, favors, shared, circles):
    stats = scoring.tie_stats(build(rows), N_PAIRS, as_of)
    levels = []
    for rating in range(1, 6):
        inputs = PairInputs(
            closeness=np.full(N_PAIRS, rating),
            favors=np.full(N_PAIRS, favors),
            shared_ties=np.full(N_PAIRS, shared),
            circles=np.full(N_PAIRS, circles),
            known_since=np.full(N_PAIRS, np.nan),
        )
        score = scoring.depth(stats, inputs)
        assert np.all((score >= 0.0) & (score <= 1.0))
        levels.append(scoring.level(score))
    assert np.all(np.diff(np.array(levels), axis=0) >= 0)
    assert np.all(levels[-1] >= Level.TRUSTED)
    assert np.all(levels[0] <= Level.ACQUAINTANCE)


def test_explain_gives_the_facts_behind_a_relation():
    year = scoring.DAYS_PER_YEAR
    times = np.linspace(0.0, 2 * year, 6)
    events = Events.build(
        [0] * 6,
        times,
        kind=[Kind.MEETING, Kind.EMAIL, Kind.MEAL, Kind.EMAIL, Kind.MEETING, Kind.CALL],
        direction=[Direction.OUTGOING, Direction.INCOMING] * 3,
    )
    scores = scoring.recompute(events, 2, 2 * year + 30.0)
    facts = explain(scores, 0)
    assert facts.level == Level.RELATION
    assert facts.interactions == 6
    assert facts.span_years == pytest.approx(2.0)
    assert facts.reaches_out == Reach.BOTH
    assert facts.last_seen == pytest.approx(2 * year)
    assert facts.silence_days == pytest.approx(30.0)
    assert facts.kinds == 4
    assert facts.intimate_share == pytest.approx(0.5)
    assert facts.closeness is None
    assert sum(facts.parts.values()) == pytest.approx(facts.depth)
    assert not facts.going_cold
    empty = explain(scores, 1)
    assert (empty.level, empty.interactions, empty.last_seen) == (Level.CONTACT, 0, None)
    assert empty.reaches_out == Reach.NOBODY


def test_a_closeness_rating_dominates_and_is_explained():
    events = Events.build([0], [0.0], direction=[Direction.OUTGOING])
    inputs = dataclasses.replace(PairInputs.none(1), closeness=np.array([5]))
    facts = explain(scoring.recompute(events, 1, 1.0, inputs), 0)
    assert facts.level >= Level.TRUSTED
    assert facts.closeness == 5
    assert facts.reaches_out == Reach.YOU
    assert sum(facts.parts.values()) == pytest.approx(facts.depth)


def test_tie_age_counts_from_the_first_meeting_when_known():
    events = Events.build([0, 0], [400.0, 500.0])
    stats = scoring.tie_stats(events, 1, 510.0)
    inputs = PairInputs.none(1)
    met_early = dataclasses.replace(inputs, known_since=np.array([-230.0]))
    assert inputs.tie_years(stats)[0] == pytest.approx(100.0 / scoring.DAYS_PER_YEAR)
    assert met_early.tie_years(stats)[0] == pytest.approx(730.0 / scoring.DAYS_PER_YEAR)
    assert scoring.depth(stats, met_early)[0] > scoring.depth(stats, inputs)[0]


def test_going_cold_needs_a_rhythm_and_a_long_silence():
    events = Events.build([0, 0, 0, 1, 1], [0.0, 10.0, 20.0, 0.0, 20.0])
    # pair 0: usual gap 10 days; pair 1 has only two events, so no rhythm to judge.
    for as_of, expected in [(30.0, False), (60.0, False), (61.0, True), (500.0, True)]:
        cold = scoring.going_cold(scoring.tie_stats(events, 3, as_of))
        assert cold.tolist() == [expected, False, False]


@settings(deadline=None)
@given(event_rows, moments, st.floats(0.0, 500.0))
def test_going_cold_is_a_moment_that_time_does_not_move(rows, as_of, later):
    """The stored moment gives the flag at any later day: only new events move it."""
    events = build([row for row in rows if row[1] <= as_of])
    now, then = (scoring.tie_stats(events, N_PAIRS, day) for day in (as_of, as_of + later))
    moment = scoring.cold_from(now)
    np.testing.assert_array_equal(moment, scoring.cold_from(then))
    assert np.all(np.isnan(moment) | (moment >= np.nan_to_num(now.last)))
    for stats in (now, then):
        expected = np.nan_to_num(moment, nan=np.inf) < stats.as_of
        np.testing.assert_array_equal(scoring.going_cold(stats), expected)


def test_a_burst_of_messages_is_not_a_rhythm_of_minutes():
    events = Events.build([0, 0, 0], [0.0, 0.001, 0.002])
    assert not scoring.going_cold(scoring.tie_stats(events, 1, 3.0))[0]
    assert scoring.going_cold(scoring.tie_stats(events, 1, 5.0))[0]


# --- metrics ------------------------------------------------------------------------------


def brute_force_auc(scores: list[int], labels: list[bool]) -> float:
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p, n in product(positives, negatives))
    return wins / (len(positives) * len(negatives))


@given(st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=2, max_size=40))
def test_auc_equals_the_pairwise_count(rows):
    scores, labels = zip(*rows, strict=True)
    auc = evaluation.roc_auc(np.array(scores, dtype=float), np.array(labels))
    if all(labels) or not any(labels):
        assert np.isnan(auc)
    else:
        assert auc == pytest.approx(brute_force_auc(list(scores), list(labels)))


def test_precision_at_k_shares_ties_and_skips_people_without_positives():
    pairs = np.array([[0, 1], [0, 2], [0, 3], [4, 5]])
    scores = np.array([3.0, 1.0, 1.0, 9.0])
    labels = np.array([False, True, False, False])
    # Person 0, top 2: contact 1 (negative), then one of two tied contacts (half a hit).
    # Person 2's only contact is positive; 1, 3, 4 and 5 have no positive contact.
    precision = evaluation.precision_at_k(pairs, scores, labels, k=2)
    assert precision == pytest.approx((0.25 + 1.0) / 2)


def test_fit_family_keeps_coefficients_non_negative():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 9))
    y = (x[:, 0] - x[:, 1] + rng.normal(size=400)) > 0
    family = evaluation.fit_family(x, y, horizon=7.0)
    assert np.all(family.coef >= 0.0)
    assert family.coef[0] > 0.5
    assert family.coef[1] == 0.0


# --- the log reader -----------------------------------------------------------------------


def test_reader_parses_whitespace_logs_with_comments():
    log = read_log(["% asym positive", "% 3 2 2", "1 2 1 86400", "", "2 1 2 172800"])
    assert log.names == ("1", "2")
    assert log.sender.tolist() == [0, 1]
    assert log.weight.tolist() == [1.0, 2.0]
    assert log.time.tolist() == [1.0, 2.0]


def test_reader_parses_csv_with_a_header_and_iso_dates():
    log = read_log(
        [
            "# exported",
            "sender,recipient,time",
            "ana@example.org,bo@example.org,2024-03-05",
            "bo@example.org,ana@example.org,2024-03-06T12:00:00+00:00",
            '"Doe, Jane",ana@example.org,1709683200',
        ]
    )
    assert log.names == ("ana@example.org", "bo@example.org", "Doe, Jane")
    day = 1709596800 / scoring.SECONDS_PER_DAY
    assert log.time.tolist() == pytest.approx([day, day + 1.5, day + 1.0])


@pytest.mark.parametrize(
    "bad", ["1 2", "1 2 3 4 5", "1 2 yesterday", "1 2 -1 10", "1 2 nan", "a,b,c,2024-13-01"]
)
def test_reader_names_the_bad_line(bad):
    with pytest.raises(LogError, match="line 3"):
        read_log(["% header", "1 2 100", bad])


def test_score_log_rows_cover_pairs_seen_before_as_of():
    log = read_log(["a b 0", "b a 86400", "a c 172800", "c d 864000"])
    rows = score_log(log, as_of=5.0, horizon=14.0)
    assert [(row.a, row.b) for row in rows] == [("a", "b"), ("a", "c")]
    assert all(0.0 < row.warmth < 1.0 and 0.0 <= row.depth <= 1.0 for row in rows)
    assert rows[0].depth > rows[1].depth  # both wrote, twice, over a day


# --- the yardstick ------------------------------------------------------------------------


def test_reduced_evaluation_on_dept3_beats_recency():
    if not (evaluation.DATA / evaluation.DEPT3.file).exists():
        pytest.skip(f"no data under {Path(evaluation.DATA)}")
    protocol = dataclasses.replace(evaluation.DEPT3, tuning=(210.0,), evaluation=(300.0, 420.0))
    paired, start = evaluation.load(protocol)
    family = evaluation.tuning_family(paired, start, protocol)
    model = scoring.DEFAULT_MODEL.with_family(scoring.WRITTEN, family)
    report = evaluation.evaluate(protocol, model)
    assert report.mean_auc("warmth") > report.mean_auc(evaluation.BASELINES[0])
