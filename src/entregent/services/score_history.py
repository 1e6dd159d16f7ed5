"""The stored history rows of `engines.history`, one per person, read and written in bulk.

Each row travels as one blob of little-endian float64: the person's id, then the row's
columns. Rows of one layout version have one width, so a whole network comes back as a
single value (`group_concat` on SQLite, `string_agg` on PostgreSQL) that numpy reads as a
table, and a recompute never handles a Python object per person.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db import connection

from entregent.engines import history
from entregent.engines.scoring import BoolArray, FloatArray, IntArray
from entregent.models import ScoreHistory
from entregent.services.bulk_read import Statement, fetch_binary, index_of
from entregent.services.bulk_write import insert_rows

SMALL = 200  # PostgreSQL: above this many rows, delete and COPY rather than upsert
_TABLE = ScoreHistory._meta.db_table
_LITTLE = np.dtype("<f8")
_UPSERT = (
    f"INSERT INTO {_TABLE} (person_id, owner_id, version, data) VALUES (%s, %s, %s, %s)"
    " ON CONFLICT (person_id) DO UPDATE SET version = excluded.version, data = excluded.data"
)


def read(
    owner_id: int, person_ids: IntArray, *, width: int | None = None
) -> tuple[FloatArray, BoolArray]:
    """Rows for `person_ids` (sorted), and which of them have a row of the current version;
    only their first `width` columns when given (`history.Layout.counted`: what the
    statistics need, less than half of a row)."""
    shape = history.layout()
    width = shape.width if width is None else width
    rows = np.zeros((person_ids.shape[0], width))
    found = np.zeros(person_ids.shape[0], dtype=bool)
    data = _all_blobs(owner_id, shape.version, (width + 1) * _LITTLE.itemsize)
    if not data or not person_ids.shape[0]:
        return rows, found
    if len(data) % ((width + 1) * _LITTLE.itemsize):
        raise ValueError(f"score history rows of version {shape.version} with mixed widths")
    table = np.frombuffer(data, dtype=_LITTLE).reshape(-1, width + 1)
    stored = table[:, 0].astype(np.int64)
    if np.array_equal(stored, person_ids):  # the usual case: one row per person, in order
        return table[:, 1:], np.ones(person_ids.shape[0], dtype=bool)
    index, mine = index_of(person_ids, stored)
    rows[index[mine]] = table[mine, 1:]
    found[index[mine]] = True
    return rows, found


def write(owner_id: int, person_ids: IntArray, rows: FloatArray) -> None:
    """Store the rows of some of the owner's people, replacing theirs."""
    if not person_ids.shape[0]:
        return
    version = history.layout().version
    blobs = _blobs(person_ids, rows)
    if connection.vendor == "postgresql" and person_ids.shape[0] > SMALL:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {_TABLE} WHERE owner_id = %s AND person_id = ANY(%s)",
                [owner_id, _ids(person_ids)],
            )
        _insert(owner_id, version, person_ids, blobs)
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            _UPSERT,
            _params(owner_id, version, person_ids, blobs),
        )


def upserts(owner_id: int, person_ids: IntArray, rows: FloatArray) -> list[Statement]:
    """The statements that store a few rows, to run with others (see `write`)."""
    version = history.layout().version
    return [
        (
            _UPSERT,
            list(params),
        )
        for params in _params(owner_id, version, person_ids, _blobs(person_ids, rows))
    ]


def replace(owner_id: int, person_ids: IntArray, rows: FloatArray) -> None:
    """Store the rows of the owner's whole network, dropping every other row of theirs."""
    ScoreHistory.objects.filter(owner_id=owner_id).delete()
    _insert(owner_id, history.layout().version, person_ids, _blobs(person_ids, rows))


def _all_blobs(owner_id: int, version: int, size: int) -> bytes:
    """The first `size` bytes of each of the owner's rows, end to end."""
    if connection.vendor == "postgresql":
        (data,) = fetch_binary(
            f"SELECT string_agg(substring(data from 1 for {int(size)}), ''::bytea)"
            f" FROM {_TABLE} WHERE owner_id = %s AND version = %s",
            [owner_id, version],
        )
        return bytes(data or b"")
    with connection.cursor() as cursor:
        # group_concat hands blobs over byte for byte (their length, not a NUL, ends them);
        # the driver must then return its text as bytes.
        raw = connection.connection
        decode = raw.text_factory
        raw.text_factory = bytes
        try:
            cursor.execute(
                f"SELECT group_concat(substr(data, 1, {int(size)}), '') FROM {_TABLE}"
                " WHERE owner_id = %s AND version = %s",
                [owner_id, version],
            )
            (data,) = cursor.fetchone()
        finally:
            raw.text_factory = decode
        return bytes(data or b"")


def _blobs(person_ids: IntArray, rows: FloatArray) -> list[bytes]:
    table = np.column_stack([person_ids.astype(np.float64), rows]).astype(_LITTLE)
    size = table.shape[1] * _LITTLE.itemsize
    data = table.tobytes()
    return [data[start : start + size] for start in range(0, len(data), size)]


def _params(
    owner_id: int, version: int, person_ids: IntArray, blobs: list[bytes]
) -> list[tuple[Any, ...]]:
    return [
        (pk, owner_id, version, blob) for pk, blob in zip(person_ids.tolist(), blobs, strict=True)
    ]


def _insert(owner_id: int, version: int, person_ids: IntArray, blobs: list[bytes]) -> None:
    fields = ("person", "owner", "version", "data")
    insert_rows(ScoreHistory, fields, _params(owner_id, version, person_ids, blobs))


def _ids(person_ids: IntArray) -> list[int]:
    return [int(pk) for pk in person_ids]
