"""Warmth against recency and a decayed sum on two public message logs, plus recompute speed.

Run with `python -m bench.eval`. Protocol (../shared/data/README.md): at each cutoff T,
every undirected pair with a message before T is scored from the events before T only; it
is positive if it exchanges a message within the next H days. Reported: ROC-AUC over pairs
and per-person precision@5, averaged over the evaluation cutoffs. The warmth coefficients
are fitted on the tuning cutoffs only, which come first: their label windows end before
the first evaluation cutoff.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from entregent.engines import scoring
from entregent.engines.scoring import CHAT, WRITTEN, Events, FloatArray, Kind
from entregent.engines.temporal_log import PairedLog, pair_events, read_log

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "temporal"
BASELINES = ("recency alone", "decayed sum, 30-day half-life")
REFERENCE = "decayed sum, 3-day half-life"


@dataclass(frozen=True)
class Protocol:
    label: str
    file: str
    kind: Kind
    family: int
    horizon: float  # days
    tuning: tuple[float, ...]  # cutoffs, days after the first message
    evaluation: tuple[float, ...]


# Dept3 has no messages between days 524 and 797: every window ends by day 510.
DEPT3 = Protocol(
    "Dept3 e-mail",
    "email-Eu-core-temporal-Dept3.txt",
    Kind.EMAIL,
    WRITTEN,
    30.0,
    tuning=(150.0, 180.0, 210.0, 240.0),
    evaluation=tuple(float(day) for day in range(270, 481, 30)),
)
# CollegeMsg runs 194 days, most of it in the first 60: weekly cutoffs, 14-day windows.
COLLEGE = Protocol(
    "CollegeMsg chat",
    "collegemsg_opsahl-ucsocial.konect.txt",
    Kind.MESSAGE,
    CHAT,
    14.0,
    tuning=(14.0, 21.0, 28.0),
    evaluation=tuple(float(day) for day in range(42, 176, 7)),
)


# --- metrics ------------------------------------------------------------------------------


def roc_auc(scores: FloatArray, labels: np.ndarray) -> float:
    """Mann-Whitney ROC-AUC with tied scores given their average rank; nan if one class."""
    positive = np.asarray(labels, dtype=bool)
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return math.nan
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    ranks = ((ends - counts + 1 + ends) / 2.0)[inverse]
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def precision_at_k(pairs: np.ndarray, scores: FloatArray, labels: np.ndarray, k: int = 5) -> float:
    """Mean over people with a positive contact of the precision of their top k contacts
    (top min(k, contacts) when fewer), ties at the cut shared out as random order would."""
    person = np.concatenate([pairs[:, 0], pairs[:, 1]])
    score = np.concatenate([scores, scores])
    label = np.concatenate([labels, labels]).astype(bool)
    order = np.lexsort((-score, person))
    person, score, label = person[order], score[order], label[order]
    people, starts, counts = np.unique(person, return_index=True, return_counts=True)
    row = np.repeat(np.arange(people.size), counts)
    top = np.minimum(k, counts)
    cut = score[starts + top - 1][row]
    above, tied = score > cut, score == cut

    def per_person(mask: np.ndarray) -> FloatArray:
        return np.bincount(row, mask.astype(np.float64), people.size)

    expected = per_person(label & above) + per_person(label & tied) * (
        (top - per_person(above)) / per_person(tied)
    )
    has_positive = per_person(label) > 0
    return float(np.mean(expected[has_positive] / top[has_positive]))


# --- fitting ------------------------------------------------------------------------------


def fit_family(x: FloatArray, y: np.ndarray, horizon: float, l2: float = 1e-4) -> scoring.Family:
    """Logistic regression with non-negative coefficients (projected Newton, numpy only)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-12
    z = np.column_stack([np.ones(len(x)), (x - mean) / scale])
    target = np.asarray(y, dtype=np.float64)
    rate = np.clip(target.mean(), 1e-6, 1 - 1e-6)
    w = np.zeros(z.shape[1])
    w[0] = math.log(rate / (1 - rate))
    penalty = np.r_[0.0, np.full(z.shape[1] - 1, l2)]

    def loss(weights: FloatArray) -> float:
        margin = z @ weights
        return float(np.mean(np.logaddexp(0.0, margin) - target * margin) + penalty @ weights**2)

    for _ in range(200):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - target) / len(z) + 2 * penalty * w
        free = np.r_[True, (w[1:] > 0) | (grad[1:] < 0)]
        hess = (z[:, free] * (p * (1 - p))[:, None]).T @ z[:, free] / len(z)
        step = np.linalg.solve(hess + np.diag(2 * penalty[free] + 1e-9), grad[free])
        current, t = loss(w), 1.0
        while t > 1e-10:
            trial = w.copy()
            trial[free] -= t * step
            trial[1:] = np.maximum(trial[1:], 0.0)
            if loss(trial) <= current - 1e-4 * grad @ (w - trial):
                break
            t /= 2
        done = np.max(np.abs(trial - w)) < 1e-9
        w = trial
        if done:
            break
    coef = w[1:] / scale
    n_kernels = len(scoring.HALF_LIVES)
    return scoring.Family(
        intercept=float(w[0] - coef @ mean),
        kernel=tuple(float(c) for c in coef[:n_kernels]),
        silence=tuple(float(c) for c in coef[n_kernels:]),
        horizon=horizon,
    )


