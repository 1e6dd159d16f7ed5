"""The import pages' live progress: the upload and the confirmation, asked for by the page's
script, stream their progress as JSON lines and end with where to go (or the errors); the
preview still lands nothing, the confirmation lands whole or not at all, even when the
browser goes away half-way; another account gets 404."""

from __future__ import annotations

import json
import logging
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from entregent.models import BatchStatus, ImportBatch, Person
from entregent.services import imports
from entregent.web import streaming
from entregent.web.views import imports as views

STREAM = {"HTTP_ACCEPT": streaming.NDJSON}


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def cards(count):
    text = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nom{index};Prénom{index}\r\n"
        f"EMAIL:p{index}@example.fr\r\nEND:VCARD\r\n"
        for index in range(count)
    )
    return SimpleUploadedFile("contacts.vcf", text.encode(), content_type="text/vcard")


def upload(client, *files, **headers):
    return client.post(reverse("entregent:import-upload"), {"files": list(files)}, **headers)


def confirm(client, batch, **headers):
    return client.post(reverse("entregent:import-confirm", args=[batch.pk]), **headers)


def events(response):
    assert response["Content-Type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]


def stages(lines):
    return [line["stage"] for line in lines if "stage" in line]


def served(view, owner, *args, files=()):
    """A view's streamed answer as the server gets it, before anything of it is read."""
    data = {"files": list(files)} if files else {}
    request = RequestFactory().post("/", data, HTTP_ACCEPT=streaming.NDJSON)
    request.user = owner
    return view(request, *args)


def browser_goes_away(response):
    """What the server does when the browser goes away: it closes the response. (As the
    test client does, the test's own database connection is kept open meanwhile.)"""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_the_upload_streams_its_progress_then_leads_to_the_preview(owner, owner_client):
    response = upload(owner_client, cards(5), **STREAM)
    assert response.status_code == 200
    assert response.streaming
    assert response["X-Accel-Buffering"] == "no"
    lines = events(response)
    batch = ImportBatch.objects.get()
    assert stages(lines) == ["read", "write", "done"]
    assert lines[0] == {
        "stage": "read",
        "done": 0,
        "total": None,  # the records are not counted yet: the bar shows work going on
        "label": "Reading and matching: 0 records",
    }
    assert lines[1]["label"] == ("Working out what 5 records would change (nothing is written yet)")
    assert lines[-1] == {"url": reverse("entregent:import", args=[batch.pk])}
    # The preview as without a script: nothing written, the counts and files kept.
    assert batch.status == BatchStatus.PREVIEW
    assert batch.created == 5
    assert batch.report["records_read"] == 5
    assert imports.pending_folder(batch).is_dir()
    assert not Person.objects.exists()


def test_the_confirmation_streams_against_the_previews_count(owner, owner_client):
    upload(owner_client, cards(5))
    batch = ImportBatch.objects.get()
    lines = events(confirm(owner_client, batch, **STREAM))
    assert stages(lines) == ["read", "write", "done"]
    assert lines[0]["total"] == 5
    assert lines[0]["label"] == "Reading and matching: 0 of 5 records"
    assert lines[1]["label"] == "Writing 5 records"
    assert lines[2]["label"] == "Finishing"
    url = reverse("entregent:import", args=[batch.pk]) + "?imported=1"
    assert lines[-1] == {"url": url}
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert Person.objects.owned_by(owner).count() == 5
    page = owner_client.get(url).content.decode()
    assert "Imported. You can undo this import from this page." in page
    assert "Import report" in page


def test_the_progress_in_french(owner_client):
    lines = events(upload(owner_client, cards(1200), **STREAM, HTTP_ACCEPT_LANGUAGE="fr"))
    labels = [line["label"] for line in lines if "label" in line]
    assert labels[0] == "Lecture et rapprochement : 0 élément"
    assert "1\xa0200 éléments" in labels[-2]  # French digit grouping
    assert labels[-1] == "Finalisation"


def test_the_pages_hold_the_words_of_the_progress_in_french(owner_client):
    page = owner_client.get(reverse("entregent:imports"), HTTP_ACCEPT_LANGUAGE="fr")
    text = page.content.decode()
    assert 'data-progress="upload-progress"' in text
    assert 'data-label-upload="Envoi des fichiers"' in text
    assert "La connexion avec entregent a été perdue." in text


def test_unreadable_files_end_the_stream_with_the_file_named(owner_client):
    photo = SimpleUploadedFile("holiday.jpg", b"\xff\xd8\xff\xe0 photo")
    lines = events(upload(owner_client, photo, **STREAM))
    [line] = lines
    assert "holiday.jpg" in line["errors"][0]
    assert "cannot tell what this file holds" in line["errors"][0]
    assert not ImportBatch.objects.exists()


def test_an_invalid_form_answers_one_line_of_errors(owner_client):
    response = owner_client.post(
        reverse("entregent:import-upload"),
        {"files": [cards(1)], "format": "floppy"},
        **STREAM,
    )
    assert response.status_code == 400
    [line] = [json.loads(text) for text in response.content.splitlines()]
    assert "floppy" in line["errors"][0]
    assert not ImportBatch.objects.exists()


def test_files_gone_half_way_end_the_stream_and_land_nothing(owner, owner_client):
    upload(owner_client, cards(5))
    batch = ImportBatch.objects.get()
    content = iter(confirm(owner_client, batch, **STREAM).streaming_content)
    assert json.loads(next(content))["stage"] == "read"
    # The import has started (inside its transaction); its file vanishes before it is read.
    shutil.rmtree(imports.pending_folder(batch))
    rest = [json.loads(line) for line in content]
    assert "The files could not be read" in rest[-1]["errors"][0]
    assert not any("url" in line for line in rest)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEW
    assert not Person.objects.exists()


def test_a_browser_gone_half_way_rolls_the_confirmation_back(owner, owner_client):
    upload(owner_client, cards(5))
    batch = ImportBatch.objects.get()
    response = served(views.import_confirm, owner, batch.pk)
    assert json.loads(next(iter(response.streaming_content)))["stage"] == "read"
    browser_goes_away(response)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEW
    assert not Person.objects.exists()
    # The preview is still there: confirming again imports everything.
    assert events(confirm(owner_client, batch, **STREAM))[-1]["url"]
    assert Person.objects.count() == 5


def test_a_browser_gone_during_the_preview_leaves_no_preview(owner):
    response = served(views.import_upload, owner, files=[cards(5)])
    batch = ImportBatch.objects.get()
    assert json.loads(next(iter(response.streaming_content)))["stage"] == "read"
    browser_goes_away(response)
    assert not ImportBatch.objects.exists()
    assert not imports.pending_folder(batch).exists()


def test_a_stranger_gets_404_and_no_stream(owner, owner_client, stranger_client):
    upload(owner_client, cards(1))
    batch = ImportBatch.objects.get()
    response = confirm(stranger_client, batch, **STREAM)
    assert response.status_code == 404
    assert not response.streaming
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEW


def test_confirming_twice_streams_the_refusal(owner_client):
    upload(owner_client, cards(1))
    batch = ImportBatch.objects.get()
    confirm(owner_client, batch)
    [line] = events(confirm(owner_client, batch, **STREAM))
    assert line == {"errors": ["This import cannot do that in its present state."]}


def test_without_a_script_the_steps_still_redirect(owner, owner_client):
    response = upload(owner_client, cards(2))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("entregent:import", args=[batch.pk])
    page = owner_client.get(response["Location"]).content.decode()
    assert 'data-progress="confirm-progress"' in page
    assert 'id="confirm-progress"' in page
    response = confirm(owner_client, batch)
    assert response.status_code == 302
    assert Person.objects.count() == 2


# --- The stream itself ------------------------------------------------------------------------


def steps(count, *, fail=False):
    for done in range(count):
        yield ("read", done)
    if fail:
        raise RuntimeError("a bug")
    yield ("write", count)
    return "finished"


def streamed(work):
    response = streaming.response(
        work, describe=lambda stage, done: {}, finish=lambda result: f"/{result}/"
    )
    return [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]


def test_events_are_throttled_but_every_stage_is_told(db):
    lines = streamed(steps(5000))
    # Five thousand steps in a few milliseconds: the first of each stage, then the address.
    assert lines == [
        {"stage": "read", "done": 0, "total": None},
        {"stage": "write", "done": 5000, "total": None},
        {"url": "/finished/"},
    ]


def test_an_unexpected_error_ends_the_stream_with_a_message(db, caplog):
    with caplog.at_level(logging.ERROR, logger="entregent.web.streaming"):
        lines = streamed(steps(3, fail=True))
    assert lines[-1] == {"errors": ["Something went wrong and nothing was written. Try again."]}
    assert "a bug" in caplog.text
