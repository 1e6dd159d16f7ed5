"""Bulk inserts (imports, the demo, backups): every row lands, several to a statement on
SQLite, whatever its limit on parameters."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection

from entregent.models import Tag
from entregent.services.bulk_write import insert_rows, owned_columns
from entregent.services.demo_base import db_datetime


@pytest.mark.parametrize("limit", [None, 999, 7])
def test_every_row_lands(owner, limit):
    now = db_datetime(owner.date_joined)
    rows = [
        (owner.pk, now, now, f"tag {index}", f"tag {index}", "interest") for index in range(1234)
    ]
    raw = None
    if connection.vendor == "sqlite" and limit is not None:
        connection.ensure_connection()
        raw = connection.connection
        before = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    try:
        assert insert_rows(Tag, owned_columns("name name_folded kind"), rows) == 1234
    finally:
        if raw is not None:
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
    names = set(Tag.objects.owned_by(owner).values_list("name", flat=True))
    assert names == {f"tag {index}" for index in range(1234)}
