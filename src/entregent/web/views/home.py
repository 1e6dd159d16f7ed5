"""Home: the welcome page of an empty network, or the dashboard with this week's plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entregent import queries
from entregent.web import contexts
from entregent.web.forms import InteractionForm
from entregent.web.views import plan as plan_views


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not queries.has_people(request.user):
        return render(request, "entregent/home/welcome.html")
    owner = request.user
    # The dashboard without the count of every interaction: 70 ms for 2 million rows, more
    # than the week's whole plan.
    context = {
        "people_count": queries.people_count(owner),
        "top_list": list(queries.top_list(owner)),
        "recent": contexts.with_labels(queries.recent_interactions(owner)),
        "log_form": InteractionForm(owner),
        **plan_views.plan_context(owner),
    }
    return render(request, "entregent/home/dashboard.html", context)


@require_POST
def demo(request: HttpRequest) -> HttpResponse:
    """Fill an empty network with a demo one, to explore the app before importing."""
    if queries.has_people(request.user):
        messages.info(request, _("Your network is not empty: the demo only fills an empty one."))
        return redirect("entregent:home")
    # Imported here: building a demo network is rare and pulls in its own data.
    from entregent.services.demo import build_demo

    try:
        build_demo(request.user, people=300, seed=None)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("entregent:home")
    messages.success(request, _("Your demo network is ready. Have a look around."))
    return redirect("entregent:home")
