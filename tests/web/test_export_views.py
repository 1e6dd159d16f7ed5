"""The Export page and its downloads; one person's export and erasure from their page."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from entregent import models
from entregent.io.vcard import Card, read_vcards


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_export_page_links_every_download(owner_client, helene, meeting):
    response = owner_client.get(reverse("entregent:export"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("export-vcard", "export-backup"):
        assert reverse(f"entregent:{name}") in page
    assert reverse("entregent:export-csv", args=["people"]) in page
    assert reverse("entregent:export-csv", args=["interactions"]) in page
    assert 'data-testid="download-vcard4"' in page


def test_export_page_in_french(owner_client, helene):
    try:
        response = owner_client.get(reverse("entregent:export"), HTTP_ACCEPT_LANGUAGE="fr")
    finally:
        translation.deactivate()  # the request leaves French on for this thread
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def test_nav_and_person_page_offer_the_buttons(owner_client, helene):
    page = owner_client.get(reverse("entregent:person", args=[helene.pk])).content.decode()
    assert reverse("entregent:export") in page
    assert reverse("entregent:person-export", args=[helene.pk]) in page
    assert reverse("entregent:person-erase", args=[helene.pk]) in page


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_download(owner_client, helene, marc, version):
    response = owner_client.get(reverse("entregent:export-vcard"), {"version": version})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'-vcard{version[0]}.vcf"')
    cards = [c for c in read_vcards(content(response)) if isinstance(c, Card)]
    assert sorted(card.first_name for card in cards) == ["Hélène", "Marc"]
    assert all(card.version == version for card in cards)


def test_vcard_download_refuses_other_versions(owner_client):
    response = owner_client.get(reverse("entregent:export-vcard"), {"version": "2.1"})
    assert response.status_code == 404


def test_csv_downloads(owner_client, helene, meeting):
    people = owner_client.get(reverse("entregent:export-csv", args=["people"]))
    assert people["Content-Type"] == "text/csv; charset=utf-8"
    text = content(people).decode("utf-8")
    assert text.startswith("\ufeffid,")
    assert "Hélène" in text
    interactions = content(
        owner_client.get(reverse("entregent:export-csv", args=["interactions"]))
    ).decode()
    assert "Lunch at the club" in interactions
    missing = owner_client.get(reverse("entregent:export-csv", args=["secrets"]))
    assert missing.status_code == 404


def test_backup_download(owner_client, helene):
    response = owner_client.get(reverse("entregent:export-backup"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(content(response))) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["owner"]["username"] == "owner"
    assert manifest["counts"]["person"] == 1


def test_downloads_hold_only_the_owners_data(stranger_client, helene, meeting):
    cards = content(stranger_client.get(reverse("entregent:export-vcard")))
    assert b"BEGIN:VCARD" not in cards
    people = content(stranger_client.get(reverse("entregent:export-csv", args=["people"])))
    assert "Hélène".encode() not in people


def test_person_export_is_a_json_download(owner_client, helene, meeting):
    response = owner_client.get(reverse("entregent:person-export", args=[helene.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert f'entregent-person-{helene.pk}.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["first_name"] == "Hélène"
    assert data["interactions"][0]["summary"] == "Lunch at the club"


def test_erase_asks_first_then_erases_on_post(owner_client, helene, marc, meeting):
    url = reverse("entregent:person-erase", args=[helene.pk])
    page = owner_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="confirm-erase"' in text
    assert "with others, kept without this person" in text
    assert models.Person.objects.filter(pk=helene.pk).exists()

    response = owner_client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:people")
    assert not models.Person.objects.filter(pk=helene.pk).exists()
    assert list(meeting.participants.all()) == [marc]
    followed = owner_client.get(response["Location"]).content.decode()
    assert "was erased from your network" in followed


@pytest.mark.parametrize("name", ["person-export", "person-erase"])
def test_a_stranger_gets_404(stranger_client, helene, name):
    url = reverse(f"entregent:{name}", args=[helene.pk])
    assert stranger_client.get(url).status_code == 404
    assert stranger_client.post(url).status_code in (404, 405)
    assert models.Person.objects.filter(pk=helene.pk).exists()


def test_a_missing_person_is_404(owner_client):
    assert owner_client.get(reverse("entregent:person-export", args=[999999])).status_code == 404
    assert owner_client.post(reverse("entregent:person-erase", args=[999999])).status_code == 404


def test_downloads_need_a_login(client, helene):
    for url in (
        reverse("entregent:export"),
        reverse("entregent:export-vcard"),
        reverse("entregent:export-backup"),
        reverse("entregent:person-export", args=[helene.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("entregent:login") in response["Location"]