# --- the protocol -------------------------------------------------------------------------


@dataclass
class Cutoff:
    day: float
    candidates: np.ndarray  # pair indexes with a message before the cutoff
    labels: np.ndarray


def load(protocol: Protocol, folder: Path = DATA) -> tuple[PairedLog, float]:
    with (folder / protocol.file).open(encoding="utf-8") as lines:
        paired = pair_events(read_log(lines), protocol.kind)
    return paired, float(paired.events.time.min())


def cutoff(paired: PairedLog, start: float, day: float, horizon: float) -> Cutoff:
    events, n_pairs = paired.events, paired.pairs.shape[0]
    t = start + day
    seen = np.bincount(events.pair[events.time < t], minlength=n_pairs) > 0
    window = (events.time >= t) & (events.time < t + horizon)
    again = np.bincount(events.pair[window], minlength=n_pairs) > 0
    candidates = np.flatnonzero(seen)
    return Cutoff(day, candidates, again[candidates])


def baseline_scores(events: Events, n_pairs: int, as_of: float) -> dict[str, FloatArray]:
    last = np.full(n_pairs, -np.inf)
    np.maximum.at(last, events.pair, events.time)
    age = as_of - events.time
    return {
        BASELINES[0]: last - as_of,
        BASELINES[1]: np.bincount(events.pair, np.exp2(-age / 30.0), n_pairs),
        REFERENCE: np.bincount(events.pair, np.exp2(-age / 3.0), n_pairs),
    }


def tuning_family(paired: PairedLog, start: float, protocol: Protocol) -> scoring.Family:
    rows, labels = [], []
    for day in protocol.tuning:
        cut = cutoff(paired, start, day, protocol.horizon)
        before = paired.events.select(paired.events.time < start + day)
        x, _ = scoring.family_design(before, paired.pairs.shape[0], start + day, protocol.family)
        rows.append(x[cut.candidates])
        labels.append(cut.labels)
    return fit_family(np.vstack(rows), np.concatenate(labels), protocol.horizon)


@dataclass
class Report:
    protocol: Protocol
    auc: dict[str, list[float]] = field(default_factory=dict)
    precision: dict[str, list[float]] = field(default_factory=dict)
    comeback: list[tuple[FloatArray, np.ndarray]] = field(default_factory=list)

    def mean_auc(self, name: str) -> float:
        return float(np.mean(self.auc[name]))

    def mean_precision(self, name: str) -> float:
        return float(np.mean(self.precision[name]))


def evaluate(protocol: Protocol, model: scoring.WarmthModel, folder: Path = DATA) -> Report:
    paired, start = load(protocol, folder)
    n_pairs = paired.pairs.shape[0]
    report = Report(protocol)
    for day in protocol.evaluation:
        cut = cutoff(paired, start, day, protocol.horizon)
        before = paired.events.select(paired.events.time < start + day)
        scores = baseline_scores(before, n_pairs, start + day)
        scores = {
            "warmth": scoring.warmth(
                before, n_pairs, start + day, model=model, horizon=protocol.horizon
            ),
            **scores,
        }
        for name, values in scores.items():
            chosen = values[cut.candidates]
            report.auc.setdefault(name, []).append(roc_auc(chosen, cut.labels))
            report.precision.setdefault(name, []).append(
                precision_at_k(paired.pairs[cut.candidates], chosen, cut.labels)
            )
        stats = scoring.tie_stats(before, n_pairs, start + day)
        rhythm = (stats.silence / stats.usual_gap)[cut.candidates]
        known = stats.count[cut.candidates] >= scoring.COLD_MIN_EVENTS
        report.comeback.append((rhythm[known], cut.labels[known]))
    return report


