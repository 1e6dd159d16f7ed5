"""Matching: names, phones and profile addresses compared after normalisation; similar names at
the same organisation suggested as merges; merging two people keeps every fact."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from entregent.models import (
    Decision,
    Favor,
    Goal,
    ImportChange,
    Interaction,
    Introduction,
    Person,
    Request,
    Task,
    Tie,
)
from entregent.services import exchanges, imports
from entregent.services.duplicates import dismiss_suggestion, merge_suggestions, similar_names
from entregent.services.matching import known_phone, name_key, profile_key, tidy_name
from entregent.services.merge import merge_people
from entregent.services.people import PersonData, create_person

from .test_imports import write_cards


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Hélène", "Dupré"),
        (unicodedata.normalize("NFD", "Hélène"), unicodedata.normalize("NFD", "Dupré")),
        ("HELENE", "DUPRE"),
        ("Dupré", "Hélène"),  # surname first
        ("Mme Hélène", "Dupré"),
        ("Dr. hélène", "dupré"),
    ],
)
def test_name_keys_ignore_form_accents_case_order_and_titles(first, last):
    assert name_key(first, "", last) == "dupre helene"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (("", "DUPONT Jean", "", ""), ("", "Jean", "", "Dupont")),
        (("", "Jean DUPONT", "", ""), ("", "Jean", "", "Dupont")),
        (("", "M. Jean", "", "Dupont"), ("M.", "Jean", "", "Dupont")),
        (("", "Mme", "", "Dupont"), ("Mme", "", "", "Dupont")),
        (("", "DUPONT", "", "Jean"), ("", "Jean", "", "Dupont")),
        (("", "Jean", "", "DE LA FONTAINE"), ("", "Jean", "", "De la Fontaine")),
        (("", "Jean", "", "O'BRIEN"), ("", "Jean", "", "O'Brien")),
        (("", "Jean-Pierre", "", "Dupont"), ("", "Jean-Pierre", "", "Dupont")),
        (("", "IBM", "", ""), ("", "IBM", "", "")),
    ],
)
def test_tidy_names(given, expected):
    name = tidy_name(*given)
    assert (name.prefix, name.first_name, name.middle_name, name.last_name) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/jean-dupont-1a2b",
        "http://linkedin.com/in/Jean-Dupont-1a2b/",
        "www.linkedin.com/in/jean-dupont-1a2b?trk=profile",
        "https://fr.linkedin.com/in/jean-dupont-1a2b/details/experience/",
        "linkedin.com/in/jean%2Ddupont-1a2b",
    ],
)
def test_profile_addresses_share_one_key(url):
    assert profile_key(url) == "linkedin.com/in/jean-dupont-1a2b"


def test_not_a_profile():
    assert profile_key("https://www.linkedin.com/company/acme") == ""
    assert profile_key("https://example.org/in/jean") == ""


def test_a_phone_written_without_its_country_code_is_the_same_phone():
    assert known_phone("raw:0612345678", {"+33612345678"})
    assert known_phone("+19055551234", {"raw:9055551234"})
    assert not known_phone("raw:1234", {"+33600001234"})
    assert not known_phone("+33612345679", {"+33612345678"})


@pytest.mark.parametrize(
    ("first", "second", "similar"),
    [
        (("dupont", "jean"), ("dupont", "jean"), True),
        (("dupont", "j"), ("dupont", "jean"), True),
        (("dupont", "jean"), ("dupont", "jean", "marc"), True),
        (("dupont", "jean"), ("dupond", "jean"), True),
        (("dupont", "jean"), ("dupont", "jean-pierre"), False),
        (("dupont", "jean"), ("durand", "paul"), False),
    ],
)
def test_similar_names(first, second, similar):
    assert similar_names(first, second) is similar


def test_suggestions_need_a_shared_organisation_and_can_be_dismissed(owner):
    jean = create_person(
        owner, PersonData(first_name="Jean", last_name="Dupont", organization="Acme")
    )
    j = create_person(owner, PersonData(first_name="J.", last_name="DUPONT", organization="ACME"))
    create_person(owner, PersonData(first_name="Jean", last_name="Dupont", organization="Globex"))
    (suggestion,) = merge_suggestions(owner)
    assert (suggestion.keep_id, suggestion.other_id, suggestion.organization) == (
        jean.pk,
        j.pk,
        "Acme",
    )
    dismiss_suggestion(owner, j.pk, jean.pk)
    assert merge_suggestions(owner) == []
    assert Decision.objects.get(owner=owner).action_key == f"merge:{jean.pk}:{j.pk}"


def test_a_stranger_cannot_dismiss(owner, stranger):
    one = create_person(owner, PersonData(first_name="A", organization="X"))
    two = create_person(owner, PersonData(first_name="A", organization="X"))
    with pytest.raises(PermissionError):
        dismiss_suggestion(stranger, one.pk, two.pk)


@pytest.fixture
def pair(owner):
    keep = create_person(
        owner,
        PersonData(
            first_name="Jean",
            last_name="Dupont",
            emails=["jean@acme.fr"],
            phones=["06 12 34 56 78"],
            city="Lyon",
            organization="Acme",
            title="CTO",
            notes="Aime le vélo.",
            expertise=["Python"],
            circle_ids=[],
        ),
    )
    other = create_person(
        owner,
        PersonData(
            first_name="J.",
            last_name="Dupont",
            emails=["JEAN@acme.fr", "jd@perso.fr"],
            phones=["+33 6 12 34 56 78", "01 40 00 00 00"],
            city="Paris",
            birthday="1980-05-04",
            linkedin_url="https://www.linkedin.com/in/jdupont",
            organization="Globex",
            notes="Deux enfants.",
            interests=["Golf"],
            first_met_on=dt.date(2015, 1, 1),
        ),
    )
    return keep, other


def test_a_merge_keeps_every_fact_from_both(owner, pair):
    keep, other = pair
    friend = create_person(owner, PersonData(first_name="Marc"))
    meeting = exchanges.log_interaction(owner, [keep.pk, other.pk], summary="Déjeuner")
    call = exchanges.log_interaction(owner, [other.pk], summary="Appel")
    exchanges.add_tie(owner, other.pk, friend.pk, kind="colleagues")
    exchanges.add_tie(owner, keep.pk, other.pk)
    favor = exchanges.record_favor(owner, other.pk, given=True, kind="advice")
    goal = Goal.objects.create(owner=owner, title="Trouver un associé", kind="partners")
    goal.target_people.add(other)
    request = Request.objects.create(
        owner=owner, person=other, topic="Avis", received_on=dt.date(2026, 1, 2)
    )
    task = Task.objects.create(owner=owner, person=other, title="Rappeler")
    intro = Introduction.objects.create(owner=owner, introducer=other, person_b=friend)
    introduced = create_person(owner, PersonData(first_name="Léa", introduced_by_id=other.pk))
    result = merge_people(owner, keep, other)
    assert not Person.objects.filter(pk=other.pk).exists()
    keep = Person.objects.get(pk=keep.pk)
    assert sorted(e.address for e in keep.emails.all()) == ["jd@perso.fr", "jean@acme.fr"]
    assert sorted(p.e164 for p in keep.phones.all()) == ["+33140000000", "+33612345678"]
    assert keep.city == "Lyon" and "Paris" in keep.notes  # kept, and the other value noted
    assert ("city", "Lyon", "Paris") in result.conflicts
    assert keep.birthday == dt.date(1980, 5, 4)
    assert keep.linkedin_url == "https://www.linkedin.com/in/jdupont"
    assert keep.first_met_on == dt.date(2015, 1, 1)
    assert "Aime le vélo." in keep.notes and "Deux enfants." in keep.notes
    assert sorted(r.organization.name for r in keep.roles.all()) == ["Acme", "Globex"]
    assert sorted(t.name for t in keep.tags.all()) == ["Golf", "Python"]
    assert set(Interaction.objects.filter(participants=keep)) == {meeting, call}
    assert meeting.participants.count() == 1
    (tie,) = Tie.objects.filter(owner=owner)
    assert {tie.person_a_id, tie.person_b_id} == {keep.pk, friend.pk}
    assert Favor.objects.get(pk=favor.pk).receiver_id == keep.pk
    assert list(goal.target_people.all()) == [keep]
    assert Request.objects.get(pk=request.pk).person_id == keep.pk
    assert Task.objects.get(pk=task.pk).person_id == keep.pk
    assert Introduction.objects.get(pk=intro.pk).introducer_id == keep.pk
    assert Person.objects.get(pk=introduced.pk).introduced_by_id == keep.pk
    assert "golf" in keep.search_text and "globex" in keep.search_text


def test_a_merge_rescores_whoever_knew_both(owner, pair):
    from entregent.services import scores

    keep, other = pair
    friend = create_person(owner, PersonData(first_name="Marc"))
    exchanges.add_tie(owner, keep.pk, friend.pk, kind="colleagues")
    exchanges.add_tie(owner, other.pk, friend.pk, kind="friends")
    assert scores.recompute(owner).written == 0
    merge_people(owner, keep, other)
    assert scores.recompute(owner).written == 0  # Marc now knows one person, not two


def test_a_person_cannot_be_merged_with_themselves_or_a_strangers(owner, stranger, pair):
    keep, _other = pair
    with pytest.raises(ValidationError):
        merge_people(owner, keep, keep)
    theirs = create_person(stranger, PersonData(first_name="Zoë"))
    with pytest.raises(PermissionError):
        merge_people(owner, keep, theirs)


def test_undo_of_an_import_no_longer_deletes_a_person_merged_with_someone_else(owner, tmp_path):
    from entregent.services.import_undo import undo_batch

    kept = create_person(owner, PersonData(first_name="Marc", last_name="Leroy", city="Nantes"))
    text = "BEGIN:VCARD\nVERSION:3.0\nN:Leroy;Marc\nEMAIL:marc@leroy.fr\nEND:VCARD\n"
    batch = imports.import_files(owner, [write_cards(tmp_path, text)])
    imported = Person.objects.owned_by(owner).exclude(pk=kept.pk).get()
    merge_people(owner, imported, kept)
    assert not ImportChange.objects.filter(batch=batch, model="Person", action="created").exists()
    undo_batch(owner, batch)
    assert Person.objects.get(pk=imported.pk).city == "Nantes"


def test_a_merged_person_in_the_middle_of_a_run_survives_the_undo(owner, tmp_path):
    from entregent.services.import_undo import undo_batch

    manual = create_person(owner, PersonData(first_name="Paul", last_name="Roy", city="Brest"))
    cards = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nN:{last};{first}\nEMAIL:{first.lower()}@x.fr\nEND:VCARD\n"
        for first, last in (("Ana", "Lima"), ("Paul", "Roy"), ("Léa", "Morel"))
    )
    batch = imports.import_files(owner, [write_cards(tmp_path, cards)])
    paul = Person.objects.owned_by(owner).get(emails__address_normalized="paul@x.fr")
    merge_people(owner, paul, manual)
    undo_batch(owner, batch)
    assert list(Person.objects.owned_by(owner)) == [paul]
