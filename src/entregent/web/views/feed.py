"""The plan's private calendar feed, and replacing its address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from entregent.services import feed


@login_not_required
@require_safe
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's plan as iCalendar. Calendar apps cannot sign in: the token is the secret."""
    owner = feed.owner_for_token(token)
    if owner is None:
        raise Http404
    body = feed.calendar_for(owner, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="entregent.ics"'
    # Private to whoever holds the link; never kept by a shared cache or indexed.
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def feed_url(request: HttpRequest) -> str:
    """The full address of the signed-in owner's feed, to paste into a calendar app."""
    return request.build_absolute_uri(
        reverse("entregent:feed", args=[feed.feed_token(request.user)])
    )


@require_POST
def rotate(request: HttpRequest) -> HttpResponse:
    feed.rotate_feed_token(request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address; the old one no longer works. "
            "Replace it in your calendar app."
        ),
    )
    return redirect(reverse("entregent:settings") + "#feed")
