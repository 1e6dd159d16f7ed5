"""The facts behind the scores, read into arrays for the scoring engine.

Two paths, one result. The whole network (`read(owner)`) is read table by table with
`bulk_read.bulk_columns`: interactions and participations are scanned separately and
joined in numpy, since on SQLite a join costs a B-tree lookup per participation, more than
both scans together. A few people (`read(owner, ids)`, after each change) take two plain
queries: their rows with their counts of favours, ties and circles, and their interactions.

Times travel as whole seconds since the Unix epoch; an interaction travels with its kind,
direction and setting packed into one number.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from numpy.typing import NDArray

from entregent.engines import scoring
from entregent.engines.scoring import BoolArray, FloatArray, IntArray
from entregent.models import (
    Circle,
    Direction,
    Favor,
    Interaction,
    InteractionKind,
    Participation,
    Person,
    Setting,
    Tie,
)
from entregent.services.bulk_read import (
    INT,
    bulk_columns,
    fetch_prepared,
    index_of,
    seconds,
    small_columns,
)

NULL_INT = -(2**62)  # stands for NULL in an integer column (a bulk column has no NULL)
CODES = len(scoring.Direction) * 2  # an event's code: kind * CODES + direction * 2 + personal
PACK = 64  # an interaction travels as seconds * PACK + code
PACKED_SPAN = 2**30  # interaction ids spanning less than this travel packed with person ids
CHUNK = 500  # ids per IN (...) list: SQLite takes at most 999 parameters

# Decoding codes by table lookups: faster than integer division on millions of events.
_KIND_OF = np.arange(PACK) // CODES
_DIRECTION_OF = (np.arange(PACK) // 2) % (CODES // 2)
_PERSONAL_OF = (np.arange(PACK) % 2).astype(np.bool_)

_PERSON = Person._meta.db_table
_INTERACTION = Interaction._meta.db_table
_PARTICIPATION = Participation._meta.db_table
_FAVOR = Favor._meta.db_table
_TIE = Tie._meta.db_table
_CIRCLE = Circle._meta.db_table
_PERSON_CIRCLES = Person.circles.through._meta.db_table


@dataclass(frozen=True, slots=True)
class Stored:
    """The score cache as it stands, so that only the rows that change are written."""

    depth: FloatArray
    level: IntArray
    cold_seconds: FloatArray  # when the tie starts going cold; nan where none
    last_seconds: FloatArray  # nan where none
    key: FloatArray  # nan where none
    scored: BoolArray  # scored at least once (scored_at set)


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the engine needs about some of an owner's people; pair i is person_ids[i]."""

    person_ids: IntArray  # sorted
    events: scoring.Events | None  # None when read without them
    inputs: scoring.PairInputs
    by_hand: FloatArray  # cadence set by hand, days; nan where none
    pinned: BoolArray  # on the top list
    added_days: FloatArray  # when the person was added
    stored: Stored


def read(
    owner_id: int,
    person_ids: Sequence[int] | None = None,
    *,
    events: bool = True,
    lock: tuple[int, int] | None = None,
) -> Facts:
    """The facts of the owner's people: all of them, or those of `person_ids` (theirs only).

    `events=False` leaves the interactions out of a whole network's facts (see
    `all_events` and `events_of`). For a few people, one query brings their rows, counts and
    interactions; on PostgreSQL, `lock` (an advisory lock key) is taken by that same query.
    """
    if person_ids is None:
        tail = f"FROM {_PERSON} p WHERE p.owner_id = %s"
        rows = _sorted(bulk_columns(_person_columns(), tail, [owner_id]))
        ids = rows[0].astype(np.int64)
        counts = (_favors(owner_id, ids), _shared_ties(owner_id, ids), _circles(owner_id, ids))
        return _facts(rows, counts, all_events(owner_id, ids) if events else None)
    columns, select = _few_select(connection.vendor)
    wanted = sorted({int(pk) for pk in person_ids})
    if connection.vendor == "postgresql":
        found = _few_on_postgresql(select, owner_id, wanted, lock)
    else:
        found = []
        connection.ensure_connection()
        for chunk in _chunks(wanted):
            # The driver's own placeholders: Django's rewriting of a statement this long
            # costs a tenth of a one-person update.
            query = _sqlite_query(f"SELECT {select} FROM {_PERSON} p", len(chunk))
            found.extend(connection.connection.execute(query, [owner_id, *chunk]).fetchall())
    found.sort(key=lambda row: row[0])
    rows = [
        np.array([row[index] for row in found], dtype=dtype).reshape(len(found))
        for index, (_sql, dtype) in enumerate(columns)
    ]
    texts = [row[-1] or "" for row in found]
    packed = [np.fromstring(text, dtype=np.int64, sep=",") for text in texts]
    pair = np.repeat(np.arange(len(found)), [values.shape[0] for values in packed])
    joined = np.concatenate(packed) if packed else np.empty(0, dtype=np.int64)
    return _facts(rows, (rows[-3], rows[-2], rows[-1]), _unpack(pair, joined))


