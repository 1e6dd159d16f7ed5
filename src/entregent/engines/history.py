"""A pair's interaction history folded into a fixed-width row, so that its scores can be
recomputed at any later moment without reading the interactions again.

Everything the scores take from the events is a count, a first or last time, or a decayed
sum  sum(mass * 2 ** (-(as_of - t) / (h * stretch))).  With L the last time, a decayed sum
factors into  2 ** (-(as_of - L) / (h * stretch))  times  sum(mass * 2 ** ((t - L) / (h *
stretch))),  and the second factor does not depend on the moment. Kept as a logarithm it
neither overflows nor underflows. So each pair's history becomes one row of floats
(`summarize`), a row per pair rebuilds the same scores as the events at any moment after
the last event (`recompute`), and recomputing a whole network costs a pass over its
people, not over its interactions.

A row's columns depend on the warmth model (its channels and half-lives): `layout(model)`
names them, and its `version` tells rows built for another model apart.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np

from entregent.engines import scoring
from entregent.engines.scoring import (
    DEFAULT_HORIZON,
    DEFAULT_MODEL,
    HALF_LIVES,
    INTIMATE_KINDS,
    BoolArray,
    Direction,
    Events,
    FloatArray,
    IntArray,
    Kind,
    PairInputs,
    Scores,
    TieStats,
    WarmthModel,
)

N_DIRECTIONS = len(Direction)
DIRECTIONS = slice(0, N_DIRECTIONS)  # interactions per direction
INTIMATE = N_DIRECTIONS  # meetings, meals and personal-setting interactions
KINDS = INTIMATE + 1  # kinds seen, as bits
SETTINGS = KINDS + 1  # settings seen (1: professional, 2: personal), as bits
FIRST = SETTINGS + 1  # first interaction, days; nan where none
LASTS = FIRST + 1  # then one last time per channel group, then the logarithmic sums
_INTIMATE_KIND = np.isin(np.arange(len(Kind)), INTIMATE_KINDS)


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each part of a history row sits, for one warmth model.

    Kinds that feed the same family with the same time stretch form a group: their decayed
    sums share a rate, so one logarithmic sum per group and half-life holds them all.
    """

    groups: tuple[tuple[int, float], ...]  # (family, stretch) of each group
    group_of_kind: IntArray  # indexed by Kind
    log_mass: FloatArray  # indexed by Kind
    kernels: tuple[int, ...]  # indexes of the half-lives the model uses
    rate: FloatArray  # groups x kernels: ln 2 / (half-life * stretch), per day
    width: int
    version: int  # changes with the model: rows of another version must be rebuilt

    @property
    def lasts(self) -> slice:
        return slice(LASTS, LASTS + len(self.groups))

    @property
    def counted(self) -> int:
        """How many leading columns `stats` and `behind` read: all but the sums, which
        only warmth needs."""
        return LASTS + len(self.groups)

    @property
    def sums(self) -> slice:
        start = LASTS + len(self.groups)
        return slice(start, start + len(self.groups) * len(self.kernels))


@cache
def layout(model: WarmthModel = DEFAULT_MODEL) -> Layout:
    groups = tuple(sorted({(c.family, c.stretch) for c in model.channels}))
    kernels = tuple(k for k in range(len(HALF_LIVES)) if any(f.kernel[k] for f in model.families))
    rate = np.array(
        [[np.log(2.0) / (HALF_LIVES[k] * stretch) for k in kernels] for _family, stretch in groups]
    ).reshape(len(groups), len(kernels))
    width = LASTS + len(groups) * (1 + len(kernels))
    version = zlib.crc32(repr((groups, kernels, HALF_LIVES, model.channels)).encode()) & 0x7FFF
    return Layout(
        groups=groups,
        group_of_kind=np.array(
            [groups.index((c.family, c.stretch)) for c in model.channels], dtype=np.int64
        ),
        log_mass=np.log(np.array([c.mass for c in model.channels], dtype=np.float64)),
        kernels=kernels,
        rate=rate,
        width=width,
        version=version,
    )


