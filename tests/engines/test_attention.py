"""The attention key: when each tie comes due, on plain arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from entregent.engines import attention, scoring
from entregent.engines.attention import Cadences
from entregent.engines.scoring import Events, Level

N_PAIRS = 3
times = st.lists(
    st.tuples(st.integers(0, N_PAIRS - 1), st.floats(0.0, 1000.0)), min_size=0, max_size=20
)


def stats_of(rows, as_of):
    pair = [p for p, _t in rows]
    time = [t for _p, t in rows]
    return scoring.tie_stats(Events.build(pair, time), N_PAIRS, as_of)


DEFAULTS = Cadences()


def key(rows, as_of, level=Level.RELATION, cadences=DEFAULTS, by_hand=np.nan, start=0.0):
    stats = stats_of(rows, as_of)
    cadence = attention.cadence(
        np.full(N_PAIRS, level), np.zeros(N_PAIRS, bool), np.full(N_PAIRS, by_hand), cadences
    )
    return attention.due(stats, cadence, np.full(N_PAIRS, start))


@settings(deadline=None)
@given(times, st.floats(1000.0, 5000.0), st.floats(0.0, 5000.0))
def test_the_key_does_not_depend_on_when_it_is_computed(rows, as_of, later):
    # Past every event, only new facts move a key, not time.
    assert np.allclose(key(rows, as_of), key(rows, as_of + later), equal_nan=True)


@settings(deadline=None)
@given(times, st.floats(1000.0, 5000.0), st.sampled_from(list(Level)))
def test_a_tie_going_cold_is_due(rows, as_of, level):
    stats = stats_of(rows, as_of)
    cold = scoring.going_cold(stats)
    due = key(rows, as_of, level=level)
    assert np.all(due[cold] <= as_of)


@settings(deadline=None)
@given(times, st.floats(1000.0, 5000.0))
def test_only_ties_without_cadence_or_rhythm_are_never_due(rows, as_of):
    stats = stats_of(rows, as_of)
    due = key(rows, as_of, level=Level.ACQUAINTANCE)
    rhythm = stats.count >= scoring.COLD_MIN_EVENTS
    assert np.array_equal(np.isnan(due), ~rhythm)
    assert not np.isnan(key(rows, as_of, level=Level.CLOSE)).any()


def test_cadence_by_level_pin_and_hand():
    cadences = Cadences(top=10.0, deep=40.0, relation=100.0)
    level = np.array(
        [Level.CONTACT, Level.ACQUAINTANCE, Level.RELATION, Level.TRUSTED, Level.CLOSE]
    )
    none = np.full(5, np.nan)
    assert np.allclose(
        attention.cadence(level, np.zeros(5, bool), none, cadences),
        [np.nan, np.nan, 100.0, 40.0, 40.0],
        equal_nan=True,
    )
    assert np.allclose(attention.cadence(level, np.ones(5, bool), none, cadences), 10.0)
    by_hand = np.array([3.0, np.nan, 300.0, np.nan, 1.0])
    assert np.allclose(
        attention.cadence(level, np.ones(5, bool), by_hand, cadences), [3.0, 10.0, 300.0, 10.0, 1.0]
    )


def test_the_clock_starts_at_the_last_contact_or_the_start():
    events = Events.build([0, 1, 1, 1], [50.0, 10.0, 20.0, 30.0])
    stats = scoring.tie_stats(events, 3, 100.0)
    cadence = np.array([60.0, 60.0, 60.0])
    # Pair 1 talks every 10 days: its rhythm (4 gaps = 40 days) beats its cadence.
    assert attention.due(stats, cadence, np.array([0.0, 0.0, 7.0])).tolist() == [
        110.0,
        70.0,
        67.0,
    ]
