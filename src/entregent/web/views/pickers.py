"""The htmx side of the people pickers: suggestions as you type, and a chosen person."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entregent import queries
from entregent.models import Person
from entregent.web.access import get_owned_or_404
from entregent.web.pickers import PICKERS, Picker, PickerSpec

SUGGESTIONS = 8


def _spec(key: str) -> PickerSpec:
    try:
        return PICKERS[key]
    except KeyError:
        raise Http404 from None


@require_GET
def suggestions(request: HttpRequest, key: str) -> HttpResponse:
    """People whose names match what was typed, as buttons that add them to the form."""
    spec = _spec(key)
    typed = request.GET.get(spec.text_name, "").strip()
    people = queries.find_people(request.user, typed, limit=SUGGESTIONS) if typed else []
    context = {"picker": Picker(spec), "suggestions": people, "typed": typed}
    return render(request, "entregent/_picker.html#suggestions", context)


@require_GET
def chosen(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """One chosen person (a ticked box), with the text input and suggestions cleared."""
    spec = _spec(key)
    person = get_owned_or_404(Person, request.user, pk)
    context = {"picker": Picker(spec), "person": person}
    return render(request, "entregent/_picker.html#chosen_response", context)
