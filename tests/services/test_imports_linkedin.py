"""Importing a LinkedIn export: connections, conversations, invitations, give-and-take and the
owner's own positions, merged with the people already in the network."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone

from entregent.models import Favor, Interaction, Organization, Person
from entregent.services import import_plan, imports
from entregent.services.import_undo import undo_batch
from entregent.services.people import PersonData, add_role, create_person

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures" / "linkedin"


@pytest.fixture
def export(tmp_path):
    target = tmp_path / "linkedin.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(FIXTURES.iterdir()):
            archive.write(path, f"Basic_LinkedInDataExport/{path.name}")
    return target


def by_name(owner, first, last):
    return (
        Person.objects.owned_by(owner)
        .prefetch_related("emails", "roles__organization", "circles")
        .get(first_name=first, last_name=last)
    )


def test_connections_land_in_the_online_networks_circle_with_their_role(owner, export):
    batch = imports.import_files(owner, [export])
    assert batch.format == "linkedin"
    helene = by_name(owner, "Hélène", "Dupré")
    assert [c.key for c in helene.circles.all()] == ["online-networks"]
    (role,) = helene.roles.all()
    assert (role.organization.name, role.title, role.ended_on) == (
        "Société Générale",
        "Directrice financière",
        None,
    )
    assert helene.first_met_on == dt.date(2026, 11, 27)
    assert helene.linkedin_url == "https://www.linkedin.com/in/helene-dupre-4a1b2c"
    assert [e.address_normalized for e in helene.emails.all()] == ["helene.dupre@example.fr"]
    assert by_name(owner, "Jean", "Martin").suffix == "PhD"
    assert by_name(owner, "Sophie", "Martin").last_name == "Martin"  # was MARTIN
    paul = by_name(owner, "Paul", "Durand")
    assert paul.linkedin_url == "https://www.linkedin.com/in/pauldurand"


def test_the_owner_is_never_a_contact(owner, export):
    batch = imports.import_files(owner, [export])
    assert not Person.objects.owned_by(owner).filter(last_name="Bernard").exists()
    assert batch.report["owner_profile"] == "https://www.linkedin.com/in/camille-bernard-owner"


def test_conversations_become_interactions_with_participants_and_direction(owner, export):
    imports.import_files(owner, [export])
    messages = Interaction.objects.owned_by(owner).filter(kind="message")
    by_id = {i.external_id: i for i in messages.prefetch_related("participants")}
    assert set(by_id) == {
        "2-conv-helene:2026-11-20",
        "2-conv-helene:2026-11-22",
        "2-conv-lyon:2026-10-05",
        "2-conv-recruiter:2026-08-14",
    }
    helene = by_id["2-conv-helene:2026-11-20"]
    assert helene.source == "linkedin"
    assert helene.direction == "mutual"
    assert helene.occurred_at == dt.datetime(2026, 11, 20, 9, 15, 2, tzinfo=dt.UTC)
    assert [p.last_name for p in helene.participants.all()] == ["Dupré"]
    assert by_id["2-conv-helene:2026-11-22"].direction == "outgoing"
    group = by_id["2-conv-lyon:2026-10-05"]
    assert group.direction == "incoming"
    assert sorted(p.last_name for p in group.participants.all()) == ["Lefèvre", "O'Brien"]
    recruiter = by_id["2-conv-recruiter:2026-08-14"].participants.get()
    assert (recruiter.first_name, recruiter.last_name) == ("Karim", "Benali")
    assert recruiter.linkedin_url == "https://www.linkedin.com/in/karim-benali-rh"
    assert not recruiter.circles.exists()  # messaged, not a connection


def test_invitations_are_social_interactions(owner, export):
    imports.import_files(owner, [export])
    invitations = Interaction.objects.owned_by(owner).filter(kind="social")
    assert sorted((i.direction, i.participants.get().last_name) for i in invitations) == [
        ("incoming", "Petit"),
        ("outgoing", "Schmidt"),
    ]


def test_recommendations_and_endorsements_are_give_and_take(owner, export):
    imports.import_files(owner, [export])
    favors = Favor.objects.owned_by(owner).select_related("giver", "receiver")
    seen = {
        ("given" if f.given_by_me else "received", (f.giver or f.receiver).last_name, f.description)
        for f in favors
    }
    assert seen == {
        ("given", "Lefèvre", "Marc livre toujours à temps."),
        ("given", "Haddad", "Une designer remarquable."),
        ("received", "Dupré", "Camille est une partenaire fiable et rigoureuse."),
        ("given", "Durand", "✓ Python"),
        ("received", "O'Brien", "✓ Négociation"),
    }
    assert {f.kind for f in favors} == {"recommendation"}
    # The recommendation names Hélène without a profile address: found by her name.
    assert Person.objects.owned_by(owner).filter(last_name="Dupré").count() == 1


def test_positions_mark_the_owners_employers(owner, export):
    batch = imports.import_files(owner, [export])
    former = Organization.objects.owned_by(owner).get(name="Société Générale")
    assert "Chargée d'affaires, Sep 2015 – Dec 2021 (LinkedIn)" in former.notes
    current = Organization.objects.owned_by(owner).get(name="Conseil Bernard")
    assert "since Jan 2022" in current.notes
    assert [(p["company"], p["finished"]) for p in batch.report["positions"]] == [
        ("Conseil Bernard", ""),
        ("Société Générale", "Dec 2021"),
    ]
    assert batch.report["positions"][1]["organization"] == former.pk


def test_the_report_names_file_and_line_of_each_skip(owner, export):
    batch = imports.import_files(owner, [export])
    skipped = {
        (s["where"]["file"].rsplit("/", 1)[-1], s["where"]["line"], s["code"])
        for s in batch.report["skipped"]
    }
    assert skipped == {
        ("Connections.csv", 13, "no-name"),
        ("messages.csv", 7, "draft"),
        ("messages.csv", 9, "no-participants"),
        ("messages.csv", 10, "bad-date"),
    }
    assert [n["code"] for n in batch.report["notices"]] == ["bad-date"]
    assert [name.rsplit("/", 1)[-1] for name in batch.report["ignored_files"]] == [
        "Ad_Targeting.csv"
    ]


def test_a_second_import_of_the_export_changes_nothing(owner, export):
    imports.import_files(owner, [export])
    counts = (
        Person.objects.owned_by(owner).count(),
        Interaction.objects.owned_by(owner).count(),
        Favor.objects.owned_by(owner).count(),
        Organization.objects.get(owner=owner, name="Société Générale").notes,
    )
    again = imports.import_files(owner, [export])
    assert (again.created, again.updated, again.merged) == (0, 0, 0)
    assert again.report["counts"]["interactions"] == {"unchanged": 6}
    assert again.report["counts"]["favors"] == {"unchanged": 5}
    assert counts == (
        Person.objects.owned_by(owner).count(),
        Interaction.objects.owned_by(owner).count(),
        Favor.objects.owned_by(owner).count(),
        Organization.objects.get(owner=owner, name="Société Générale").notes,
    )


def test_a_known_person_is_found_by_profile_address_and_keeps_her_facts(owner, export):
    known = create_person(
        owner,
        PersonData(
            first_name="Helene",
            last_name="DUPRE",
            linkedin_url="http://linkedin.com/in/Helene-Dupre-4a1b2c/",
            first_met_on=dt.date(2019, 5, 2),
            organization="Société Générale",
            title="DAF",
        ),
    )
    batch = imports.import_files(owner, [export])
    helene = Person.objects.owned_by(owner).get(pk=known.pk)
    assert (
        Person.objects.owned_by(owner).filter(linkedin_url__icontains="helene-dupre").count() == 1
    )
    assert helene.first_met_on == dt.date(2019, 5, 2)  # met before connecting: no conflict
    assert helene.emails.get().address_normalized == "helene.dupre@example.fr"
    assert helene.circles.get().key == "online-networks"
    assert helene.roles.get().title == "DAF"
    conflicts = [(c["id"], c["field"]) for c in batch.report["conflicts"]]
    assert conflicts == [(known.pk, "title")]
    assert known.pk in [entry["id"] for entry in batch.report["updated"]]
    assert Interaction.objects.filter(participants=helene, kind="message").count() == 2


def test_a_known_email_in_another_case_merges(owner, export):
    known = create_person(
        owner, PersonData(first_name="Paul", last_name="Durand", emails=["PAUL.DURAND@EXAMPLE.COM"])
    )
    imports.import_files(owner, [export])
    assert Person.objects.owned_by(owner).filter(last_name="Durand").get().pk == known.pk


def test_similar_names_at_the_same_organisation_are_suggested(owner, export):
    twin = create_person(
        owner, PersonData(first_name="S.", last_name="Martin", organization="Conseil Bernard")
    )
    batch = imports.import_files(owner, [export])
    sophie = Person.objects.owned_by(owner).get(first_name="Sophie")
    assert sorted([twin.pk, sophie.pk]) in batch.report["suggestions"]
    assert Person.objects.owned_by(owner).filter(last_name="Martin").count() == 3  # not merged


# --- A connection who changed jobs ------------------------------------------------------------

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def connections(tmp_path, *rows, name="Connections.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def roles_of(person):
    return sorted(
        (role.organization.name, role.title, role.ended_on)
        for role in person.roles.select_related("organization")
    )


def helene_on_linkedin(owner, **facts):
    """Hélène, known by her profile address (the one of the export)."""
    profile = "https://www.linkedin.com/in/helene-dupre-4a1b2c"
    data = PersonData(first_name="Hélène", last_name="Dupré", linkedin_url=profile, **facts)
    return create_person(owner, data)


@pytest.fixture
def helene(owner):
    return helene_on_linkedin(owner, organization="Société Générale", title="DAF")


NEW_JOB = "Hélène,Dupré,https://www.linkedin.com/in/helene-dupre-4a1b2c,,Globex,CFO,27 Nov 2026"


def test_a_new_company_ends_the_current_role_and_starts_another(owner, helene, tmp_path):
    batch = imports.import_files(owner, [connections(tmp_path, NEW_JOB)])
    today = timezone.localdate()
    assert roles_of(helene) == [("Globex", "CFO", None), ("Société Générale", "DAF", today)]
    assert [entry["id"] for entry in batch.report["updated"]] == [helene.pk]
    assert not batch.report["conflicts"]


def test_the_same_file_again_changes_nothing(owner, helene, tmp_path):
    path = connections(tmp_path, NEW_JOB)
    imports.import_files(owner, [path])
    before = roles_of(helene)
    again = imports.import_files(owner, [path])
    assert (again.created, again.updated, again.merged) == (0, 0, 0)
    assert roles_of(helene) == before
    assert again.report["counts"]["people"] == {"unchanged": 1}


def test_undo_opens_the_old_role_again(owner, helene, tmp_path):
    batch = imports.import_files(owner, [connections(tmp_path, NEW_JOB)])
    undo_batch(owner, batch)
    assert roles_of(helene) == [("Société Générale", "DAF", None)]
    assert not Organization.objects.owned_by(owner).filter(name="Globex").exists()
    helene.refresh_from_db()
    assert "globex" not in helene.search_text and "daf" in helene.search_text


def test_a_role_ended_by_hand_since_is_left_at_undo(owner, helene, tmp_path):
    batch = imports.import_files(owner, [connections(tmp_path, NEW_JOB)])
    helene.roles.filter(organization__name="Société Générale").update(ended_on=dt.date(2026, 6, 30))
    result = undo_batch(owner, batch)
    assert roles_of(helene) == [("Société Générale", "DAF", dt.date(2026, 6, 30))]
    assert result.kept_values == 1


def test_the_same_company_keeps_the_role(owner, helene, tmp_path):
    row = "Hélène,Dupré,https://www.linkedin.com/in/helene-dupre-4a1b2c,,Société Générale,DAF,"
    batch = imports.import_files(owner, [connections(tmp_path, row)])
    assert roles_of(helene) == [("Société Générale", "DAF", None)]
    assert not batch.changes.filter(model="Role").exists()


def test_back_at_a_former_employer_is_a_new_current_role(owner, helene, tmp_path):
    add_role(owner, helene, "Globex", title="Intern", ended_on=dt.date(2015, 8, 31))
    imports.import_files(owner, [connections(tmp_path, NEW_JOB)])
    assert roles_of(helene) == [
        ("Globex", "CFO", None),
        ("Globex", "Intern", dt.date(2015, 8, 31)),
        ("Société Générale", "DAF", timezone.localdate()),
    ]


def test_a_role_starting_later_ends_the_day_it_starts(owner, helene, tmp_path):
    later = timezone.localdate() + dt.timedelta(days=30)
    helene.roles.update(started_on=later)
    imports.import_files(owner, [connections(tmp_path, NEW_JOB)])
    assert ("Société Générale", "DAF", later) in roles_of(helene)


def test_an_address_book_naming_another_company_ends_no_role(owner, helene, tmp_path):
    card = tmp_path / "cards.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupré;Hélène;;;\r\nFN:Hélène Dupré\r\n"
        "ORG:Globex\r\nURL:https://www.linkedin.com/in/helene-dupre-4a1b2c\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    imports.import_files(owner, [card])
    assert roles_of(helene) == [("Globex", "", None), ("Société Générale", "DAF", None)]


def test_many_people_already_there_are_read_at_once(owner, export, tmp_path, monkeypatch):
    imports.import_files(owner, [export])
    monkeypatch.setattr(import_plan, "LOAD_CHUNK", 2)  # more than this: the owner's rows
    again = imports.import_files(owner, [export])
    assert (again.created, again.updated, again.merged) == (0, 0, 0)
    rows = (
        NEW_JOB,
        "Marc,Lefèvre,https://www.linkedin.com/in/marclefevre,,Atelier Lefèvre,Fondateur,",
        "Paul,Durand,https://fr.linkedin.com/in/PaulDurand/,paul.durand@example.com,,,",
    )
    moved = imports.import_files(owner, [connections(tmp_path, *rows)])
    assert (moved.created, moved.updated) == (0, 1)
    assert roles_of(by_name(owner, "Hélène", "Dupré")) == [
        ("Globex", "CFO", None),
        ("Société Générale", "Directrice financière", timezone.localdate()),
    ]