# --- printing -----------------------------------------------------------------------------


def days(cutoffs: tuple[float, ...]) -> str:
    return ", ".join(f"{day:g}" for day in cutoffs)


def wins(warm: list[float], other: list[float]) -> str:
    """At how many cutoffs warmth scored higher."""
    return f"{sum(w > o for w, o in zip(warm, other, strict=True))}/{len(warm)}"


def print_report(report: Report) -> None:
    p = report.protocol
    print(f"\n{p.label} (H = {p.horizon:g} days)")
    print(f"  tuning cutoffs (fit only): day {days(p.tuning)}")
    print(f"  evaluation cutoffs ({len(p.evaluation)}): day {days(p.evaluation)}")
    print(
        f"  {'score':42} {'ROC-AUC':>8} {'warmth/x':>9} {'AUC wins':>9}"
        f" {'P@5':>7} {'warmth/x':>9} {'P@5 wins':>9}"
    )
    warm_auc, warm_p = report.mean_auc("warmth"), report.mean_precision("warmth")
    for name in report.auc:
        auc, precision = report.mean_auc(name), report.mean_precision(name)
        cells = ["", "", "", ""]
        if name != "warmth":
            cells = [
                f"{warm_auc / auc:.3f}x",
                wins(report.auc["warmth"], report.auc[name]),
                f"{warm_p / precision:.3f}x",
                wins(report.precision["warmth"], report.precision[name]),
            ]
        shown = f"{name} (reference)" if name == REFERENCE else name
        print(
            f"  {shown:42} {auc:8.4f} {cells[0]:>9} {cells[1]:>9}"
            f" {precision:7.4f} {cells[2]:>9} {cells[3]:>9}"
        )
    rhythm = np.concatenate([r for r, _ in report.comeback])
    back = np.concatenate([b for _, b in report.comeback])
    edges = (0.0, 1.0, 2.0, 4.0, 8.0, np.inf)
    cells = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (rhythm >= low) & (rhythm < high)
        share = back[inside].mean() if inside.any() else math.nan
        bucket = f"{low:g}-{high:g}x" if np.isfinite(high) else f">{low:g}x"
        cells.append(f"{bucket}: {share:.0%} of {int(inside.sum())}")
    print("  back within H, by silence / usual gap (pairs with >= 3 messages): " + "; ".join(cells))


def print_family(label: str, family: scoring.Family, shipped: scoring.Family) -> None:
    kernel = ", ".join(
        f"{h:g}d {c:.3f}" for h, c in zip(scoring.HALF_LIVES, family.kernel, strict=True)
    )
    silence = ", ".join(
        f"{s:g}d {c:.3f}" for s, c in zip(scoring.SILENCE_SCALES, family.silence, strict=True)
    )
    drift = np.max(np.abs(np.r_[family.intercept - shipped.intercept, family.coef - shipped.coef]))
    print(f"  {label}: intercept {family.intercept:.3f}; half-lives {kernel}; silence {silence}")
    print(f"    largest gap to the coefficients shipped in scoring.py: {drift:.1e}")


# --- recompute speed ----------------------------------------------------------------------


def synthetic(n_pairs: int, n_events: int, seed: int = 7) -> tuple[Events, scoring.PairInputs]:
    """Interactions over three years, a few busy ties and a long tail of quiet ones."""
    rng = np.random.default_rng(seed)
    activity = rng.lognormal(0.0, 1.5, n_pairs)
    events = Events.build(
        rng.choice(n_pairs, n_events, p=activity / activity.sum()),
        rng.uniform(0.0, 3 * 365.0, n_events),
        kind=rng.integers(0, len(Kind), n_events),
        direction=rng.integers(0, 3, n_events),
        weight=np.ones(n_events),
        personal=rng.random(n_events) < 0.1,
    )
    inputs = scoring.PairInputs(
        closeness=rng.integers(0, 6, n_pairs),
        favors=rng.poisson(0.5, n_pairs),
        shared_ties=rng.poisson(2.0, n_pairs),
        circles=rng.integers(0, 3, n_pairs),
        known_since=np.where(rng.random(n_pairs) < 0.5, rng.uniform(-3650.0, 0.0, n_pairs), np.nan),
    )
    return events, inputs


