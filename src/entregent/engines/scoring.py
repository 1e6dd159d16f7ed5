"""Tie strength: warmth (how alive a tie is now), depth (how deep it is), going cold.

Pure Python + numpy, no Django. The caller hands over one row per interaction as arrays
(pair index, time in days, kind, direction, weight, personal setting) plus a few per-pair
facts, and gets one value per pair back. Every step is a vectorised pass over the events
(bincount, minimum.at). `engines.history` folds each pair's events into a stored row that
gives the same scores later without the events; `engines.explain` turns one pair's scores
into the facts its explanation quotes.

Warmth is the chance of a contact within `horizon` days. Each channel family ("written":
e-mail and, stretched in time, calls and meetings; "chat": instant messages) has its own
logistic model over decayed sums with several half-lives (a mixture of exponential kernels,
which keeps a long memory) and the silence since the last contact. Its coefficients were
fitted on the first cutoffs of two public message logs only (`python -m bench.eval` prints
them): both keep the one-year kernel (long memory), but e-mail's silence term works on a
scale of a month and chat's on a day. Every coefficient is non-negative, so an extra
interaction never cools a tie and time alone only cools it.

The pair's own rhythm (silence against its usual gap, Navarro et al. 2017) drives the
going-cold flag, not warmth (`cold_from` gives the day it turns, a moment that only new
interactions move): a rhythm term would make an extra past interaction lower
warmth, and on the logs it added under 0.005 AUC.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

DAYS_PER_YEAR = 365.25
SECONDS_PER_DAY = 86_400.0


class Kind(IntEnum):
    """Interaction kinds; the same order as the model's InteractionKind choices."""

    MEETING = 0
    MEAL = 1
    CALL = 2
    VIDEO = 3
    EMAIL = 4
    MESSAGE = 5
    SOCIAL = 6
    EVENT = 7
    NOTE = 8


class Direction(IntEnum):
    OUTGOING = 0  # the user reached out
    INCOMING = 1  # they reached out
    MUTUAL = 2


class Level(IntEnum):
    """Depth levels, shallow to deep; the Django layer translates the names."""

    CONTACT = 0
    ACQUAINTANCE = 1
    RELATION = 2
    TRUSTED = 3
    CLOSE = 4


# --- warmth model ---------------------------------------------------------------------

HALF_LIVES: tuple[float, ...] = (0.5, 2.0, 7.0, 30.0, 120.0, 365.0)  # days
SILENCE_SCALES: tuple[float, ...] = (1.0, 7.0, 30.0)  # days
DEFAULT_HORIZON = 30.0  # days


