"""The htmx protocol in one place, so that views stay short.

Every action is a real POST followed by a redirect; htmx only adds the partial swap. A page
that htmx may ask for in part renders its fragment (a template partial, "page.html#rows")
and varies on the HX-Request header so that caches never mix the two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

vary_on_htmx: Callable[[Any], Any] = vary_on_headers("HX-Request")


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx swap that expects a fragment; not a boosted link nor a history restore."""
    details = getattr(request, "htmx", None)
    if not details:
        return False
    return not details.boosted and not details.history_restore_request


def render_page_or_fragment(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only its `partial` when htmx asks for a piece of it."""
    name = f"{template}#{partial}" if wants_fragment(request) else template
    return render(request, name, context)


def render_into(
    request: HttpRequest, template: str, context: dict[str, Any], *, target: str
) -> HttpResponse:
    """A fragment swapped into `target` (a CSS selector) instead of the element's own target.

    Used to show a form again with its errors when success would have swapped something else.
    """
    response = render(request, template, context)
    return reswap(retarget(response, target), "outerHTML")
