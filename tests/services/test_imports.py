"""Importing vCards through the import service: where each fact lands, bad cards, batches,
dry runs, idempotence, and the sample files written by real address books."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from entregent.models import BatchStatus, ImportBatch, ImportChange, Organization, Person, Tag
from entregent.services import accounts, imports
from entregent.services.import_undo import created_ids
from entregent.services.people import PersonData, create_person, refresh_search

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "vcard"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

CARDS = """BEGIN:VCARD
VERSION:3.0
N:Dupré;Hélène;;Mme;
FN:Mme Hélène Dupré
ORG:Société Générale;Finance
TITLE:Directrice financière
EMAIL;TYPE=INTERNET,WORK:Helene.Dupre@Example.FR
TEL;TYPE=CELL:06 12 34 56 78
ADR;TYPE=WORK:;;29 bd Haussmann;Paris;;75009;France
BDAY:1975-03-15
NOTE:Rencontrée au salon\\, à Lyon.
URL:https://www.linkedin.com/in/helene-dupre-4a1b2c/
URL:https://github.com/hdupre
CATEGORIES:Clients,Golf
IMPP;X-SERVICE-TYPE=Skype:skype:helene.dupre
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:
END:VCARD
BEGIN:VCARD
VERSION:2.1
N:Smith;John
TEL;WORK:(212) 555-0100
ADR;WORK:;;1 Main St;New York;NY;10001;USA
EMAIL:not-an-address
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:DUPONT Jean
EMAIL:jean.dupont@example.org
PHOTO:data:image/png;base64,{photo}
END:VCARD
BEGIN:VCARD
VERSION:4.0
KIND:org
FN:Atelier Lefèvre
ORG:Atelier Lefèvre
URL:https://atelier-lefevre.example.fr
END:VCARD
"""


def write_cards(folder: Path, text: str = CARDS, name: str = "contacts.vcf") -> Path:
    import base64

    path = folder / name
    photo = base64.b64encode(PNG).decode()
    path.write_text(text.replace("{photo}", photo).replace("\n", "\r\n"), encoding="utf-8")
    return path


@pytest.fixture
def cards(tmp_path):
    return write_cards(tmp_path)


def person(owner, **lookup):
    return (
        Person.objects.owned_by(owner)
        .prefetch_related("emails", "phones", "links", "roles__organization", "circles", "tags")
        .get(**lookup)
    )


def test_a_card_becomes_a_person_with_every_fact(owner, cards):
    imports.import_files(owner, [cards])
    helene = person(owner, last_name="Dupré")
    assert (helene.prefix, helene.first_name) == ("Mme", "Hélène")
    assert [e.address for e in helene.emails.all()] == ["Helene.Dupre@Example.FR"]
    assert helene.emails.get().address_normalized == "helene.dupre@example.fr"
    assert [(p.raw, p.e164, p.label) for p in helene.phones.all()] == [
        ("06 12 34 56 78", "+33612345678", "mobile")
    ]
    assert helene.linkedin_url == "https://www.linkedin.com/in/helene-dupre-4a1b2c"
    assert [(link.kind, link.url) for link in helene.links.all()] == [
        ("github", "https://github.com/hdupre")
    ]
    (role,) = helene.roles.all()
    assert (role.organization.name, role.title, role.is_current) == (
        "Société Générale",
        "Directrice financière",
        True,
    )
    assert helene.birthday == dt.date(1975, 3, 15)
    assert (helene.city, helene.country) == ("Paris", "FR")
    assert helene.notes == "Rencontrée au salon, à Lyon.\nSkype: helene.dupre"
    assert [c.key for c in helene.circles.all()] == ["clients"]
    assert [(t.name, t.kind) for t in helene.tags.all()] == [("Golf", "interest")]
    assert "societe generale" in helene.search_text


def test_phones_are_read_in_the_card_country_and_bad_values_reported(owner, cards):
    batch = imports.import_files(owner, [cards])
    john = person(owner, last_name="Smith")
    assert [(p.raw, p.e164) for p in john.phones.all()] == [("(212) 555-0100", "+12125550100")]
    assert john.emails.count() == 0
    notices = {(n["code"], n["where"].get("card")) for n in batch.report["notices"]}
    assert ("bad-email", 3) in notices


def test_surname_first_in_capitals_and_a_photo(owner, cards, settings):
    imports.import_files(owner, [cards])
    jean = person(owner, emails__address_normalized="jean.dupont@example.org")
    assert (jean.first_name, jean.last_name) == ("Jean", "Dupont")
    assert jean.photo.name.startswith("photos/") and jean.photo.name.endswith(".png")
    assert (Path(settings.MEDIA_ROOT) / jean.photo.name).read_bytes() == PNG


def test_a_company_card_is_an_organisation(owner, cards):
    imports.import_files(owner, [cards])
    atelier = Organization.objects.owned_by(owner).get(name="Atelier Lefèvre")
    assert atelier.website == "https://atelier-lefevre.example.fr"
    assert not Person.objects.owned_by(owner).filter(last_name="Lefèvre").exists()


def test_a_bad_card_is_reported_with_its_position_and_does_not_sink_the_file(owner, cards):
    batch = imports.import_files(owner, [cards])
    assert batch.status == BatchStatus.DONE
    (skip,) = batch.report["skipped"]
    assert skip["code"] == "empty"
    assert skip["where"] == {"file": "contacts.vcf", "line": 17, "card": 2}
    assert Person.objects.owned_by(owner).count() == 3
    assert (batch.created, batch.skipped) == (4, 1)  # three people and an organisation


def test_the_batch_records_what_it_made(owner, cards):
    batch = imports.import_files(owner, [cards])
    assert batch.format == "vcard"
    assert batch.file_names == "contacts.vcf"

    def made(model):
        rows = ImportChange.objects.filter(batch=batch, action="created", model=model)
        return sorted(created_ids(list(rows.values_list("object_id", "before"))))

    assert made("Person") == sorted(Person.objects.owned_by(owner).values_list("id", flat=True))
    assert len(made("Organization")) == 2
    assert len(made("Tag")) == 1
    # Consecutive ids are one change: three people, one row.
    assert ImportChange.objects.filter(batch=batch, model="Person").count() == 1


def test_importing_the_same_file_twice_changes_nothing(owner, cards):
    imports.import_files(owner, [cards])
    before = {
        "people": list(Person.objects.owned_by(owner).order_by("id").values()),
        "tags": Tag.objects.owned_by(owner).count(),
        "organizations": Organization.objects.owned_by(owner).count(),
    }
    again = imports.import_files(owner, [cards])
    assert (again.created, again.updated, again.merged) == (0, 0, 0)
    assert again.report["counts"]["people"] == {"unchanged": 3}
    after = {
        "people": list(Person.objects.owned_by(owner).order_by("id").values()),
        "tags": Tag.objects.owned_by(owner).count(),
        "organizations": Organization.objects.owned_by(owner).count(),
    }
    assert after == before
    assert not ImportChange.objects.filter(batch=again).exists()


def test_a_dry_run_writes_nothing_and_tells_the_truth(owner, cards, settings):
    preview = imports.import_files(owner, [cards], dry_run=True)
    assert preview.pk is None
    assert preview.status == BatchStatus.PREVIEW
    assert preview.report["counts"]["people"] == {"created": 3}
    assert not Person.objects.owned_by(owner).exists()
    assert not ImportBatch.objects.exists()
    assert (
        not list((Path(settings.MEDIA_ROOT) / "photos").glob("*"))
        if (Path(settings.MEDIA_ROOT) / "photos").exists()
        else True
    )
    real = imports.import_files(owner, [cards])
    assert real.report["counts"] == preview.report["counts"]


def test_an_import_lands_whole_or_not_at_all(owner, cards, monkeypatch):
    from entregent.services import import_writer

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_writer, "write_favors", broken)
    with pytest.raises(RuntimeError):
        imports.import_files(owner, [cards])
    assert not Person.objects.owned_by(owner).exists()
    assert not Organization.objects.owned_by(owner).exists()
    assert not ImportBatch.objects.exists()


def test_a_card_merges_into_the_person_with_the_same_email(owner, cards):
    existing = create_person(
        owner,
        PersonData(
            first_name="Hélène", last_name="Dupré", emails=["helene.dupre@example.fr"], city="Lyon"
        ),
    )
    batch = imports.import_files(owner, [cards])
    helene = person(owner, pk=existing.pk)
    assert Person.objects.owned_by(owner).filter(last_name="Dupré").count() == 1
    assert helene.city == "Lyon"  # never overwritten...
    (conflict,) = batch.report["conflicts"]  # ...and the file's value is reported
    assert (conflict["field"], conflict["kept"], conflict["ignored"]) == ("city", "Lyon", "Paris")
    assert helene.phones.get().e164 == "+33612345678"  # empty facts are filled
    assert helene.birthday == dt.date(1975, 3, 15)
    assert helene.roles.get().organization.name == "Société Générale"
    assert [entry["id"] for entry in batch.report["updated"]] == [existing.pk]


def test_duplicates_inside_the_input_are_merged(owner, tmp_path):
    text = CARDS.split("BEGIN:VCARD")[1]
    twice = f"BEGIN:VCARD{text}BEGIN:VCARD{text.replace('06 12 34 56 78', '07 00 00 00 01')}"
    batch = imports.import_files(owner, [write_cards(tmp_path, twice)])
    helene = person(owner, last_name="Dupré")
    assert sorted(p.e164 for p in helene.phones.all()) == ["+33612345678", "+33700000001"]
    assert batch.report["counts"]["people"] == {"created": 1, "merged": 1}


def test_a_shared_office_phone_does_not_merge_different_people(owner, tmp_path):
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nN:Martin;Paul\nTEL:01 40 00 00 00\nORG:Acme\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Leroy;Inès\nTEL:01 40 00 00 00\nORG:Acme\nEND:VCARD\n"
    )
    batch = imports.import_files(owner, [write_cards(tmp_path, text)])
    assert Person.objects.owned_by(owner).count() == 2
    assert [n["code"] for n in batch.report["notices"]] == ["shared-contact"]
    assert len(batch.report["suggestions"]) == 1


def test_my_own_card_is_not_a_contact(owner, cards):
    accounts.update_preferences(owner, own_emails="me@example.com\njean.dupont@example.org")
    batch = imports.import_files(owner, [cards])
    assert not Person.objects.owned_by(owner).filter(last_name="Dupont").exists()
    assert any(skip["code"] == "self" for skip in batch.report["skipped"])


def test_the_search_text_is_the_one_people_service_computes(owner, cards):
    imports.import_files(owner, [cards])
    for imported in Person.objects.owned_by(owner):
        search, sort = imported.search_text, imported.sort_name
        refresh_search(imported)
        assert (imported.search_text, imported.sort_name) == (search, sort)


def test_unreadable_input_is_refused_with_the_file_named(owner, tmp_path):
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not a contact")
    with pytest.raises(ValidationError) as error:
        imports.import_files(owner, [junk])
    assert "photo.jpg" in error.value.messages[0]
    assert not ImportBatch.objects.exists()


def test_a_forced_format_reads_a_text_file_of_cards(owner, tmp_path):
    text = write_cards(tmp_path, CARDS, name="export.txt")
    batch = imports.import_files(owner, [text], forced_format="vcard")
    assert batch.report["counts"]["people"] == {"created": 3}


# --- Real files from address books (../shared/samples/vcard) ---------------------------------

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no ../shared/samples/vcard")


@needs_samples
def test_sample_cards_import_with_the_right_names_emails_and_phones(owner):
    batch = imports.import_files(owner, [SAMPLES])
    assert batch.skipped == 0

    def find(email):
        return person(owner, emails__address_normalized=email)

    dawson = find("frank_dawson@lotus.com")
    assert (dawson.first_name, dawson.last_name) == ("Frank", "Dawson")
    assert [e.address for e in dawson.emails.all()] == [
        "Frank_Dawson@Lotus.com",
        "fdawson@earthlink.net",
    ]
    assert [p.e164 for p in dawson.phones.all()] == ["+19196769515", "+19196769564"]
    perreault = find("simon.perreault@viagenie.ca")
    assert (perreault.first_name, perreault.last_name) == ("Simon", "Perreault")
    assert perreault.phones.first().e164 == "+14186569254"  # "ext. 102" after it
    assert perreault.birthday_month == 2 and perreault.birthday_day == 3
    assert perreault.birthday_year is None
    greg = find("gdartmouth@hotmail.com")
    assert [p.e164 for p in greg.phones.all()][:2] == ["+15555551111", "+15555552222"]
    dummy = find("dummy.dummy@dummy.com")
    assert [p.e164 for p in dummy.phones.all()] == ["+49123456789", "+49987654321"]
    chinese = person(owner, last_name="黄")
    assert chinese.first_name == "世勇"
    assert [p.raw for p in chinese.phones.all()] == ["15810139237", "01088520374"]
    berger = find("mb@goerlitz.de")
    assert (berger.first_name, berger.last_name) == ("Meister", "Berger")
    assert berger.phones.get().e164 == "+493581123456"


@needs_samples
def test_the_same_person_across_address_books_is_one_person(owner):
    imports.import_files(owner, [SAMPLES])
    john = person(owner, emails__address_normalized="john.doe@ibm.com")
    # Outlook, Gmail, iPhone, macOS, Evolution and Lotus Notes cards: one person, every
    # e-mail, each phone once whatever its spelling.
    assert {"john.doe@ibm.com", "billy_bob@gmail.com"} <= {
        e.address_normalized for e in john.emails.all()
    }
    numbers = [p.e164 or p.raw for p in john.phones.all()]
    assert "+19055551234" in numbers
    assert "905-555-1234" not in numbers


@needs_samples
def test_sample_cards_twice_change_nothing(owner):
    imports.import_files(owner, [SAMPLES])
    count = Person.objects.owned_by(owner).count()
    again = imports.import_files(owner, [SAMPLES])
    assert (again.created, again.updated, again.merged) == (0, 0, 0)
    assert Person.objects.owned_by(owner).count() == count


def test_progress_is_reported_by_stage(owner, cards):
    seen = []
    imports.import_files(owner, [cards], progress=lambda stage, done: seen.append((stage, done)))
    assert seen[0] == ("read", 0)
    assert ("write", 5) in seen
    assert seen[-1] == ("done", 5)


def test_a_folder_of_cards_and_a_zip_of_cards(owner, tmp_path):
    import zipfile

    folder = tmp_path / "carnet"
    folder.mkdir()
    for index, (first, last) in enumerate((("Ana", "Lima"), ("Léa", "Morel"))):
        card = f"BEGIN:VCARD\nVERSION:3.0\nN:{last};{first}\nEMAIL:{index}@x.fr\nEND:VCARD\n"
        (folder / f"{last}.vcf").write_text(card)
    (folder / "LISEZMOI.txt").write_text("Exporté du téléphone")
    archive = tmp_path / "more.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Paul Roy.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Paul Roy\nEND:VCARD\n")
    batch = imports.import_files(owner, [folder, archive])
    names = sorted(p.full_name for p in Person.objects.owned_by(owner))
    assert names == ["Ana Lima", "Léa Morel", "Paul Roy"]
    assert batch.report["ignored_files"] == ["carnet/LISEZMOI.txt"]
    assert batch.file_names == "carnet\nmore.zip"
