"""Export everything about one person; erase one person completely, all or nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile

from entregent import models
from entregent.services import exchanges, privacy, scores
from entregent.services.people import PersonData, create_person

PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)


@pytest.fixture
def people(owner):
    helene = create_person(
        owner,
        PersonData(
            first_name="Hélène",
            last_name="Dupré",
            emails=["helene@example.fr"],
            phones=["06 12 34 56 78"],
            organization="Société Générale",
            title="Directrice",
            expertise=["Finance"],
            birthday="1980-04-02",
        ),
    )
    marc = create_person(owner, PersonData(first_name="Marc", last_name="Lefèvre"))
    zoe = create_person(owner, PersonData(first_name="Zoë", introduced_by_id=helene.pk))
    return helene, marc, zoe


@pytest.fixture
def history(owner, people):
    """Everything that can concern Hélène, and what concerns only the others."""
    helene, marc, zoe = people
    alone = exchanges.log_interaction(owner, [helene.pk], summary="Café seule")
    shared = exchanges.log_interaction(owner, [helene.pk, marc.pk], summary="Déjeuner à trois")
    others = exchanges.log_interaction(owner, [marc.pk, zoe.pk], summary="Sans elle")
    exchanges.add_tie(owner, helene.pk, marc.pk, kind="colleagues")
    exchanges.add_tie(owner, marc.pk, zoe.pk)
    exchanges.record_favor(owner, helene.pk, given=True, kind="advice")
    exchanges.record_favor(owner, marc.pk, given=False, kind="information")
    models.Introduction.objects.create(owner=owner, introducer=helene, person_a=marc, person_b=zoe)
    models.Introduction.objects.create(owner=owner, person_a=marc, person_b=zoe)
    day = dt.date(2026, 1, 10)
    models.Request.objects.create(owner=owner, person=helene, topic="Un conseil", received_on=day)
    models.News.objects.create(
        owner=owner, person=helene, kind="new-job", headline="Nouveau poste", occurred_on=day
    )
    goal = models.Goal.objects.create(owner=owner, title="Trouver un poste", kind="job")
    goal.target_people.add(helene, marc)
    models.Ask.objects.create(owner=owner, goal=goal, person=helene)
    via = models.Ask.objects.create(
        owner=owner, goal=goal, person=zoe, via=helene, move="introduction"
    )
    models.Task.objects.create(owner=owner, person=helene, title="Rappeler Hélène")
    models.Decision.objects.create(
        owner=owner, action_key="follow-up:h", person=helene, decision="done"
    )
    batch = models.ImportBatch.objects.create(owner=owner, format="vcard")
    email = helene.emails.get()
    models.ImportChange.objects.create(
        batch=batch, model="person", object_id=helene.pk, action="created"
    )
    models.ImportChange.objects.create(
        batch=batch, model="emailaddress", object_id=email.pk, action="created"
    )
    models.ImportChange.objects.create(
        batch=batch, model="person", object_id=marc.pk, action="created"
    )
    return {"alone": alone, "shared": shared, "others": others, "goal": goal, "via": via}


def test_export_holds_everything_about_the_person(owner, people, history):
    helene, marc, zoe = people
    data = privacy.export_person(owner, helene)
    json.dumps(data)  # plain data, ready for a download
    assert data["format"] == "entregent-person"
    assert data["person"]["first_name"] == "Hélène"
    assert data["person"]["birthday_year"] == 1980
    assert "search_text" not in data["person"]
    assert [e["address"] for e in data["emails"]] == ["helene@example.fr"]
    assert data["phones"][0]["raw"] == "06 12 34 56 78"
    assert data["roles"][0]["organization"] == "Société Générale"
    assert data["tags"] == [{"name": "Finance", "kind": "expertise"}]
    summaries = {i["summary"] for i in data["interactions"]}
    assert summaries == {"Café seule", "Déjeuner à trois"}
    shared = next(i for i in data["interactions"] if i["summary"] == "Déjeuner à trois")
    assert shared["others"] == [{"id": marc.pk, "name": "Marc Lefèvre"}]
    assert data["ties"][0]["other"]["name"] == "Marc Lefèvre"
    assert len(data["favors"]) == 1
    assert data["introductions"][0]["introducer"]["name"] == "Hélène Dupré"
    assert data["introduced"] == [{"id": zoe.pk, "name": "Zoë"}]
    assert [r["topic"] for r in data["requests"]] == ["Un conseil"]
    assert [n["headline"] for n in data["news"]] == ["Nouveau poste"]
    assert len(data["asks"]) == 2  # asked, and named as the one who introduces
    assert data["goals_targeting"] == [{"id": history["goal"].pk, "title": "Trouver un poste"}]
    assert [t["title"] for t in data["tasks"]] == ["Rappeler Hélène"]
    assert len(data["decisions"]) == 1


def test_export_of_someone_elses_person_is_refused(owner, stranger, people):
    with pytest.raises(PermissionError):
        privacy.export_person(stranger, people[0])
    with pytest.raises(PermissionError):
        privacy.erase_person(stranger, people[0])


def test_preview_counts_what_an_erasure_removes(owner, people, history):
    preview = privacy.erasure_preview(owner, people[0])
    assert preview.counts == {
        "interactions_removed": 1,
        "interactions_left": 1,
        "ties": 1,
        "favors": 1,
        "introductions": 1,
        "requests": 1,
        "news": 1,
        "asks": 1,
        "goals": 1,
        "tasks": 1,
        "decisions": 1,
    }
    lines = privacy.describe_erasure(preview.counts)
    assert "1 interaction with nobody else, deleted" in lines
    assert "1 tie" in lines


def test_erase_removes_the_person_everywhere(
    owner, people, history, django_capture_on_commit_callbacks
):
    helene, marc, zoe = people
    helene.photo.save("helene.png", ContentFile(PNG))
    storage, photo = helene.photo.storage, helene.photo.name
    assert storage.exists(photo)

    with django_capture_on_commit_callbacks(execute=True):
        erased = privacy.erase_person(owner, helene)

    assert erased.name == "Hélène Dupré"
    assert not models.Person.objects.filter(pk=helene.pk).exists()
    assert not models.EmailAddress.objects.filter(address="helene@example.fr").exists()
    assert not models.Participation.objects.filter(person_id=helene.pk).exists()
    # The interaction she had alone is gone; the shared one stays, with Marc only.
    assert not models.Interaction.objects.filter(pk=history["alone"].pk).exists()
    assert list(history["shared"].participants.all()) == [marc]
    assert models.Interaction.objects.filter(pk=history["others"].pk).exists()
    assert models.Tie.objects.owned_by(owner).count() == 1  # Marc and Zoë
    # Whoever knew her knows one person fewer: their scores already say so.
    assert scores.recompute(owner).written == 0
    assert models.Favor.objects.owned_by(owner).count() == 1  # from Marc
    assert models.Introduction.objects.owned_by(owner).count() == 1  # the one without her
    for model in (models.Request, models.News, models.Task, models.Decision):
        assert not model.objects.owned_by(owner).exists(), model
    assert list(history["goal"].target_people.all()) == [marc]
    via = models.Ask.objects.get(pk=history["via"].pk)
    assert via.via is None and via.person == zoe
    zoe.refresh_from_db()
    assert zoe.introduced_by is None
    remaining = models.ImportChange.objects.values_list("model", "object_id")
    assert list(remaining) == [("person", marc.pk)]
    assert not storage.exists(photo)


def test_erase_is_all_or_nothing(owner, people, history, monkeypatch):
    helene = people[0]
    pk = helene.pk

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(models.Interaction.objects, "owned_by", fail)
    with pytest.raises(RuntimeError):
        privacy.erase_person(owner, helene)
    assert models.Person.objects.filter(pk=pk).exists()
    assert models.Interaction.objects.filter(pk=history["alone"].pk).exists()
    assert models.ImportChange.objects.count() == 3
