"""Imports on the web: upload, preview, confirm (or cancel), the report, undo; merges.

Uploading writes nothing to the network: the files are kept and imported in a rolled-back
transaction, so the preview shows exactly what confirming will do. Each step is a POST
followed by a redirect; the pages work without JavaScript. With it, the upload and the
confirmation stream their progress instead (`web.streaming`), then the page goes where the
redirect would have gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entregent.models import BatchStatus, ImportBatch, Person
from entregent.services import duplicates
from entregent.services import import_report as wording
from entregent.services import imports as import_service
from entregent.services.import_undo import undo_batch
from entregent.services.merge import merge_people
from entregent.web import streaming
from entregent.web.access import get_owned_or_404

SHOWN = 200
MERGES_SHOWN = 100


class UploadForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        required=False,
        choices=[
            ("", gettext_lazy("Detect it")),
            ("vcard", gettext_lazy("vCard (.vcf)")),
            ("linkedin", gettext_lazy("LinkedIn data export")),
            ("csv", gettext_lazy("Address book CSV (Google, Outlook, Thunderbird)")),
            ("ics", gettext_lazy("Calendar (.ics)")),
            ("mailbox", gettext_lazy("Mailbox (mbox, Maildir, .eml)")),
        ],
    )
    mapping = forms.CharField(
        label=gettext_lazy("CSV columns"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy(
            "Only for another CSV table: first_name=Prénom,last_name=Nom,emails=Courriel"
        ),
    )


def _page(
    request: HttpRequest, form: UploadForm, errors: list[str], status: int = 200
) -> HttpResponse:
    batches = ImportBatch.objects.owned_by(request.user).order_by("-created_at", "-id")[:50]
    context = {"form": form, "errors": errors, "batches": batches}
    return render(request, "entregent/imports/list.html", context, status=status)


@require_GET
def imports_page(request: HttpRequest) -> HttpResponse:
    return _page(request, UploadForm(), [])


@require_POST
def import_upload(request: HttpRequest) -> HttpResponseBase:
    form = UploadForm(request.POST)
    uploads = [(item.name or "upload", item.chunks()) for item in request.FILES.getlist("files")]
    streamed = streaming.wanted(request)
    if not form.is_valid():
        if streamed:
            return streaming.failure([str(e) for errors in form.errors.values() for e in errors])
        return _page(request, form, [], status=400)
    try:
        batch = import_service.keep_upload(
            request.user,
            uploads,
            forced_format=form.cleaned_data["format"] or None,
            mapping=form.cleaned_data["mapping"],
        )
        steps = import_service.preview_steps(request.user, batch)
        if streamed:
            describe = _describer(total=None, preview=True)
            return streaming.response(steps, describe=describe, finish=_report_url)
        import_service.drain(steps)
    except ValidationError as exc:
        if streamed:
            return streaming.failure(list(exc.messages))
        return _page(request, form, list(exc.messages), status=400)
    return redirect("entregent:import", pk=batch.pk)


def _report_url(batch: ImportBatch) -> str:
    return reverse("entregent:import", args=[batch.pk])


def _describer(*, total: int | None, preview: bool) -> Callable[[str, int], dict[str, Any]]:
    """What the page shows of an import's step: its stage in words, with the counts.

    Reading has a total when the preview counted the records; the other stages have none
    (the bar then shows work going on).
    """

    def describe(stage: str, done: int) -> dict[str, Any]:
        count = {"done": number_format(done, force_grouping=True)}
        if stage == "read" and total:
            count["total"] = number_format(total, force_grouping=True)
            text = ngettext(
                "Reading and matching: %(done)s of %(total)s record",
                "Reading and matching: %(done)s of %(total)s records",
                total,
            )
            return {"label": text % count, "total": total}
        if stage == "read":
            text = ngettext(
                "Reading and matching: %(done)s record",
                "Reading and matching: %(done)s records",
                done,
            )
        elif stage == "write" and preview:
            text = ngettext(
                "Working out what %(done)s record would change (nothing is written yet)",
                "Working out what %(done)s records would change (nothing is written yet)",
                done,
            )
        elif stage == "write":
            text = ngettext("Writing %(done)s record", "Writing %(done)s records", done)
        else:
            text = _("Finishing")
        return {"label": text % count}

    return describe


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_owned_or_404(ImportBatch, request.user, pk)
    if request.GET.get("imported") and batch.status == BatchStatus.DONE:
        # Where the confirmation's progress stream leads: the message of the plain redirect.
        messages.success(request, _("Imported. You can undo this import from this page."))
    return render(request, "entregent/imports/report.html", report_context(request.user, batch))


def report_context(owner: Any, batch: ImportBatch) -> dict[str, Any]:
    """The report in the reader's language, with links to the people who still exist."""
    report = batch.report or {}
    people = _people(owner, batch, report)
    counts = {name: len(report.get(name, [])) for name in _ENTRIES}
    return {
        "batch": batch,
        "files": report.get("files", []),
        "ignored_files": report.get("ignored_files", []),
        "summary": wording.summary_lines(report),
        "sections": [
            (name, _TITLES[name], counts[name], _described(report, name, describe))
            for name, describe in (
                ("skipped", wording.describe_skip),
                ("conflicts", _conflict),
                ("notices", wording.describe_notice),
            )
        ],
        "records": [
            (name, _TITLES[name], counts[name], _records(report, name, people))
            for name in ("created", "updated", "merged")
        ],
        "positions": report.get("positions", []),
        "suggestions": [
            (people[low], people[high])
            for low, high in report.get("suggestions", [])
            if low in people and high in people
        ],
        "shown": SHOWN,
    }