def summarize(events: Events, n_pairs: int, model: WarmthModel = DEFAULT_MODEL) -> FloatArray:
    """One row per pair (n_pairs x layout(model).width) from all its weighted events."""
    scoring.check_pairs(events, n_pairs)
    if not (events.weight > 0).all():
        events = events.select(events.weight > 0)
    shape = layout(model)
    rows = np.zeros((n_pairs, shape.width))
    pair, n_kinds = events.pair, len(Kind)
    rows[:, DIRECTIONS] = np.bincount(
        pair * N_DIRECTIONS + events.direction, minlength=n_pairs * N_DIRECTIONS
    ).reshape(n_pairs, N_DIRECTIONS)
    intimate = _INTIMATE_KIND[events.kind] | events.personal
    rows[:, INTIMATE] = np.bincount(pair, weights=intimate, minlength=n_pairs)
    seen = np.bincount(pair * n_kinds + events.kind, minlength=n_pairs * n_kinds)
    rows[:, KINDS] = (seen.reshape(n_pairs, n_kinds) > 0) @ (2 ** np.arange(n_kinds))
    settings = np.bincount(pair * 2 + events.personal, minlength=n_pairs * 2)
    rows[:, SETTINGS] = (settings.reshape(n_pairs, 2) > 0) @ np.array([1, 2])
    first = np.full(n_pairs, np.inf)
    np.minimum.at(first, pair, events.time)
    rows[:, FIRST] = np.where(np.isfinite(first), first, np.nan)

    n_groups = len(shape.groups)
    group = shape.group_of_kind[events.kind]
    slot = pair * n_groups + group
    last = np.full(n_pairs * n_groups, -np.inf)
    np.maximum.at(last, slot, events.time)
    rows[:, shape.lasts] = last.reshape(n_pairs, n_groups)
    # log sum(mass * exp(rate * (t - last))), from the group's last time: every term is at
    # most the largest mass, and the last event's term is its own mass, so the sum neither
    # overflows nor vanishes, and the scores subtract no large numbers.
    back = events.time - last[slot]
    log_mass = shape.log_mass[events.kind] + np.log(events.weight)
    has = np.isfinite(last)
    sums = np.full((n_pairs * n_groups, len(shape.kernels)), -np.inf)
    for column in range(len(shape.kernels)):
        rate = shape.rate[group, column]
        total = np.bincount(slot, np.exp(log_mass + rate * back), n_pairs * n_groups)
        sums[has, column] = np.log(total[has])
    rows[:, shape.sums] = sums.reshape(n_pairs, n_groups * len(shape.kernels))
    return rows


def latest(rows: FloatArray, model: WarmthModel = DEFAULT_MODEL) -> FloatArray:
    """Each pair's last interaction, days; -inf where none. A row holds for moments after it."""
    last: FloatArray = rows[:, layout(model).lasts].max(axis=1, initial=-np.inf)
    return last


def stats(rows: FloatArray, as_of: float, model: WarmthModel = DEFAULT_MODEL) -> TieStats:
    """The same TieStats as `scoring.tie_stats` on the events, for `as_of` after each row's
    last interaction."""
    by_direction = rows[:, DIRECTIONS]
    last = latest(rows, model)
    return TieStats(
        as_of=as_of,
        count=by_direction.sum(axis=1),
        outgoing=by_direction[:, Direction.OUTGOING].copy(),
        incoming=by_direction[:, Direction.INCOMING].copy(),
        mutual=by_direction[:, Direction.MUTUAL].copy(),
        intimate=rows[:, INTIMATE].copy(),
        first=rows[:, FIRST].copy(),
        last=np.where(np.isfinite(last), last, np.nan),
        kinds=_bits(rows[:, KINDS]),
        settings=_bits(rows[:, SETTINGS]),
    )


def warmth(
    rows: FloatArray,
    as_of: float,
    *,
    model: WarmthModel = DEFAULT_MODEL,
    horizon: float = DEFAULT_HORIZON,
) -> FloatArray:
    """The same warmth as `scoring.warmth` on the events, for `as_of` after each row's last."""
    shape = layout(model)
    n_pairs, n_groups = rows.shape[0], len(shape.groups)
    family_of_group = np.array([family for family, _stretch in shape.groups])
    stretch = np.array([stretch for _family, stretch in shape.groups])
    lasts = rows[:, shape.lasts]
    with np.errstate(invalid="ignore"):
        ages = (as_of - lasts) / stretch  # inf where the group is empty
    logs = rows[:, shape.sums].reshape(n_pairs, n_groups, len(shape.kernels))
    with np.errstate(invalid="ignore"):  # exp(-inf) where the group is empty: 0
        decayed = np.exp(logs - shape.rate * (as_of - lasts)[:, :, None])
    quiet = np.ones(n_pairs)
    for index, spec in enumerate(model.families):
        mine = family_of_group == index
        sums = np.zeros((len(HALF_LIVES), n_pairs))
        sums[list(shape.kernels)] = decayed[:, mine, :].sum(axis=1).T
        silence = ages[:, mine].min(axis=1, initial=np.inf)
        quiet *= 1.0 - scoring.family_chance(sums, silence, spec, horizon)
    return 1.0 - quiet


def recompute(
    rows: FloatArray,
    as_of: float,
    inputs: PairInputs | None = None,
    *,
    model: WarmthModel = DEFAULT_MODEL,
    horizon: float = DEFAULT_HORIZON,
) -> Scores:
    """The same Scores as `scoring.recompute` on the events the rows were built from."""
    n_pairs = rows.shape[0]
    inputs = inputs if inputs is not None else PairInputs.none(n_pairs)
    return scoring.scores_from(
        stats(rows, as_of, model), warmth(rows, as_of, model=model, horizon=horizon), inputs
    )


def behind(rows: FloatArray, as_of: float, model: WarmthModel = DEFAULT_MODEL) -> BoolArray:
    """Rows that cannot give the scores at `as_of`: they hold interactions after it."""
    result: BoolArray = latest(rows, model) > as_of
    return result


_BITS_SET = np.array([bin(mask).count("1") for mask in range(2 ** len(Kind))], dtype=np.int64)


def _bits(masks: FloatArray) -> IntArray:
    """How many bits each mask (of kinds, or of settings) sets."""
    count: IntArray = _BITS_SET[masks.astype(np.int64)]
    return count
