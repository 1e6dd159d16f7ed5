"""The facts behind one tie's scores, for the sentences that explain them.

Pure Python + numpy, no Django: `explain` reads one pair out of the engine's Scores.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar

import numpy as np

from entregent.engines.scoring import (
    CLOSENESS_WEIGHT,
    DEPTH_WEIGHTS,
    IntArray,
    Level,
    PairInputs,
    Scores,
    TieStats,
    depth_parts,
)


class Reach(IntEnum):
    """Who reaches out, for the explanation of a score."""

    NOBODY = 0
    YOU = 1
    THEY = 2
    BOTH = 3


BOTH_SHARE = 0.2  # each side starts at least this share of the contacts: both reach out


def reaches_out(stats: TieStats) -> IntArray:
    """Reach codes: who starts the contacts (mutual ones tell nothing)."""
    started = stats.outgoing + stats.incoming
    both = np.minimum(stats.outgoing, stats.incoming) >= BOTH_SHARE * np.maximum(started, 1)
    codes = np.where(stats.outgoing > stats.incoming, Reach.YOU, Reach.THEY)
    codes = np.where(both, Reach.BOTH, codes)
    return np.where(started > 0, codes, Reach.NOBODY).astype(np.int64)


@dataclass(frozen=True, slots=True)
class TieFacts:
    """The facts behind one pair's scores, for sentences such as "relation: met 6 times in
    2 years, both of you reach out, last seen in March". Times are in days, as given."""

    level: Level
    depth: float
    warmth: float
    interactions: int
    outgoing: int
    incoming: int
    reaches_out: Reach
    span_years: float
    first_seen: float | None
    last_seen: float | None
    silence_days: float | None
    usual_gap_days: float | None
    going_cold: bool
    kinds: int
    intimate_share: float
    favors: int
    shared_ties: int
    closeness: int | None
    parts: dict[str, float]  # each part's weighted share of the depth score


_Record = TypeVar("_Record", "TieStats", "PairInputs")


def _optional(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


def _one(record: _Record, index: int) -> _Record:
    """The same record for one pair, so that explaining a row costs no full pass."""
    return dataclasses.replace(
        record,
        **{
            f.name: getattr(record, f.name)[index : index + 1]
            for f in dataclasses.fields(record)
            if isinstance(getattr(record, f.name), np.ndarray)
        },
    )


def explain(scores: Scores, pair: int) -> TieFacts:
    """The facts behind the scores of one pair."""
    stats, inputs, index = _one(scores.stats, pair), _one(scores.inputs, pair), 0
    rated = int(inputs.closeness[index])
    behaviour = 1.0 - CLOSENESS_WEIGHT if rated > 0 else 1.0
    parts = {
        name: float(behaviour * DEPTH_WEIGHTS[name] * part[index])
        for name, part in depth_parts(stats, inputs).items()
    }
    if rated > 0:
        parts["closeness"] = CLOSENESS_WEIGHT * (min(rated, 5) - 1) / 4.0
    count = int(stats.count[index])
    return TieFacts(
        level=Level(int(scores.level[pair])),
        depth=float(scores.depth[pair]),
        warmth=float(scores.warmth[pair]),
        interactions=count,
        outgoing=int(stats.outgoing[index]),
        incoming=int(stats.incoming[index]),
        reaches_out=Reach(int(reaches_out(stats)[index])),
        span_years=float(inputs.tie_years(stats)[index]),
        first_seen=_optional(stats.first[index]),
        last_seen=_optional(stats.last[index]),
        silence_days=_optional(stats.silence[index]),
        usual_gap_days=_optional(stats.usual_gap[index]),
        going_cold=bool(scores.cold[pair]),
        kinds=int(stats.kinds[index]),
        intimate_share=float(stats.intimate[index] / max(count, 1)),
        favors=int(inputs.favors[index]),
        shared_ties=int(inputs.shared_ties[index]),
        closeness=rated or None,
        parts=parts,
    )