_ENTRIES = ("skipped", "conflicts", "notices", "created", "updated", "merged")
_TITLES = {
    "skipped": pgettext_lazy("import", "Skipped"),
    "conflicts": gettext_lazy("Conflicts: your value was kept"),
    "notices": gettext_lazy("Notices"),
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Updated: new facts for people already in your network"),
    "merged": gettext_lazy("Merged: duplicates within the files"),
}


def _people(owner: Any, batch: ImportBatch, report: dict[str, Any]) -> dict[int, Person]:
    """The people the report names who still exist (none for a preview)."""
    if batch.status != BatchStatus.DONE:
        return {}
    ids = {
        entry["id"]
        for name in ("created", "updated", "merged")
        for entry in report.get(name, [])[:SHOWN]
        if entry.get("kind") == "people"
    }
    ids |= {pk for pair in report.get("suggestions", []) for pk in pair}
    return Person.objects.owned_by(owner).in_bulk(list(ids))


def _records(report: dict[str, Any], name: str, people: dict[int, Person]) -> list[dict[str, Any]]:
    return [
        {
            "where": wording.describe_where(entry.get("where", {})),
            "label": entry.get("label", ""),
            "kind": wording.kind_label(entry.get("kind", "")),
            "person": people.get(entry.get("id", 0)) if entry.get("kind") == "people" else None,
        }
        for entry in report.get(name, [])[:SHOWN]
    ]


def _described(report: dict[str, Any], name: str, describe: Any) -> list[dict[str, str]]:
    return [
        {"where": wording.describe_where(entry.get("where", {})), "text": describe(entry)}
        for entry in report.get(name, [])[:SHOWN]
    ]


def _conflict(entry: dict[str, Any]) -> str:
    return f"{entry.get('label', '')}: {wording.describe_conflict(entry)}"


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponseBase:
    batch = get_owned_or_404(ImportBatch, request.user, pk)
    steps = import_service.confirm_steps(request.user, batch)
    if streaming.wanted(request):
        total = batch.report.get("records_read") or None
        return streaming.response(
            steps,
            describe=_describer(total=total, preview=False),
            finish=lambda done: f"{_report_url(done)}?imported=1",
        )
    try:
        import_service.drain(steps)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("entregent:import", pk=pk)
    messages.success(request, _("Imported. You can undo this import from this page."))
    return redirect("entregent:import", pk=pk)


@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_owned_or_404(ImportBatch, request.user, pk)
    try:
        import_service.discard_preview(request.user, batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("entregent:import", pk=pk)
    messages.success(request, _("Import cancelled: nothing was written."))
    return redirect("entregent:imports")


@require_POST
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_owned_or_404(ImportBatch, request.user, pk)
    try:
        result = undo_batch(request.user, batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Import undone: %(removed)s people removed, %(restored)s restored.")
            % {"removed": result.removed_people, "restored": result.restored_people},
        )
    return redirect("entregent:import", pk=pk)


# --- Merges ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def merges(request: HttpRequest) -> HttpResponse:
    """Likely duplicates (GET); merging or dismissing a pair (POST, then back here)."""
    owner = request.user
    if request.method == "POST":
        keep = _owned_person(owner, request.POST.get("keep"))
        other = _owned_person(owner, request.POST.get("other"))
        if request.POST.get("action") == "dismiss":
            duplicates.dismiss_suggestion(owner, keep.pk, other.pk)
            messages.success(request, _("Noted: they are two different people."))
        else:
            try:
                result = merge_people(owner, keep, other)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("Merged into %(name)s.") % {"name": result.person.full_name}
                )
        return redirect("entregent:merges")
    found = duplicates.merge_suggestions(owner, limit=MERGES_SHOWN)
    people = (
        Person.objects.owned_by(owner)
        .prefetch_related("emails")
        .in_bulk([pk for s in found for pk in (s.keep_id, s.other_id)])
    )
    pairs = [(people[s.keep_id], people[s.other_id], s.organization) for s in found]
    return render(request, "entregent/imports/merges.html", {"pairs": pairs})


def _owned_person(owner: Any, pk: Any) -> Person:
    try:
        return get_owned_or_404(Person, owner, pk)
    except (TypeError, ValueError):
        raise Http404 from None
