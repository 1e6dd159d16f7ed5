"""An import in a real browser: upload a file of a few thousand cards, watch the progress bar,
land on the preview; confirm, watch it again, land on the report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from entregent.models import BatchStatus, ImportBatch, Person
from entregent.services import accounts
from tests.e2e.test_journeys import log_in_with_printed_link

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CARDS = 2500

# Notes every text the progress box shows, and what the page shows at each repaint: the
# text with its bar's position (-1: work going on). In the tab's sessionStorage, which
# outlives the navigation at the end of the import.
WATCH_PROGRESS = """
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-progress-label]").forEach((label) => {
    const bar = label.parentElement.querySelector("progress");
    new MutationObserver((records) => {
      const seen = JSON.parse(sessionStorage.getItem("progress") || "[]");
      records.forEach((record) => {
        record.addedNodes.forEach((node) => seen.push({text: node.textContent}));
      });
      seen.push({text: label.textContent, position: bar.position});
      sessionStorage.setItem("progress", JSON.stringify(seen));
    }).observe(label, {childList: true});
  });
});
"""


@pytest.fixture
def owner(transactional_db, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return accounts.create_account("owner", email="owner@example.org")


def vcards(count: int) -> bytes:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nom{index};Prénom{index}\r\n"
        f"EMAIL:p{index}@example.fr\r\nEND:VCARD\r\n"
        for index in range(count)
    ).encode()


def progress_seen(page) -> list[dict]:
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('progress') || '[]')")
    page.evaluate("sessionStorage.removeItem('progress')")
    return seen


def test_an_import_shows_its_progress_then_the_preview_then_the_report(page, owner):
    page.add_init_script(WATCH_PROGRESS)
    log_in_with_printed_link(page, owner)
    page.goto("/imports/")
    page.get_by_test_id("import-files").set_input_files(
        {"name": "contacts.vcf", "mimeType": "text/vcard", "buffer": vcards(CARDS)}
    )
    page.get_by_test_id("import-preview").click()
    expect(page.get_by_role("heading", name="What this import will do")).to_be_visible()
    batch = ImportBatch.objects.get()
    assert page.url.endswith(f"/imports/{batch.pk}/")
    texts = [step["text"] for step in progress_seen(page)]
    assert "Reading and matching: 0 records" in texts
    assert "Working out what 2,500 records would change (nothing is written yet)" in texts
    assert not Person.objects.exists()

    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_role("heading", name="Import report")).to_be_visible()
    expect(page.get_by_text("Imported. You can undo this import from this page.")).to_be_visible()
    seen = progress_seen(page)
    reading = [
        step
        for step in seen
        if step["text"].startswith("Reading and matching") and "position" in step
    ]
    # Reading against the preview's count: a bar that fills, not one that only moves.
    assert reading
    assert all(
        re.fullmatch(r"Reading and matching: [\d,]+ of 2,500 records", s["text"]) for s in reading
    )
    assert all(0 <= step["position"] <= 1 for step in reading)
    assert "Writing 2,500 records" in [step["text"] for step in seen]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert Person.objects.owned_by(owner).count() == CARDS


def test_an_import_that_fails_says_why_on_the_page(page, owner):
    log_in_with_printed_link(page, owner)
    page.goto("/imports/")
    page.get_by_test_id("import-files").set_input_files(
        {"name": "holiday.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 photo"}
    )
    page.get_by_test_id("import-preview").click()
    errors = page.get_by_test_id("import-progress-errors")
    expect(errors).to_contain_text("holiday.jpg: cannot tell what this file holds")
    assert page.url.endswith("/imports/")
    expect(page.get_by_test_id("import-preview")).to_be_enabled()  # free to try another file
    assert not ImportBatch.objects.exists()
