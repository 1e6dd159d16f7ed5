"""What happens between people: log an interaction, tie two people, give and receive.

Each action is a POST followed by a redirect to the page it came from. With htmx, the
response is the part of the page that changed instead, plus out-of-band swaps for the
form and the messages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entregent.models import Favor, Person, Tie
from entregent.services import exchanges
from entregent.web import contexts, htmx, scores_context
from entregent.web.access import get_owned_or_404, person_or_404
from entregent.web.forms import FavorForm, InteractionForm, TieForm, show_service_errors

LOG_FORM = "entregent/exchanges/_log_form.html"


def _back_to(person: Person | None, section: str) -> HttpResponse:
    if person is None:
        return redirect("entregent:home")
    return redirect(f"{reverse('entregent:person', args=[person.pk])}#{section}")


def _full_page(request: HttpRequest, person: Person | None, **forms: Any) -> HttpResponse:
    """The page the form came from, again, with the form showing its errors (no-JS path)."""
    if person is None:
        context = contexts.dashboard(request.user, **forms)
        return render(request, "entregent/home/dashboard.html", context)
    person = person_or_404(request.user, person.pk)
    return render(
        request, "entregent/people/detail.html", contexts.person_page(request.user, person, **forms)
    )


@require_POST
def interaction_new(request: HttpRequest) -> HttpResponse:
    """Log an interaction from a person's page (`for_person`) or from the dashboard."""
    owner = request.user
    person_id = request.POST.get("for_person") or None
    person = get_owned_or_404(Person, owner, person_id) if person_id else None
    form = InteractionForm(owner, request.POST)
    if form.is_valid():
        try:
            exchanges.log_interaction(
                owner, form.cleaned_data["participants"], **form.service_arguments()
            )
        except ValidationError as exc:
            show_service_errors(form, exc, {"event": None})
    if not form.is_valid():
        if htmx.wants_fragment(request):
            return htmx.render_into(request, LOG_FORM, {"log_form": form}, target="#log-form")
        return _full_page(request, person, log_form=form)
    messages.success(request, _("Interaction logged."))
    if not htmx.wants_fragment(request):
        return _back_to(person, "timeline")
    context: dict[str, Any] = {"log_form": InteractionForm(owner, person=person)}
    if person is not None:
        context.update(contexts.timeline_context(owner, person))
        context.update(scores_context.depth_context(owner, person))
    else:
        context.update(contexts.dashboard(owner, log_form=context["log_form"]))
    return render(request, "entregent/exchanges/_logged.html", context)


# A section of the person page that a form changes: (context builder, htmx fragment, the
# name of its form in the full page's context).
_SECTIONS: dict[str, tuple[Any, str, str]] = {
    "ties": (contexts.ties_context, "entregent/people/_ties_response.html", "tie_form"),
    "favors": (contexts.favors_context, "entregent/people/_favors_response.html", "favor_form"),
}


def _section_response(
    request: HttpRequest, person: Person, section: str, form: TieForm | FavorForm | None = None
) -> HttpResponse:
    """After a tie or favour form: the section's fragment for htmx, else the page again
    with the form's errors, else back to the section."""
    build, fragment, form_name = _SECTIONS[section]
    if htmx.wants_fragment(request):
        return render(request, fragment, build(request.user, person, form))
    if form is not None:
        return _full_page(request, person, **{form_name: form})
    return _back_to(person, section)


@require_POST
def tie_add(request: HttpRequest, pk: int) -> HttpResponse:
    owner = request.user
    person = get_owned_or_404(Person, owner, pk)
    form = TieForm(owner, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            exchanges.add_tie(
                owner,
                person.pk,
                data["other"][0],
                kind=data["kind"],
                strength=data["strength"],
                since=data["since"],
                note=data["note"],
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
    if not form.is_valid():
        return _section_response(request, person, "ties", form)
    messages.success(request, _("Tie saved."))
    return _section_response(request, person, "ties")


@require_POST
def tie_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a tie; the page shown after is the one of the person it was removed from."""
    tie = get_owned_or_404(Tie.objects.select_related("person_a", "person_b"), request.user, pk)
    from_id = request.POST.get("person", "")
    person = tie.person_b if from_id == str(tie.person_b_id) else tie.person_a
    exchanges.remove_tie(request.user, tie)
    messages.success(request, _("Tie removed."))
    return _section_response(request, person, "ties")


@require_POST
def favor_add(request: HttpRequest, pk: int) -> HttpResponse:
    owner = request.user
    person = get_owned_or_404(Person, owner, pk)
    form = FavorForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            exchanges.record_favor(
                owner,
                person.pk,
                given=data["direction"] == "given",
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                description=data["description"],
                amount=data["amount"],
            )
        except ValidationError as exc:
            show_service_errors(form, exc, {"thanked_on": "occurred_on"})
    if not form.is_valid():
        return _section_response(request, person, "favors", form)
    messages.success(request, _("Recorded."))
    return _section_response(request, person, "favors")


@require_POST
def favor_thanked(request: HttpRequest, pk: int) -> HttpResponse:
    favor = get_owned_or_404(Favor.objects.select_related("giver", "receiver"), request.user, pk)
    exchanges.mark_thanked(request.user, favor)
    messages.success(request, _("Marked as thanked."))
    return _section_response(request, favor.giver or favor.receiver, "favors")
