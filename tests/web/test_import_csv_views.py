"""Uploading an address book's CSV export, and another table with its column mapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entregent.models import ImportBatch, Person

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures" / "csv"


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def upload(client, name, **fields):
    data = SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), content_type="text/csv")
    return client.post(reverse("entregent:import-upload"), {"files": [data], **fields})


def test_the_page_offers_a_mapping(owner_client):
    page = owner_client.get(reverse("entregent:imports")).content.decode()
    assert 'name="mapping"' in page


def test_a_mapped_table_is_previewed_then_imported(owner, owner_client):
    mapping = "first_name=Prénom,last_name=Nom,emails=Courriel"
    response = upload(owner_client, "custom.csv", mapping=mapping)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.format == "csv" and not Person.objects.owned_by(owner).exists()
    owner_client.post(reverse("entregent:import-confirm", args=[batch.pk]))
    assert Person.objects.owned_by(owner).get().emails.get().address == "ines@example.fr"


def test_an_outlook_export_is_detected(owner, owner_client):
    upload(owner_client, "outlook-fr.csv")
    batch = ImportBatch.objects.get()
    owner_client.post(reverse("entregent:import-confirm", args=[batch.pk]))
    assert Person.objects.owned_by(owner).filter(last_name="Noël").exists()


def test_an_unknown_table_asks_for_a_mapping(owner_client):
    response = upload(owner_client, "custom.csv")
    assert response.status_code == 400
    assert "mapping" in response.content.decode()
