"""Your data out: the Export page and its downloads; one person's export and erasure.

Downloads stream: vCards and CSV are written a chunk of people at a time while the browser
receives them. A full backup is written to a temporary file first (a zip needs its table
of contents at the end), then sent.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import cast

from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from entregent import queries
from entregent.io import export_csv, export_vcard
from entregent.io.backup import write_backup
from entregent.models import Person
from entregent.services import privacy
from entregent.web.access import get_owned_or_404

VCARD_VERSIONS = ("3.0", "4.0")


def _stamp() -> str:
    return timezone.localdate().isoformat()


def _download(chunks: Iterable[bytes], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _encoded(lines: Iterable[str]) -> Iterator[bytes]:
    for line in lines:
        yield line.encode("utf-8")


@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    owner = request.user
    context = {
        "people_count": queries.people_count(owner),
        "archived_count": queries.people_count(owner, archived=True),
        "interactions_count": queries.interactions_count(owner),
    }
    return render(request, "entregent/export/index.html", context)


@require_GET
def vcard_download(request: HttpRequest) -> StreamingHttpResponse:
    version = request.GET.get("version", "3.0")
    if version not in VCARD_VERSIONS:
        raise Http404
    version = cast(export_vcard.Version, version)
    cards = export_vcard.iter_cards(
        request.user, version, include_archived=request.GET.get("archived") == "1"
    )
    return _download(
        (card.text.encode("utf-8") for card in cards),
        "text/vcard; charset=utf-8",
        f"entregent-{_stamp()}-vcard{version[0]}.vcf",
    )


@require_GET
def csv_download(request: HttpRequest, table: str) -> StreamingHttpResponse:
    if table == "people":
        lines = export_csv.people_csv(request.user)
    elif table == "interactions":
        lines = export_csv.interactions_csv(request.user)
    else:
        raise Http404
    return _download(
        _encoded(lines), "text/csv; charset=utf-8", f"entregent-{_stamp()}-{table}.csv"
    )


@require_GET
def backup_download(request: HttpRequest) -> FileResponse:
    # Not a `with` block: FileResponse closes the file (which deletes it) once it is sent.
    archive = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        write_backup(request.user, archive)
    except BaseException:
        archive.close()
        raise
    archive.seek(0)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"entregent-backup-{_stamp()}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_owned_or_404(Person, request.user, pk)
    data = privacy.export_person(request.user, person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="entregent-person-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what erasing removes, and a button; POST: erase, for good."""
    person = get_owned_or_404(Person, request.user, pk)
    if request.method == "POST":
        erased = privacy.erase_person(request.user, person)
        messages.success(
            request, _("%(name)s was erased from your network.") % {"name": erased.name}
        )
        return redirect("entregent:people")
    preview = privacy.erasure_preview(request.user, person)
    return render(
        request,
        "entregent/export/erase.html",
        {"person": person, "lines": privacy.describe_erasure(preview.counts)},
    )