@functools.cache
def _sqlite_query(head: str, count: int) -> str:
    """`head` for `count` people of one owner, with SQLite's `?` placeholders."""
    marks = ", ".join("?" * count)
    return f"{head} WHERE p.owner_id = ? AND p.id IN ({marks})".replace("%%", "%")


@functools.cache
def _few_select(vendor: str) -> tuple[list[tuple[str, np.dtype[Any]]], str]:
    """The columns read for a few people, and their SELECT list (built once per database
    kind: building it costs a quarter of a one-person update)."""
    columns = [*_person_columns(), *_COUNT_COLUMNS]
    return columns, ", ".join([*(sql for sql, _dtype in columns), _events_column()])


def _few_on_postgresql(
    select: str, owner_id: int, wanted: list[int], lock: tuple[int, int] | None
) -> list[tuple[Any, ...]]:
    """One prepared statement (planning it costs more than running it), the lock joined in;
    one person, the usual case, by a plain equality, which keeps a single generic plan."""
    join, key = "", []
    if lock is not None:
        join, key = " CROSS JOIN (SELECT pg_advisory_xact_lock(%s, %s)) AS held", list(lock)
    which = ("p.id = %s", wanted[0]) if len(wanted) == 1 else ("p.id = ANY(%s)", wanted)
    return fetch_prepared(
        f"SELECT {select} FROM {_PERSON} p{join} WHERE p.owner_id = %s AND {which[0]}",
        [*key, owner_id, which[1]],
    )


def _events_column() -> str:
    """A person's interactions, packed, as one comma-separated text."""
    packed = _packed_sql()
    if connection.vendor == "postgresql":
        packed = f"string_agg(({packed})::bigint::text, ',')"
    else:
        packed = f"group_concat({packed})"
    return (
        f"(SELECT {packed} FROM {_PARTICIPATION} pp JOIN {_INTERACTION} i"
        " ON i.id = pp.interaction_id WHERE pp.person_id = p.id AND i.owner_id + 0 = p.owner_id)"
    )


