"""Signing in (password or one-time link), signing out, and choosing the language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from entregent.services import accounts
from entregent.web.forms import LoginForm

password_login = LoginView.as_view(
    template_name="entregent/auth/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = LogoutView.as_view()


@login_not_required
@never_cache
@require_GET
def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """Sign in with a one-time link (printed by `entregent serve` and `entregent login-link`)."""
    user = accounts.redeem_login_link(token)
    if user is None or not user.is_active:
        return render(request, "entregent/auth/link_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Signed in as %(name)s.") % {"name": user.get_username()})
    return redirect("entregent:home")


@login_not_required
@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie, safe redirect), remembered in the profile when signed in.

    Django's own view sits behind the login under our middleware; this one also serves the
    login page.
    """
    code = request.POST.get("language", "")
    response = set_language(request)
    if request.user.is_authenticated and code in dict(settings.LANGUAGES):
        accounts.update_preferences(request.user, language=code)
    return response
