"""When a tie comes due: a time-independent key to rank "who needs attention".

Pure Python + numpy, no Django. Times are days on the caller's time line, as in `scoring`.

The key of a tie is a moment: the day it comes due. A tie comes due `allowance` days after
the last contact (without any, after the first meeting, else after the person was added),
where the allowance is the shorter of

- its cadence: the one set by hand for the person, else the owner's default for the top
  list, for deep ties (trusted and close) and for relations; acquaintances and contacts have
  none, so that thousands of faint contacts never crowd the ranking;
- its own rhythm: COLD_FACTOR usual gaps, the moment it starts going cold, once there are
  COLD_MIN_EVENTS interactions to tell a rhythm (a weekly tie silent for a month is due
  even when its cadence says three months).

A tie with neither never comes due (nan: not ranked). So a tie going cold is always due.

Why a moment rather than a score: at any moment `now`, the ties that need attention are
those whose key is before `now`, and `now - key` says how overdue each one is; sorting by the
key gives the same order at every moment, so an index serves the ranking and only a new fact
(an interaction, a rating, a cadence) moves a key. Warmth frozen at a reference epoch would
keep its order only with a single half-life, while warmth mixes several half-lives and a
silence term; and the lowest warmth belongs to the faintest contacts, not to the ties that
matter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entregent.engines.scoring import (
    COLD_FACTOR,
    COLD_MIN_EVENTS,
    BoolArray,
    FloatArray,
    IntArray,
    Level,
    TieStats,
)


@dataclass(frozen=True, slots=True)
class Cadences:
    """The owner's default cadences, in days; the Django layer reads them from the profile."""

    top: float = 30.0  # people pinned to the top list
    deep: float = 90.0  # trusted and close ties
    relation: float = 180.0


def cadence(
    level: IntArray, pinned: BoolArray, by_hand: FloatArray, cadences: Cadences
) -> FloatArray:
    """Days between contacts each tie asks for; nan where none (acquaintances, contacts)."""
    by_level = np.full(len(Level), np.nan)
    by_level[Level.RELATION] = cadences.relation
    by_level[[Level.TRUSTED, Level.CLOSE]] = cadences.deep
    default = by_level[np.asarray(level, dtype=np.int64)]
    default = np.where(pinned, np.fmin(default, cadences.top), default)
    return np.where(np.isnan(by_hand), default, by_hand)


def allowance(stats: TieStats, cadence_days: FloatArray) -> FloatArray:
    """Days of silence each tie allows: its cadence or its rhythm, the shorter; nan if none."""
    with np.errstate(invalid="ignore"):
        rhythm = np.where(stats.count >= COLD_MIN_EVENTS, COLD_FACTOR * stats.usual_gap, np.nan)
    result: FloatArray = np.fmin(cadence_days, rhythm)
    return result


def due(stats: TieStats, cadence_days: FloatArray, start: FloatArray) -> FloatArray:
    """The day each tie comes due (see the module's docstring); nan where it never does.

    `start` is when the clock starts for a pair without interactions: the first meeting,
    else the day the person was added.
    """
    base = np.where(np.isnan(stats.last), start, stats.last)
    result: FloatArray = base + allowance(stats, cadence_days)
    return result
