"""A pair's history row gives the same scores as its events, at any moment after them."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from entregent.engines import history, scoring
from entregent.engines.scoring import Direction, Events, Kind, PairInputs

N_PAIRS = 5

event_row = st.tuples(
    st.integers(0, N_PAIRS - 1),
    st.floats(0.0, 3000.0),
    st.integers(0, len(Kind) - 1),
    st.integers(0, len(Direction) - 1),
    st.sampled_from([0.0, 0.5, 1.0, 2.0]),
    st.booleans(),
)
event_rows = st.lists(event_row, max_size=40)
inputs = st.builds(
    lambda closeness, favors, shared, circles: PairInputs(
        closeness=np.array(closeness, dtype=np.int64),
        favors=np.array(favors, dtype=np.int64),
        shared_ties=np.array(shared, dtype=np.int64),
        circles=np.array(circles, dtype=np.int64),
        known_since=np.full(N_PAIRS, np.nan),
    ),
    *(st.lists(st.integers(0, 5), min_size=N_PAIRS, max_size=N_PAIRS) for _ in range(4)),
)


def build(rows: list[tuple[int, float, int, int, float, bool]]) -> Events:
    columns = list(zip(*rows, strict=True)) or [[]] * 6
    pair, time, kind, direction, weight, personal = columns
    return Events.build(
        pair, time, kind=kind, direction=direction, weight=weight, personal=personal
    )


@settings(deadline=None, max_examples=200)
@given(event_rows, st.floats(0.0, 2000.0), inputs)
def test_rows_give_the_scores_of_the_events(rows, later, pair_inputs):
    events = build(rows)
    as_of = 3000.0 + later
    expected = scoring.recompute(events, N_PAIRS, as_of, pair_inputs)
    got = history.recompute(history.summarize(events, N_PAIRS), as_of, pair_inputs)
    np.testing.assert_allclose(got.warmth, expected.warmth, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got.depth, expected.depth, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(got.level, expected.level)
    np.testing.assert_array_equal(got.cold, expected.cold)
    for name in ("count", "outgoing", "incoming", "mutual", "intimate", "kinds", "settings"):
        np.testing.assert_array_equal(getattr(got.stats, name), getattr(expected.stats, name))
    np.testing.assert_array_equal(got.stats.first, expected.stats.first)
    np.testing.assert_array_equal(got.stats.last, expected.stats.last)
    np.testing.assert_array_equal(got.cold_from, expected.cold_from)
    # The statistics need only the leading columns, which is all a recompute reads.
    counted = history.summarize(events, N_PAIRS)[:, : history.layout().counted]
    leading = history.stats(counted, as_of)
    for field in dataclasses.fields(leading):
        np.testing.assert_array_equal(getattr(leading, field.name), getattr(got.stats, field.name))
    np.testing.assert_array_equal(history.behind(counted, as_of), np.zeros(N_PAIRS, bool))


@settings(deadline=None)
@given(event_rows, event_rows)
def test_a_row_depends_only_on_its_own_pair(mine, others):
    """Adding other pairs' events leaves a pair's row as it was."""
    alone = history.summarize(build([row for row in mine if row[0] == 0]), N_PAIRS)
    together = history.summarize(
        build([row for row in mine if row[0] == 0] + [row for row in others if row[0] != 0]),
        N_PAIRS,
    )
    np.testing.assert_allclose(together[0], alone[0], rtol=1e-12)


@settings(deadline=None)
@given(event_rows, st.floats(0.0, 3000.0))
def test_rows_holding_later_events_are_flagged(rows, as_of):
    events = build(rows)
    summary = history.summarize(events, N_PAIRS)
    late = np.zeros(N_PAIRS, dtype=bool)
    for pair, time, _kind, _direction, weight, _personal in rows:
        late[pair] |= weight > 0 and time > as_of
    np.testing.assert_array_equal(history.behind(summary, as_of), late)


def test_long_histories_neither_overflow_nor_vanish():
    """Ten years of daily e-mails, scored a year after the last: finite, and still warm."""
    days = np.arange(0.0, 3650.0)
    events = Events.build(np.zeros(days.shape[0], dtype=np.int64), days)
    rows = history.summarize(events, 1)
    sums = rows[:, history.layout().sums]
    assert not np.isnan(sums).any()
    assert np.isfinite(sums).sum() == len(history.layout().kernels)  # the e-mail group only
    for as_of in (3650.0, 4015.0, 20_000.0):
        got = history.warmth(rows, as_of)
        np.testing.assert_allclose(got, scoring.warmth(events, 1, as_of), rtol=1e-9)


def test_the_layout_version_follows_the_model():
    model = scoring.DEFAULT_MODEL
    family = model.families[0]
    changed = model.with_family(
        0, scoring.Family(family.intercept, (1.0, *family.kernel[1:]), family.silence, 30.0)
    )
    assert history.layout(model).version == history.layout(model).version
    assert history.layout(changed).width >= history.layout(model).width
    moved = scoring.WarmthModel(model.families, (scoring.Channel(0, 5.0, 3.0), *model.channels[1:]))
    assert history.layout(moved).version != history.layout(model).version
