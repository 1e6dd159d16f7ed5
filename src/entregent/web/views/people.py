"""People: the list (search and filters), a person's page, adding, editing, archiving."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entregent import queries
from entregent.models import Person
from entregent.services import people as people_service
from entregent.services.people import PersonData
from entregent.web import contexts, htmx, scores_context
from entregent.web.access import get_owned_or_404, person_or_404
from entregent.web.forms import PeopleFilterForm, show_service_errors
from entregent.web.person_form import PersonForm, sector_choices

PAGE_SIZE = 50


@htmx.vary_on_htmx
@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    """50 people a page; the search box and filters swap only the results with htmx.

    No exact count of a text search: one row more than a page tells whether a next page
    exists. The total is shown on the last page (known for free) and for unfiltered lists
    (counted on an index).
    """
    owner = request.user
    form = PeopleFilterForm(request.GET)
    filters = form.to_filter()
    organization = None
    if filters.organization_id:
        organization = queries.organizations(owner).filter(pk=filters.organization_id).first()
        if organization is None:
            filters = dataclasses.replace(filters, organization_id=None)
    start = (form.page_number - 1) * PAGE_SIZE
    page = list(queries.people_listing(owner, filters)[start : start + PAGE_SIZE + 1])
    unfiltered = not (filters.query or filters.circle_id or filters.sector_code or organization)
    context: dict[str, Any] = {
        "form": form,
        "filters": filters,
        "organization": organization,
        "people": page[:PAGE_SIZE],
        "page_number": form.page_number,
        "first_index": start + 1,
        "last_index": start + len(page[:PAGE_SIZE]),
        "has_next": len(page) > PAGE_SIZE,
        "total": _total(owner, filters, page, start=start, unfiltered=unfiltered),
    }
    if not htmx.wants_fragment(request):
        context["circles"] = list(queries.circles(owner))
        context["sector_groups"] = sector_choices()
    return htmx.render_page_or_fragment(request, "entregent/people/list.html", "results", context)


def _total(
    owner: Any, filters: queries.PeopleFilter, page: list[Person], *, start: int, unfiltered: bool
) -> int | None:
    """How many people the list holds when that costs little; None when it would not."""
    if page and len(page) <= PAGE_SIZE:
        return start + len(page)  # the last page: the total is known for free
    if unfiltered:
        return queries.people_count(owner, archived=filters.archived)
    return None


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_or_404(request.user, pk)
    try:
        length = int(request.GET.get("timeline", contexts.TIMELINE_LENGTH))
    except ValueError:
        length = contexts.TIMELINE_LENGTH
    context = contexts.person_page(request.user, person, timeline_length=length)
    context.update(scores_context.depth_context(request.user, person))
    return render(request, "entregent/people/detail.html", context)


@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = people_service.create_person(request.user, form.person_data())
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is in your network.") % {"name": person})
            return redirect("entregent:person", pk=person.pk)
    return render(request, "entregent/people/form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_or_404(request.user, pk)
    initial = PersonForm.initial_from(PersonData.from_person(person))
    form = PersonForm(
        request.user, request.POST or None, initial=initial, introducer=person.introduced_by
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_service.update_person(request.user, person, form.person_data())
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("entregent:person", pk=person.pk)
    return render(request, "entregent/people/form.html", {"form": form, "person": person})


@require_POST
def person_archive(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_owned_or_404(Person, request.user, pk)
    archived = request.POST.get("archived") == "1"
    people_service.set_archived(request.user, person, archived=archived)
    if archived:
        messages.success(request, _("%(name)s is archived.") % {"name": person})
    else:
        messages.success(request, _("%(name)s is back in your network.") % {"name": person})
    return redirect("entregent:person", pk=person.pk)
