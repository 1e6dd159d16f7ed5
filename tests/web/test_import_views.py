"""The import pages: upload, preview (nothing written), confirm, cancel, report, undo; the
likely-duplicates page; a stranger gets 404 on another owner's batch."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entregent.models import BatchStatus, ImportBatch, Person
from entregent.services import imports
from entregent.services.people import PersonData, create_person

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures" / "linkedin"
CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupré;Hélène\r\nEMAIL:helene@example.fr\r\nEND:VCARD\r\n"
BAD = CARD + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nEND:VCARD\r\n"


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def upload(client, *files, fmt=""):
    return client.post(reverse("entregent:import-upload"), {"files": list(files), "format": fmt})


def card_file(text=CARD, name="contacts.vcf"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/vcard")


def linkedin_zip(tmp_path):
    target = tmp_path / "export.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(FIXTURES.iterdir()):
            archive.write(path, path.name)
    return SimpleUploadedFile("Basic_LinkedInDataExport.zip", target.read_bytes())


def test_the_page_offers_an_upload(owner_client):
    response = owner_client.get(reverse("entregent:imports"))
    assert response.status_code == 200
    assert b'name="files"' in response.content
    assert b'enctype="multipart/form-data"' in response.content


def test_upload_shows_a_preview_and_writes_nothing(owner, owner_client):
    response = upload(owner_client, card_file(BAD))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:import", args=[batch.pk])
    assert batch.status == BatchStatus.PREVIEW
    assert not Person.objects.exists()
    page = owner_client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "What this import will do" in text
    assert "<strong>contacts.vcf, card 2 (line 6)</strong>" in text
    assert "The card holds no name" in text
    assert 'data-testid="import-confirm"' in text


def test_confirm_imports_and_reports(owner, owner_client):
    upload(owner_client, card_file())
    batch = ImportBatch.objects.get()
    response = owner_client.post(reverse("entregent:import-confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    helene = Person.objects.owned_by(owner).get()
    assert helene.last_name == "Dupré"
    page = owner_client.get(reverse("entregent:import", args=[batch.pk])).content.decode()
    assert "Import report" in page
    assert reverse("entregent:person", args=[helene.pk]) in page
    assert not (Path(imports.pending_folder(batch))).exists()


def test_a_linkedin_zip_upload(owner, owner_client, tmp_path):
    upload(owner_client, linkedin_zip(tmp_path))
    batch = ImportBatch.objects.get()
    assert batch.format == "linkedin"
    owner_client.post(reverse("entregent:import-confirm", args=[batch.pk]))
    assert Person.objects.owned_by(owner).count() == 11
    page = owner_client.get(reverse("entregent:import", args=[batch.pk])).content.decode()
    assert "Conseil Bernard" in page  # the owner's own positions


def test_cancel_removes_the_preview(owner, owner_client):
    upload(owner_client, card_file())
    batch = ImportBatch.objects.get()
    folder = imports.pending_folder(batch)
    assert folder.exists()
    response = owner_client.post(reverse("entregent:import-cancel", args=[batch.pk]))
    assert response.status_code == 302
    assert not ImportBatch.objects.exists()
    assert not folder.exists()
    assert not Person.objects.exists()


def test_undo_from_the_report(owner, owner_client):
    upload(owner_client, card_file())
    batch = ImportBatch.objects.get()
    owner_client.post(reverse("entregent:import-confirm", args=[batch.pk]))
    response = owner_client.post(reverse("entregent:import-undo", args=[batch.pk]), follow=True)
    assert response.status_code == 200
    assert not Person.objects.exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert "Import undone" in response.content.decode()


def test_bad_input_gets_a_clear_message_naming_the_file(owner_client):
    response = upload(owner_client, SimpleUploadedFile("holiday.jpg", b"\xff\xd8\xff\xe0 photo"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "holiday.jpg" in text
    assert "cannot tell what this file holds" in text
    assert not ImportBatch.objects.exists()


def test_a_bad_line_is_named_in_the_preview(owner_client):
    bad = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Anna,Schmidt,,,Siemens,Engineer,31 Foo 2020\n"
    )
    upload(owner_client, SimpleUploadedFile("Connections.csv", bad))
    batch = ImportBatch.objects.get()
    page = owner_client.get(reverse("entregent:import", args=[batch.pk])).content.decode()
    assert "<strong>Connections.csv, line 2</strong>" in page
    assert "31 Foo 2020" in page


def test_no_file_chosen(owner_client):
    response = upload(owner_client)
    assert response.status_code == 400
    assert "Choose at least one file" in response.content.decode()


def test_a_stranger_gets_404_on_another_owners_batch(owner, stranger_client, tmp_path):
    path = tmp_path / "c.vcf"
    path.write_text(CARD)
    batch = imports.import_files(owner, [path])
    for name in ("import", "import-confirm", "import-cancel", "import-undo"):
        url = reverse(f"entregent:{name}", args=[batch.pk])
        method = stranger_client.get if name == "import" else stranger_client.post
        assert method(url).status_code == 404
    assert Person.objects.owned_by(owner).count() == 1
    listing = stranger_client.get(reverse("entregent:imports")).content.decode()
    assert reverse("entregent:import", args=[batch.pk]) not in listing


def test_the_list_shows_my_batches(owner, owner_client, tmp_path):
    path = tmp_path / "c.vcf"
    path.write_text(CARD)
    batch = imports.import_files(owner, [path])
    page = owner_client.get(reverse("entregent:imports")).content.decode()
    assert reverse("entregent:import", args=[batch.pk]) in page
    assert "c.vcf" in page


def test_the_nav_links_to_imports(owner_client):
    page = owner_client.get(reverse("entregent:home")).content.decode()
    assert reverse("entregent:imports") in page


def test_the_page_in_french(owner_client):
    response = owner_client.get(reverse("entregent:imports"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_merges_page_lists_and_merges(owner, owner_client):
    keep = create_person(
        owner, PersonData(first_name="Jean", last_name="Dupont", organization="Acme")
    )
    other = create_person(
        owner,
        PersonData(first_name="J.", last_name="Dupont", organization="Acme", emails=["j@acme.fr"]),
    )
    page = owner_client.get(reverse("entregent:merges")).content.decode()
    assert f'data-testid="merge-{keep.pk}-{other.pk}"' in page
    response = owner_client.post(
        reverse("entregent:merges"), {"keep": keep.pk, "other": other.pk, "action": "merge"}
    )
    assert response.status_code == 302
    assert list(Person.objects.owned_by(owner)) == [keep]
    assert keep.emails.get().address == "j@acme.fr"


def test_merges_can_be_dismissed(owner, owner_client):
    keep = create_person(
        owner, PersonData(first_name="Jean", last_name="Dupont", organization="Acme")
    )
    other = create_person(
        owner, PersonData(first_name="J.", last_name="Dupont", organization="Acme")
    )
    owner_client.post(
        reverse("entregent:merges"), {"keep": keep.pk, "other": other.pk, "action": "dismiss"}
    )
    assert Person.objects.owned_by(owner).count() == 2
    page = owner_client.get(reverse("entregent:merges")).content.decode()
    assert 'data-testid="no-duplicates"' in page


def test_a_stranger_cannot_merge_my_people(owner, stranger_client):
    keep = create_person(owner, PersonData(first_name="Jean"))
    other = create_person(owner, PersonData(first_name="Marc"))
    response = stranger_client.post(
        reverse("entregent:merges"), {"keep": keep.pk, "other": other.pk}
    )
    assert response.status_code == 404
    assert Person.objects.owned_by(owner).count() == 2
