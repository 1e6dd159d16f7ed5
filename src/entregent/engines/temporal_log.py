"""Message logs (`sender recipient [weight] time` per line) and their tie scores.

Pure Python + numpy, no Django. Lines are CSV or whitespace-separated; `%` and `#` start
comment lines; a first line of column names is skipped. Times are unix seconds (any number)
or ISO 8601 dates and date-times (naive ones are read as UTC). Internally times are days.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import numpy as np

from entregent.engines import scoring
from entregent.engines.scoring import FloatArray, IntArray


class LogError(ValueError):
    """A line the reader cannot understand; the message names the line."""


@dataclass(frozen=True, slots=True)
class MessageLog:
    sender: IntArray  # index into names
    recipient: IntArray
    weight: FloatArray
    time: FloatArray  # days since the unix epoch (or the log's own origin)
    names: tuple[str, ...]


def parse_time(text: str) -> float:
    """Days from unix seconds or an ISO date/date-time."""
    try:
        return float(text) / scoring.SECONDS_PER_DAY
    except ValueError:
        pass
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() / scoring.SECONDS_PER_DAY


def _fields(line: str) -> list[str]:
    if "," in line:
        return [field.strip() for field in next(csv.reader([line]))]
    return line.split()


def _is_header(fields: list[str]) -> bool:
    return all(field.isidentifier() for field in fields)


def read_log(lines: Iterable[str]) -> MessageLog:
    """Read a message log; raise LogError naming the first bad line."""
    ids: dict[str, int] = {}
    senders: list[int] = []
    recipients: list[int] = []
    weights: list[float] = []
    times: list[float] = []
    seen_data = False
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line[0] in "%#":
            continue
        fields = _fields(line)
        if not seen_data and _is_header(fields):
            seen_data = True
            continue
        seen_data = True
        if len(fields) not in (3, 4):
            raise LogError(
                f"line {number}: expected 'sender recipient [weight] time', got {line!r}"
            )
        try:
            time = parse_time(fields[-1])
            weight = float(fields[2]) if len(fields) == 4 else 1.0
        except ValueError as error:
            raise LogError(f"line {number}: {error} in {line!r}") from None
        if not np.isfinite(time) or not np.isfinite(weight) or weight < 0:
            raise LogError(f"line {number}: time and weight must be finite, weight >= 0")
        senders.append(ids.setdefault(fields[0], len(ids)))
        recipients.append(ids.setdefault(fields[1], len(ids)))
        weights.append(weight)
        times.append(time)
    return MessageLog(
        sender=np.asarray(senders, dtype=np.int64),
        recipient=np.asarray(recipients, dtype=np.int64),
        weight=np.asarray(weights, dtype=np.float64),
        time=np.asarray(times, dtype=np.float64),
        names=tuple(ids),
    )


@dataclass(frozen=True, slots=True)
class PairedLog:
    """A log as undirected pairs: `pairs[i]` is (a, b) with a < b (indexes into names)."""

    events: scoring.Events
    pairs: IntArray  # shape (n_pairs, 2)


def pair_events(log: MessageLog, kind: scoring.Kind = scoring.Kind.EMAIL) -> PairedLog:
    """Undirected pairs; a message from the lower index to the higher one is outgoing."""
    low = np.minimum(log.sender, log.recipient)
    high = np.maximum(log.sender, log.recipient)
    keep = low != high  # a message to oneself is no tie
    n_nodes = max(len(log.names), 1)
    keys, pair = np.unique(low[keep] * n_nodes + high[keep], return_inverse=True)
    direction = np.where(
        log.sender[keep] == low[keep], scoring.Direction.OUTGOING, scoring.Direction.INCOMING
    )
    events = scoring.Events.build(
        pair,
        log.time[keep],
        kind=np.full(pair.shape[0], kind),
        direction=direction,
        weight=log.weight[keep],
    )
    return PairedLog(events, np.column_stack([keys // n_nodes, keys % n_nodes]))


class ScoredPair(NamedTuple):
    a: str
    b: str
    warmth: float
    depth: float


def score_log(
    log: MessageLog,
    as_of: float,
    *,
    horizon: float = scoring.DEFAULT_HORIZON,
    kind: scoring.Kind = scoring.Kind.EMAIL,
) -> list[ScoredPair]:
    """`a, b, warmth, depth` for every pair with a message strictly before `as_of` (days).

    Warmth is the chance of a message within `horizon` days; depth uses the log alone
    (no closeness ratings, favours or shared ties).
    """
    paired = pair_events(log, kind)
    before = paired.events.select(paired.events.time < as_of)
    n_pairs = paired.pairs.shape[0]
    scores = scoring.recompute(before, n_pairs, as_of, horizon=horizon)
    seen = np.flatnonzero(scores.stats.count > 0)
    return [
        ScoredPair(
            log.names[paired.pairs[i, 0]],
            log.names[paired.pairs[i, 1]],
            float(scores.warmth[i]),
            float(scores.depth[i]),
        )
        for i in seen
    ]
