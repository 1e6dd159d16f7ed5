"""Every import leaves the scores of the people it created or touched up to date, and so does
its undo: a recompute right after finds nothing to change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from entregent.models import Person
from entregent.services import imports, scores
from entregent.services.import_undo import undo_batch
from entregent.services.people import PersonData, create_person

from .test_imports_linkedin import export, helene_on_linkedin  # noqa: F401  (a fixture)

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def up_to_date(owner):
    """Nobody's scores change when recomputed from the facts."""
    return scores.recompute(owner, rebuild=True).written == 0


def test_a_first_import_scores_everyone_it_creates(owner, export):  # noqa: F811
    imports.import_files(owner, [export])
    people = Person.objects.owned_by(owner)
    assert people.count() == 11
    assert not people.filter(scored_at__isnull=True).exists()
    helene = people.get(last_name="Dupré")
    assert helene.last_interaction_at == dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
    assert up_to_date(owner)


def test_a_preview_scores_no_one(owner, export, monkeypatch):  # noqa: F811
    scored = []
    monkeypatch.setattr(imports, "rescore", lambda owner, ids: scored.append(ids))
    imports.import_files(owner, [export], dry_run=True)
    assert not scored
    imports.import_files(owner, [export])
    assert len(scored) == 1 and len(scored[0]) == 11


@pytest.fixture
def network(owner):
    """A scored network large enough for an import to rescore only the people it touched,
    Hélène among them (known by her profile, no exchange yet)."""
    for index in range(60):
        create_person(owner, PersonData(first_name="Ami", last_name=f"N{index:02d}"))
    helene = helene_on_linkedin(owner)
    scores.recompute(owner)
    return helene


def test_people_an_import_touches_are_rescored(owner, export, network):  # noqa: F811
    network.refresh_from_db()
    assert network.last_interaction_at is None
    imports.import_files(owner, [export])
    network.refresh_from_db()
    assert network.last_interaction_at == dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
    assert up_to_date(owner)


def test_undo_leaves_scores_right(owner, export, network):  # noqa: F811
    batch = imports.import_files(owner, [export])
    undo_batch(owner, batch)
    network.refresh_from_db()
    assert network.last_interaction_at is None
    assert network.scored_at is not None
    assert up_to_date(owner)


def test_a_failure_to_score_leaves_the_import_standing(owner, export, monkeypatch):  # noqa: F811
    def broken(*args, **kwargs):
        raise RuntimeError("no scores today")

    monkeypatch.setattr(scores, "recompute", broken)
    imports.import_files(owner, [export])
    assert Person.objects.owned_by(owner).count() == 11


def test_a_large_import_rescores_the_people_it_touches_with_the_rest(owner, export):  # noqa: F811
    helene = helene_on_linkedin(owner)
    scores.recompute(owner)
    imports.import_files(owner, [export])  # ten people more than the network had
    helene.refresh_from_db()
    assert helene.last_interaction_at == dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
    assert up_to_date(owner)


def test_new_exchanges_with_people_already_scored_are_counted(owner, export, tmp_path):  # noqa: F811
    imports.import_files(owner, [export])
    me = "Camille Bernard,https://www.linkedin.com/in/camille-bernard-owner"
    people = (
        ("helene", "Hélène Dupré,https://www.linkedin.com/in/helene-dupre-4a1b2c"),
        ("paul", "Paul Durand,https://fr.linkedin.com/in/PaulDurand/"),
        ("marc", "Marc Lefèvre,https://www.linkedin.com/in/marclefevre"),
    )
    rows = [
        f"3-{key},,{me},{them},2026-11-25 10:00:00 UTC,,Bonjour,,INBOX,No" for key, them in people
    ]
    messages = tmp_path / "messages.csv"
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT"
    )
    messages.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    batch = imports.import_files(owner, [messages])
    assert batch.report["counts"]["interactions"] == {"created": 3}
    paul = Person.objects.owned_by(owner).get(last_name="Durand")
    assert paul.last_interaction_at == dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
    assert up_to_date(owner)