def _facts(
    rows: list[NDArray[Any]],
    counts: tuple[IntArray, IntArray, IntArray],
    events: scoring.Events | None,
) -> Facts:
    ids, flags, met, added, cold, last, key = rows[:7]
    favors, shared, circles = counts
    by_hand = (flags >> CADENCE_SHIFT) & CADENCE_MASK
    return Facts(
        person_ids=ids.astype(np.int64),
        events=events,
        inputs=scoring.PairInputs(
            closeness=flags & 7,
            favors=favors.astype(np.int64),
            shared_ties=shared.astype(np.int64),
            circles=circles.astype(np.int64),
            known_since=_days(met),
        ),
        by_hand=np.where(by_hand > 0, by_hand, np.nan).astype(np.float64),
        pinned=(flags & PINNED).astype(np.bool_),
        added_days=_days(added),
        stored=Stored(
            depth=(flags >> DEPTH_SHIFT) / DEPTH_SCALE,
            level=(flags // LEVEL) & 7,
            cold_seconds=_nullable(cold),
            last_seconds=_nullable(last),
            key=np.where(key == NULL_INT, np.nan, key / KEY_SCALE),
            scored=(flags & SCORED).astype(np.bool_),
        ),
    )


def _nullable(seconds_column: IntArray) -> FloatArray:
    result: FloatArray = np.where(seconds_column == NULL_INT, np.nan, seconds_column).astype(
        np.float64
    )
    return result


# --- people ----------------------------------------------------------------------------------


# Small values travel packed in one integer, and the stored scores as scaled integers:
# databases write integers as text much faster than floats, and each column read costs
# about as much as the values in it. Bits 0-2: closeness; 3: pinned; 4: scored; 5-7: depth
# level; 8-39: cadence by hand, days; 40 up: depth, in ten-thousandths.
PINNED, SCORED, LEVEL = 8, 16, 32
CADENCE_SHIFT, CADENCE_MASK = 8, 2**32 - 1
DEPTH_SHIFT = 40
DEPTH_SCALE = 10**4  # depth is stored rounded to 4 decimals: exact at this scale
KEY_SCALE = 10**6  # attention keys (days) to a millionth of a day


def _person_columns() -> list[tuple[str, np.dtype[Any]]]:
    """id, the packed flags (with the cadence and the stored depth), first met, added, then
    the other stored scores."""
    return [
        ("p.id", INT),
        (
            "COALESCE(p.closeness, 0)"
            f" + CASE WHEN p.priority IS NULL THEN 0 ELSE {PINNED} END"
            f" + CASE WHEN p.scored_at IS NULL THEN 0 ELSE {SCORED} END"
            f" + p.depth_level * {LEVEL}"
            f" + COALESCE(p.cadence_days, 0) * {2**CADENCE_SHIFT}"
            f" + CAST(round(p.depth * {DEPTH_SCALE}) AS BIGINT) * {2**DEPTH_SHIFT}",
            INT,
        ),
        (f"COALESCE({seconds('p.first_met_on')}, {NULL_INT})", INT),
        (seconds("p.created_at"), INT),
        (f"COALESCE({seconds('p.cold_from')}, {NULL_INT})", INT),
        (f"COALESCE({seconds('p.last_interaction_at')}, {NULL_INT})", INT),
        (f"COALESCE(CAST(round(p.attention_key * {KEY_SCALE}) AS BIGINT), {NULL_INT})", INT),
    ]


# For a few people: favours (one side is the owner), people they know, circles. The
# `owner_id + 0` keeps SQLite on the person-side indexes (see queries.person_favors).
_COUNT_COLUMNS = [
    (
        f"(SELECT COUNT(*) FROM {_FAVOR} f WHERE f.giver_id = p.id AND f.receiver_id IS NULL"
        " AND f.owner_id + 0 = p.owner_id)"
        f" + (SELECT COUNT(*) FROM {_FAVOR} f WHERE f.receiver_id = p.id AND f.giver_id IS NULL"
        " AND f.owner_id + 0 = p.owner_id)",
        INT,
    ),
    (
        "(SELECT COUNT(DISTINCT CASE WHEN t.person_a_id = p.id THEN t.person_b_id"
        f" ELSE t.person_a_id END) FROM {_TIE} t"
        " WHERE (t.person_a_id = p.id OR t.person_b_id = p.id) AND t.owner_id + 0 = p.owner_id)",
        INT,
    ),
    (
        f"(SELECT COUNT(*) FROM {_PERSON_CIRCLES} pc WHERE pc.person_id = p.id"
        f" AND pc.circle_id IN (SELECT c.id FROM {_CIRCLE} c WHERE c.owner_id = p.owner_id))",
        INT,
    ),
]


def _favors(owner_id: int, ids: IntArray) -> IntArray:
    """Give-and-take entries between the owner and each person, both ways."""
    (person,) = bulk_columns(
        [("COALESCE(giver_id, receiver_id)", INT)],
        f"FROM {_FAVOR} WHERE owner_id = %s AND (giver_id IS NULL OR receiver_id IS NULL)",
        [owner_id],
    )
    return _count(ids, person)


def _shared_ties(owner_id: int, ids: IntArray) -> IntArray:
    """How many other people of the network each person knows (declared or inferred)."""
    first, second = bulk_columns(
        [("person_a_id", INT), ("person_b_id", INT)],
        f"FROM {_TIE} WHERE owner_id = %s",
        [owner_id],
    )
    # A pair can be both declared and inferred: count it once (one key per pair: a sort
    # of plain integers, much faster than unique rows).
    low = min(int(first.min(initial=0)), int(second.min(initial=0)))
    span = max(int(first.max(initial=0)), int(second.max(initial=0))) - low + 1
    if span < 2**31:
        pairs = np.sort((first - low) * span + (second - low))
        pairs = pairs[np.concatenate([pairs[:1] == pairs[:1], pairs[1:] != pairs[:-1]])]
        first, second = pairs // span + low, pairs % span + low
    else:
        both = np.unique(np.column_stack([first, second]), axis=0).reshape(-1, 2)
        first, second = both[:, 0], both[:, 1]
    return _count(ids, first) + _count(ids, second)


def _circles(owner_id: int, ids: IntArray) -> IntArray:
    """How many of the owner's circles each person sits in."""
    # On SQLite, a scan of this narrow table beats a lookup of each row from the circle_id
    # index (half the time): the unary plus keeps the planner off that index.
    plus = "+" if connection.vendor == "sqlite" else ""
    (person,) = bulk_columns(
        [("person_id", INT)],
        f"FROM {_PERSON_CIRCLES} WHERE {plus}circle_id IN"
        f" (SELECT id FROM {_CIRCLE} WHERE owner_id = %s)",
        [owner_id],
    )
    return _count(ids, person)


# --- interactions ----------------------------------------------------------------------------


def event_code_sql(alias: str) -> str:
    """SQL for an interaction's code: kind * CODES + direction * 2 + personal.

    The engine's Kind and Direction share their member names with the model's choices.
    """
    kinds = " ".join(
        f"WHEN '{choice.value}' THEN {scoring.Kind[choice.name].value}"
        for choice in InteractionKind
    )
    directions = " ".join(
        f"WHEN '{choice.value}' THEN {scoring.Direction[choice.name].value}" for choice in Direction
    )
    return (
        f"(CASE {alias}.kind {kinds} ELSE {scoring.Kind.NOTE.value} END) * {CODES}"
        f" + (CASE {alias}.direction {directions} ELSE {scoring.Direction.MUTUAL.value} END) * 2"
        f" + (CASE WHEN {alias}.setting = '{Setting.PERSONAL.value}' THEN 1 ELSE 0 END)"
    )


def _packed_sql() -> str:
    return f"{seconds('i.occurred_at')} * {PACK} + {event_code_sql('i')}"


def all_events(owner_id: int, ids: IntArray) -> scoring.Events:
    """The interactions of the owner's people `ids` (sorted: the whole network or most of
    it), the pair of each being its person's position in `ids`."""
    interaction_ids, packed = bulk_columns(
        [("i.id", INT), (_packed_sql(), INT)],
        f"FROM {_INTERACTION} i WHERE i.owner_id = %s",
        [owner_id],
    )
    if np.any(interaction_ids[1:] < interaction_ids[:-1]):
        order = np.argsort(interaction_ids, kind="stable")
        interaction_ids, packed = interaction_ids[order], packed[order]
    if not interaction_ids.size:
        return _decode(ids, np.empty(0, np.int64), np.empty(0, np.int64))
    taken, person = _participations(int(interaction_ids[0]), int(interaction_ids[-1]))
    # Another owner's interactions may sit in the same id range: they are not found here.
    row, found = index_of(interaction_ids, taken)
    return _decode(ids, person[found], packed[row[found]])


def _participations(low: int, high: int) -> tuple[IntArray, IntArray]:
    """(interaction id, person id) of the participations in an interaction id range.

    Both ids packed in one number when they fit: one column to format and parse, not two.
    """
    tail = f"FROM {_PARTICIPATION} WHERE interaction_id BETWEEN %s AND %s"
    largest = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if high - low < PACKED_SPAN and largest < 2**32:
        (packed,) = bulk_columns(
            [(f"(interaction_id - %s) * {2**32} + person_id", INT)], tail, [low, low, high]
        )
        return (packed >> 32) + low, packed & (2**32 - 1)
    taken, person = bulk_columns([("interaction_id", INT), ("person_id", INT)], tail, [low, high])
    return taken, person


def events_of(owner_id: int, ids: IntArray) -> scoring.Events:
    """As `all_events`, for a few people: through the participation index."""
    parts = [
        small_columns(
            [("p.person_id", INT), (_packed_sql(), INT)],
            f"FROM {_PARTICIPATION} p JOIN {_INTERACTION} i ON i.id = p.interaction_id"
            f" WHERE p.person_id IN ({_marks(chunk)}) AND i.owner_id + 0 = %s",
            [*chunk, owner_id],
        )
        for chunk in _chunks([int(pk) for pk in ids])
    ]
    person, packed = _concat_columns(parts, 2)
    return _decode(ids, person, packed)


def _decode(ids: IntArray, person: IntArray, packed: IntArray) -> scoring.Events:
    """Events of the people among `ids` (sorted) from person ids and packed interactions."""
    index, mine = index_of(ids, person)
    return _unpack(index[mine], packed[mine])


def _unpack(pair: IntArray, packed: IntArray) -> scoring.Events:
    """Events from each one's pair index and packed interaction."""
    code = packed & (PACK - 1)
    return scoring.Events.build(
        pair,
        (packed >> (PACK.bit_length() - 1)) / scoring.SECONDS_PER_DAY,
        kind=_KIND_OF[code],
        direction=_DIRECTION_OF[code],
        personal=_PERSONAL_OF[code],
    )


# --- helpers ---------------------------------------------------------------------------------


def _days(values: NDArray[Any]) -> FloatArray:
    """Seconds since the epoch as days; nan for NULL."""
    days: FloatArray = np.where(values == NULL_INT, np.nan, values / scoring.SECONDS_PER_DAY)
    return days


def _sorted(columns: list[NDArray[Any]]) -> list[NDArray[Any]]:
    """Rows in the order of the first column (ids)."""
    order = np.argsort(columns[0], kind="stable")
    return [column[order] for column in columns]


def _count(ids: IntArray, person: NDArray[Any]) -> IntArray:
    index, mine = index_of(ids, np.asarray(person, dtype=np.int64))
    return np.bincount(index[mine], minlength=ids.shape[0]).astype(np.int64)


def _concat_columns(parts: Any, width: int) -> list[NDArray[Any]]:
    chunks = list(parts)
    if not chunks:
        return [np.empty(0, dtype=np.int64) for _column in range(width)]
    return [np.concatenate(column) for column in zip(*chunks, strict=True)]


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    values = [int(pk) for pk in ids]
    return [values[start : start + CHUNK] for start in range(0, len(values), CHUNK)]


def _marks(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))