def naive_warmth(
    events: Events, n_pairs: int, as_of: float, model: scoring.WarmthModel
) -> list[float]:
    """The same warmth with a Python loop over events: the baseline for the speed ratio."""
    sums = [[[0.0] * len(scoring.HALF_LIVES) for _ in model.families] for _ in range(n_pairs)]
    silence = [[math.inf] * len(model.families) for _ in range(n_pairs)]
    for pair, t, kind, weight in zip(
        events.pair.tolist(),
        events.time.tolist(),
        events.kind.tolist(),
        events.weight.tolist(),
        strict=True,
    ):
        if t > as_of or weight <= 0:
            continue
        channel = model.channels[kind]
        age = (as_of - t) / channel.stretch
        for k, half_life in enumerate(scoring.HALF_LIVES):
            if model.families[channel.family].kernel[k]:  # as the vectorised code does
                sums[pair][channel.family][k] += channel.mass * weight * 2.0 ** (-age / half_life)
        silence[pair][channel.family] = min(silence[pair][channel.family], age)
    result = []
    for pair in range(n_pairs):
        quiet = 1.0
        for f, spec in enumerate(model.families):
            if math.isinf(silence[pair][f]):
                continue
            z = spec.intercept + sum(
                c * math.log(spec.eps + s) for c, s in zip(spec.kernel, sums[pair][f], strict=True)
            )
            z -= sum(
                c * math.log1p(silence[pair][f] / scale)
                for c, scale in zip(spec.silence, scoring.SILENCE_SCALES, strict=True)
            )
            chance = 1.0 / (1.0 + math.exp(-z))
            quiet *= (1.0 - chance) ** (scoring.DEFAULT_HORIZON / spec.horizon)
        result.append(1.0 - quiet)
    return result


def best_of(runs: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def bench_speed(n_pairs: int = 100_000, n_events: int = 2_000_000, subset: int = 100) -> float:
    """Seconds for a full recompute; prints it with the naive loop's ratio."""
    events, inputs = synthetic(n_pairs, n_events)
    as_of = 3 * 365.0
    full = best_of(3, lambda: scoring.recompute(events, n_pairs, as_of, inputs))
    vector = best_of(3, lambda: scoring.warmth(events, n_pairs, as_of))
    small = events.select(events.pair < n_pairs // subset)
    small_pairs = n_pairs // subset
    loop = best_of(1, lambda: naive_warmth(small, small_pairs, as_of, scoring.DEFAULT_MODEL))
    same = np.allclose(
        naive_warmth(small, small_pairs, as_of, scoring.DEFAULT_MODEL),
        scoring.warmth(small, small_pairs, as_of),
    )
    naive = loop * n_events / max(small.pair.size, 1)
    print(f"\nRecompute, {n_pairs:,} people and {n_events:,} interactions (synthetic):")
    print(f"  warmth, depth, levels, going-cold flags: {full:.3f} s (target < 0.5 s)")
    print(
        f"  warmth alone: {vector:.3f} s; Python loop over events: {naive:.1f} s "
        f"(extrapolated from {small.pair.size:,} interactions, same values: {same}): "
        f"{naive / vector:,.0f}x"
    )
    return full


def main() -> int:
    missing = [p.file for p in (DEPT3, COLLEGE) if not (DATA / p.file).exists()]
    if missing:
        print(f"data missing under {DATA}: {', '.join(missing)}; evaluation skipped")
    else:
        fitted = {}
        print("Warmth coefficients fitted on the tuning cutoffs:")
        for protocol in (DEPT3, COLLEGE):
            paired, start = load(protocol)
            fitted[protocol.family] = tuning_family(paired, start, protocol)
            shipped = scoring.DEFAULT_MODEL.families[protocol.family]
            print_family(protocol.label, fitted[protocol.family], shipped)
        model = scoring.DEFAULT_MODEL
        for family, spec in fitted.items():
            model = model.with_family(family, spec)
        beaten = True
        for protocol in (DEPT3, COLLEGE):
            report = evaluate(protocol, model)
            print_report(report)
            beaten &= all(report.mean_auc("warmth") > report.mean_auc(b) for b in BASELINES)
        print(f"\nwarmth beats both baselines on both logs: {beaten}")
        if not beaten:
            return 1
    full = bench_speed()
    return 0 if full < 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
