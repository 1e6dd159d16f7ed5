"""The SQLite-only people search index (see 0003), created again.

On SQLite, Django applies 0004's new Person columns by copying the table, and the copy keeps
only the indexes the models declare: 0003's raw index was lost. It is created again here
(IF NOT EXISTS: databases that kept it are left as they are); `tests/test_migrations.py`
fails if a later migration drops it once more.
"""

from django.db import migrations

SEARCH_INDEX = (
    "CREATE INDEX IF NOT EXISTS person_search ON entregent_person "
    "(owner_id, archived, sort_name, id, search_text)"
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [("entregent", "0006_scores_refreshed_at")]

    operations = [migrations.RunPython(create_search_index, migrations.RunPython.noop)]
