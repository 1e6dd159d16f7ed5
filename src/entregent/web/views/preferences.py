"""The owner's settings: language, region, time budget, cadences, guard rails, digest, feed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entregent.services import accounts, mail
from entregent.web.forms import PreferencesForm, show_service_errors
from entregent.web.views.feed import feed_url


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    profile = accounts.profile_for(request.user)
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile = accounts.update_preferences(request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            # Said in the language just chosen, which the next page will be in.
            with translation.override(profile.language or translation.get_language()):
                messages.success(request, _("Settings saved."))
            return redirect("entregent:settings")
    context = {
        "form": form,
        "feed_url": feed_url(request),
        "mail_configured": mail.is_configured(),
        "next_digest_at": profile.next_digest_at if profile.digest_enabled else None,
    }
    return render(request, "entregent/settings/preferences.html", context)