@dataclass(frozen=True, slots=True)
class Family:
    """A logistic model of 'contact within `horizon` days' for one family of channels.

    Features: log(eps + decayed sum) for each half-life, then -log(1 + silence / scale)
    for each silence scale; all coefficients are non-negative.
    """

    intercept: float
    kernel: tuple[float, ...]
    silence: tuple[float, ...]
    horizon: float
    eps: float = 0.01

    @property
    def coef(self) -> FloatArray:
        return np.asarray(self.kernel + self.silence, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Channel:
    """How one kind of interaction feeds a family: its time stretch and its mass.

    A stretch of 4 makes an interaction four months old count like an e-mail one month
    old; a mass of 3 makes it count like three e-mails.
    """

    family: int
    stretch: float
    mass: float


WRITTEN, CHAT = 0, 1

# Fitted by `python -m bench.eval` on the tuning cutoffs only (Dept3 e-mail for written,
# CollegeMsg for chat); the evaluation cutoffs never saw them.
WRITTEN_FAMILY = Family(
    intercept=-0.757398,
    kernel=(0.125451, 0.0, 0.0, 0.0, 0.336197, 0.618127),
    silence=(0.0, 0.0, 0.589065),
    horizon=30.0,
)
CHAT_FAMILY = Family(
    intercept=-0.475817,
    kernel=(0.0, 0.0, 0.0, 0.0, 0.0, 0.433811),
    silence=(0.970263, 0.0, 0.0),
    horizon=14.0,
)

# Priors for the kinds no public log covers: meetings and meals matter longer and weigh
# more than an e-mail; a social-network reaction weighs less than a message.
CHANNELS: dict[Kind, Channel] = {
    Kind.MEETING: Channel(WRITTEN, stretch=4.0, mass=3.0),
    Kind.MEAL: Channel(WRITTEN, stretch=6.0, mass=4.0),
    Kind.CALL: Channel(WRITTEN, stretch=2.0, mass=2.0),
    Kind.VIDEO: Channel(WRITTEN, stretch=2.0, mass=2.0),
    Kind.EMAIL: Channel(WRITTEN, stretch=1.0, mass=1.0),
    Kind.MESSAGE: Channel(CHAT, stretch=1.0, mass=1.0),
    Kind.SOCIAL: Channel(CHAT, stretch=1.0, mass=0.5),
    Kind.EVENT: Channel(WRITTEN, stretch=3.0, mass=1.5),
    Kind.NOTE: Channel(WRITTEN, stretch=1.0, mass=0.5),
}


@dataclass(frozen=True, slots=True)
class WarmthModel:
    families: tuple[Family, ...]
    channels: tuple[Channel, ...]  # indexed by Kind

    def with_family(self, index: int, family: Family) -> WarmthModel:
        families = list(self.families)
        families[index] = family
        return WarmthModel(tuple(families), self.channels)


DEFAULT_MODEL = WarmthModel(
    families=(WRITTEN_FAMILY, CHAT_FAMILY),
    channels=tuple(CHANNELS[kind] for kind in Kind),
)


# --- events ---------------------------------------------------------------------------


_Array = TypeVar("_Array", bound=NDArray[np.generic])


def _sized(array: _Array, n: int) -> _Array:
    """One value per event; a single value is repeated."""
    if array.ndim == 0:
        return np.full(n, array, dtype=array.dtype)  # type: ignore[return-value]
    if array.shape != (n,):
        raise ValueError(f"expected {n} values, got shape {array.shape}")
    return array


@dataclass(frozen=True, slots=True)
class Events:
    """One row per interaction with one person (a pair: the user and that person)."""

    pair: IntArray
    time: FloatArray  # days, any origin
    kind: IntArray
    direction: IntArray
    weight: FloatArray
    personal: BoolArray

    @classmethod
    def build(
        cls,
        pair: ArrayLike,
        time: ArrayLike,
        *,
        kind: ArrayLike | None = None,
        direction: ArrayLike | None = None,
        weight: ArrayLike | None = None,
        personal: ArrayLike | None = None,
    ) -> Events:
        """Arrays of one length (or one value for all); by default e-mail, mutual, weight 1."""
        pairs = np.asarray(pair, dtype=np.int64)
        n = pairs.shape[0]
        events = cls(
            pair=pairs,
            time=_sized(np.asarray(time, dtype=np.float64), n),
            kind=_sized(np.asarray(Kind.EMAIL if kind is None else kind, dtype=np.int64), n),
            direction=_sized(
                np.asarray(Direction.MUTUAL if direction is None else direction, dtype=np.int64), n
            ),
            weight=_sized(np.asarray(1.0 if weight is None else weight, dtype=np.float64), n),
            personal=_sized(np.asarray(False if personal is None else personal, dtype=np.bool_), n),
        )
        if n and (
            pairs.min() < 0
            or not 0 <= events.kind.min() <= events.kind.max() < len(Kind)
            or not 0 <= events.direction.min() <= events.direction.max() < len(Direction)
        ):
            raise ValueError("pair indexes must be >= 0, kinds and directions valid codes")
        return events

    def select(self, mask: BoolArray) -> Events:
        return Events(
            self.pair[mask],
            self.time[mask],
            self.kind[mask],
            self.direction[mask],
            self.weight[mask],
            self.personal[mask],
        )


def decayed_sums(
    events: Events,
    n_pairs: int,
    as_of: float,
    model: WarmthModel = DEFAULT_MODEL,
    kernels: tuple[int, ...] = tuple(range(len(HALF_LIVES))),
) -> tuple[FloatArray, FloatArray]:
    """Decayed sums (half-lives x pairs x families; only `kernels` computed, others 0) and
    days of silence (pairs x families, inf where none).

    Later or weightless events get an infinite age and no mass instead of being copied
    out: one pass per half-life over all events, both families at once.
    """
    check_pairs(events, n_pairs)
    n_families = len(model.families)
    family = np.array([c.family for c in model.channels], dtype=np.int64)
    slot = events.pair * n_families + family[events.kind]
    age = (as_of - events.time) * np.array([1.0 / c.stretch for c in model.channels])[events.kind]
    mass = np.array([c.mass for c in model.channels])[events.kind] * events.weight
    live = _live(events, as_of)
    if live is not None:
        age[~live] = np.inf
        mass[~live] = 0.0
    size = n_pairs * n_families
    decay = np.empty_like(age)
    sums = np.zeros((len(HALF_LIVES), size))
    for k in kernels:
        np.multiply(age, -np.log(2.0) / HALF_LIVES[k], out=decay)
        np.exp(decay, out=decay)
        decay *= mass
        sums[k] = np.bincount(slot, decay, size)
    silence = np.full(size, np.inf)
    np.minimum.at(silence, slot, age)
    return sums.reshape(len(HALF_LIVES), n_pairs, n_families), silence.reshape(n_pairs, n_families)


def family_design(
    events: Events, n_pairs: int, as_of: float, family: int, model: WarmthModel = DEFAULT_MODEL
) -> tuple[FloatArray, BoolArray]:
    """One family's features (pairs x features) and which pairs have events, for fitting."""
    sums, silence = decayed_sums(events, n_pairs, as_of, model)
    eps = model.families[family].eps
    columns = [np.log(eps + sums[k, :, family]) for k in range(len(HALF_LIVES))]
    columns.extend(-np.log1p(silence[:, family] / scale) for scale in SILENCE_SCALES)
    return np.column_stack(columns), np.isfinite(silence[:, family])


def family_chance(
    sums: FloatArray, silence: FloatArray, spec: Family, horizon: float
) -> FloatArray:
    """Chance of contact within `horizon` days from one family's sums and silence.

    0 where the pair has no events; terms with a zero coefficient are skipped.
    """
    has = np.isfinite(silence)
    z = np.full(silence.shape, spec.intercept)
    for coef, decayed in zip(spec.kernel, sums, strict=True):
        if coef:
            z += coef * np.log(spec.eps + decayed)
    quiet = np.where(has, silence, 0.0)
    for coef, scale in zip(spec.silence, SILENCE_SCALES, strict=True):
        if coef:
            z -= coef * np.log1p(quiet / scale)
    chance = np.where(has, 1.0 / (1.0 + np.exp(-z)), 0.0)
    # A constant rate over the window turns the fitted horizon into the one asked for.
    with np.errstate(divide="ignore"):  # a certain contact stays certain
        return -np.expm1(np.log1p(-chance) * (horizon / spec.horizon))


def warmth(
    events: Events,
    n_pairs: int,
    as_of: float,
    *,
    model: WarmthModel = DEFAULT_MODEL,
    horizon: float = DEFAULT_HORIZON,
) -> FloatArray:
    """How alive each tie is at `as_of`: the chance of a contact within `horizon` days.

    Families combine as independent chances (one of them is enough to stay in touch).
    """
    used = tuple(k for k in range(len(HALF_LIVES)) if any(f.kernel[k] for f in model.families))
    sums, silence = decayed_sums(events, n_pairs, as_of, model, used)
    quiet = np.ones(n_pairs)
    for index, spec in enumerate(model.families):
        quiet *= 1.0 - family_chance(sums[:, :, index], silence[:, index], spec, horizon)
    return 1.0 - quiet


# --- per-pair statistics, depth, going cold -----------------------------------------------

INTIMATE_KINDS = (Kind.MEETING, Kind.MEAL)
COLD_FACTOR = 4.0  # silence beyond this many usual gaps: going cold
COLD_MIN_EVENTS = 3  # fewer events than this tell no rhythm
MIN_GAP_DAYS = 1.0  # a burst of e-mails in one day is not a rhythm of minutes


@dataclass(frozen=True, slots=True)
class PairInputs:
    """Per-pair facts that are not interactions; zero means unknown or none."""

    closeness: IntArray  # the user's rating 1-5, 0 when unrated
    favors: IntArray  # give-and-take entries, both ways
    shared_ties: IntArray  # people both know
    circles: IntArray  # circles the person sits in
    known_since: FloatArray  # day the user first met them, nan when unknown

    @classmethod
    def none(cls, n_pairs: int) -> PairInputs:
        zeros = np.zeros(n_pairs, dtype=np.int64)
        return cls(zeros, zeros, zeros, zeros, np.full(n_pairs, np.nan))

    def tie_years(self, stats: TieStats) -> FloatArray:
        """Years from the first meeting (or interaction) to the last interaction."""
        start = np.fmin(stats.first, self.known_since)
        return np.fmax(stats.last - start, 0.0) / DAYS_PER_YEAR  # 0 where unknown (nan)


@dataclass(frozen=True, slots=True)
class TieStats:
    """Counts and dates per pair, from the events up to `as_of`."""

    as_of: float
    count: FloatArray
    outgoing: FloatArray
    incoming: FloatArray
    mutual: FloatArray
    intimate: FloatArray
    first: FloatArray  # nan where no events
    last: FloatArray  # nan where no events
    kinds: IntArray  # distinct kinds
    settings: IntArray  # distinct settings (professional, personal)

    @property
    def silence(self) -> FloatArray:
        """Days since the last interaction; inf where none."""
        return np.where(np.isnan(self.last), np.inf, self.as_of - self.last)

    @property
    def usual_gap(self) -> FloatArray:
        """Mean days between interactions (at least MIN_GAP_DAYS); nan under two events."""
        gaps = np.fmax(self.last - self.first, 0.0) / np.maximum(self.count - 1, 1)  # nan: 0
        return np.where(self.count >= 2, np.maximum(gaps, MIN_GAP_DAYS), np.nan)


def check_pairs(events: Events, n_pairs: int) -> None:
    """Every event's pair index within `n_pairs`."""
    if events.pair.size and events.pair.max() >= n_pairs:
        raise ValueError(f"pair index {events.pair.max()} beyond {n_pairs} pairs")


def _live(events: Events, as_of: float) -> BoolArray | None:
    """Which events count at `as_of` (at or before it, with weight); None when all do."""
    live = (events.time <= as_of) & (events.weight > 0)
    return None if live.all() else live


def _tally(slot: IntArray, live: BoolArray | None, size: int) -> IntArray:
    """Events per slot; the others go to one extra bin, dropped."""
    if live is not None:
        slot = np.where(live, slot, size)
    return np.bincount(slot, minlength=size + 1)[:size].astype(np.int64)


def tie_stats(events: Events, n_pairs: int, as_of: float) -> TieStats:
    check_pairs(events, n_pairs)
    live = _live(events, as_of)
    n_kinds = len(Kind)
    by_kind = _tally(
        (events.pair * n_kinds + events.kind) * 2 + events.personal, live, n_pairs * n_kinds * 2
    ).reshape(n_pairs, n_kinds, 2)
    directions = _tally(events.pair * 3 + events.direction, live, n_pairs * 3)
    by_direction = directions.reshape(n_pairs, 3).astype(np.float64)
    pair, time = (
        (events.pair, events.time) if live is None else (events.pair[live], events.time[live])
    )
    first = np.full(n_pairs, np.inf)
    np.minimum.at(first, pair, time)
    last = np.full(n_pairs, -np.inf)
    np.maximum.at(last, pair, time)
    intimate = np.isin(np.arange(n_kinds), INTIMATE_KINDS)
    return TieStats(
        as_of=as_of,
        count=by_direction.sum(axis=1),
        outgoing=by_direction[:, Direction.OUTGOING],
        incoming=by_direction[:, Direction.INCOMING],
        mutual=by_direction[:, Direction.MUTUAL],
        intimate=(
            by_kind[:, intimate].sum(axis=(1, 2)) + by_kind[:, ~intimate, 1].sum(axis=1)
        ).astype(np.float64),
        first=np.where(np.isfinite(first), first, np.nan),
        last=np.where(np.isfinite(last), last, np.nan),
        kinds=np.count_nonzero(by_kind.sum(axis=2), axis=1).astype(np.int64),
        settings=np.count_nonzero(by_kind.sum(axis=1), axis=1).astype(np.int64),
    )


def cold_from(stats: TieStats, factor: float = COLD_FACTOR) -> FloatArray:
    """The day each tie starts going cold unless a contact comes first: `factor` usual gaps
    after the last interaction; nan under COLD_MIN_EVENTS (no rhythm to tell).

    It depends on the interactions only, not on `as_of`: the moment can be stored and
    compared with any later day, as the attention key is.
    """
    with np.errstate(invalid="ignore"):
        moment = stats.last + factor * stats.usual_gap
    result: FloatArray = np.where(stats.count >= COLD_MIN_EVENTS, moment, np.nan)
    return result


def going_cold(stats: TieStats, factor: float = COLD_FACTOR) -> BoolArray:
    """Silent for more than `factor` usual gaps at `stats.as_of` (see `cold_from`)."""
    return _cold_at(stats.as_of, cold_from(stats, factor))


def _cold_at(as_of: float, moment: FloatArray) -> BoolArray:
    """Going cold at `as_of`, from the moments of `cold_from` (never where nan)."""
    with np.errstate(invalid="ignore"):
        result: BoolArray = as_of > moment
    return result


# Weights of the behavioural parts of depth (they sum to 1), and how much the user's own
# closeness rating counts when there is one: it is the single best measure of a tie.
DEPTH_WEIGHTS: dict[str, float] = {
    "interactions": 0.25,
    "age": 0.15,
    "reciprocity": 0.15,
    "intimacy": 0.15,
    "multiplexity": 0.10,
    "give_and_take": 0.10,
    "shared_ties": 0.10,
}
CLOSENESS_WEIGHT = 0.7
LEVEL_THRESHOLDS = (0.15, 0.35, 0.55, 0.75)  # acquaintance, relation, trusted, close


def _saturate(value: ArrayLike, scale: float) -> FloatArray:
    """0 at 0, 0.63 at `scale`, towards 1 beyond."""
    return -np.expm1(-np.maximum(np.asarray(value, dtype=np.float64), 0.0) / scale)


def depth_parts(stats: TieStats, inputs: PairInputs) -> dict[str, FloatArray]:
    """Each behavioural part of depth in [0, 1], before weighting."""
    total = stats.count
    safe = np.maximum(total, 1.0)
    balance = 2.0 * np.minimum(stats.outgoing, stats.incoming) + stats.mutual
    settings = np.maximum(stats.kinds + stats.settings + inputs.circles - 2, 0)
    return {
        "interactions": _saturate(total, 8.0),
        "age": _saturate(inputs.tie_years(stats), 1.5),
        "reciprocity": balance / safe,
        "intimacy": stats.intimate / safe,
        "multiplexity": _saturate(settings, 3.0),
        "give_and_take": _saturate(inputs.favors, 3.0),
        "shared_ties": _saturate(inputs.shared_ties, 5.0),
    }


def depth(stats: TieStats, inputs: PairInputs) -> FloatArray:
    """Depth in [0, 1]: behaviour alone, or mostly the closeness rating when given."""
    parts = depth_parts(stats, inputs)
    behaviour = np.zeros(stats.count.shape[0])
    for name, part in parts.items():
        behaviour += DEPTH_WEIGHTS[name] * part
    rated = np.clip(inputs.closeness, 0, 5)
    from_rating = (rated - 1) / 4.0
    blended = CLOSENESS_WEIGHT * from_rating + (1.0 - CLOSENESS_WEIGHT) * behaviour
    return np.where(rated > 0, blended, behaviour)


def level(depth_score: ArrayLike) -> IntArray:
    """Level codes (Level) for depth scores."""
    return np.searchsorted(LEVEL_THRESHOLDS, depth_score, side="right").astype(np.int64)


@dataclass(frozen=True, slots=True)
class Scores:
    stats: TieStats
    inputs: PairInputs
    warmth: FloatArray
    depth: FloatArray
    level: IntArray
    cold: BoolArray  # going cold at `stats.as_of`
    cold_from: FloatArray  # the day it starts going cold; nan where no rhythm


def recompute(
    events: Events,
    n_pairs: int,
    as_of: float,
    inputs: PairInputs | None = None,
    *,
    model: WarmthModel = DEFAULT_MODEL,
    horizon: float = DEFAULT_HORIZON,
) -> Scores:
    """Warmth, depth, level and the going-cold flag of every pair, in one pass."""
    inputs = inputs if inputs is not None else PairInputs.none(n_pairs)
    return scores_from(
        tie_stats(events, n_pairs, as_of),
        warmth(events, n_pairs, as_of, model=model, horizon=horizon),
        inputs,
    )


def scores_from(stats: TieStats, warmth_score: FloatArray, inputs: PairInputs) -> Scores:
    """Depth, level and going cold from the pairs' statistics, with their warmth."""
    depth_score = depth(stats, inputs)
    moment = cold_from(stats)
    return Scores(
        stats=stats,
        inputs=inputs,
        warmth=warmth_score,
        depth=depth_score,
        level=level(depth_score),
        cold=_cold_at(stats.as_of, moment),
        cold_from=moment,
    )
