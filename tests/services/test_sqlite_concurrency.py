"""Two processes writing to one SQLite file at the same moment both succeed.

This is the web server and a command-line import running together. With SQLite's default
DEFERRED transactions, a transaction that reads and then writes fails at once with
"database is locked" when another process holds the write lock; WAL, a busy timeout and
IMMEDIATE transactions (conf.database_settings) make the second writer wait its turn instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

WRITER = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.db import transaction
    from entregent.models import Person
    from entregent.services import accounts, exchanges, people
    owner = accounts.the_only_account()
    label = sys.argv[1]
    for i in range(40):
        # Read, then write, inside one transaction: the pattern that deadlocks without
        # IMMEDIATE transactions.
        with transaction.atomic():
            Person.objects.owned_by(owner).count()
            person = people.create_person(owner, people.PersonData(first_name=f"{label}{i}"))
            exchanges.log_interaction(owner, [person.pk], summary=label)
    print("ok", label)
    """
)


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "") != "", reason="about SQLite's file locking only"
)
def test_two_writers_at_once_both_succeed(tmp_path):
    assert connection.vendor == "sqlite"
    env = {
        **os.environ,
        "ENTREGENT_DATA_DIR": str(tmp_path),
        "ENTREGENT_SECRET_KEY": "concurrency-test",
        "DJANGO_SETTINGS_MODULE": "entregent.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "-v", "0"], env=env, check=True, timeout=120
    )
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from entregent.services import accounts; accounts.create_account('solo')",
        ],
        env=env,
        check=True,
        timeout=60,
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, label],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label in ("web", "cli")
    ]
    results = [writer.communicate(timeout=120) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.startswith("ok")
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from entregent.models import Person, Interaction;"
            "print(Person.objects.count(), Interaction.objects.count())",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.split()
    assert count == ["80", "80"]
