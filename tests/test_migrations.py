"""What the migrations leave in the database beyond what the models declare."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite-only index")
def test_the_people_search_index_survives_every_migration():
    """SQLite copies a table to change it, keeping only the indexes models declare: a later
    migration touching Person must create the search index again (see 0007)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'person_search'"
        )
        row = cursor.fetchone()
    assert row is not None
    assert "search_text" in row[0]


def test_the_migrations_match_the_models(capsys):
    from django.core.management import call_command

    call_command("makemigrations", "entregent", "--check", "--dry-run", verbosity=1)
