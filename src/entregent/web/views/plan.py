"""The week's plan on the home page, and what the owner decides about each action.

Every decision is a POST followed by a redirect home; with htmx the response is the plan
again (the decided action gone) and the messages, swapped in place. "Log it" opens the
interaction form prefilled with the action's person; logging marks the action done.

A key is only ever acted on when it names something of the signed-in owner's network:
anything else answers 404, like a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from entregent.engines.agenda import Kind
from entregent.models import Direction, InteractionKind, Person
from entregent.services import plan
from entregent.services.plan_text import kind_label
from entregent.web import htmx
from entregent.web.forms import InteractionForm, show_service_errors

PLAN = "entregent/plan/_plan.html"
RESPONSE = "entregent/plan/_response.html"
LOG = "entregent/plan/log.html"
DECISIONS = {"done": "done", "snooze": "snoozed", "dismiss": "dismissed"}
_SLOT = re.compile(r"^[a-z]+-\d{1,4}$")


@dataclass(frozen=True)
class Row:
    """A plan item as the page shows it: its kind's label, a slot id on the page, links."""

    item: plan.PlanItem
    label: str
    slot: str
    overdue: bool
    decide_url: str
    log_url: str


def _rows(items: list[plan.PlanItem], section: str, today: dt.date) -> list[Row]:
    labels = {kind.value: kind_label(kind) for kind in Kind}
    rows = []
    for index, item in enumerate(items, start=1):
        slot = f"{section}-{index}"
        log_url = ""
        if item.person_id is not None:
            log_url = reverse("entregent:plan-log", args=[item.key]) + f"?slot={slot}"
        rows.append(
            Row(
                item=item,
                label=labels[item.kind],
                slot=slot,
                overdue=item.due_on < today,
                decide_url=reverse("entregent:plan-decide", args=[item.key]),
                log_url=log_url,
            )
        )
    return rows


HOME_OVERFLOW = 10  # the overflow's most valuable items on the home page; the rest counted


def plan_context(owner: Any) -> dict[str, Any]:
    """What the plan's part of the home page shows."""
    week = plan.week_plan(owner, overflow_limit=HOME_OVERFLOW)
    today = week.as_of or week.week_start
    later = _rows(week.this_week, "week", today)
    days = [
        (day, list(rows))
        for day, rows in groupby(later, key=lambda row: row.item.planned_on or today)
    ]
    return {
        "plan": week,
        "plan_today": _rows(week.today, "today", today),
        "plan_days": days,
        "plan_overflow": _rows(week.overflow, "later", today),
        "plan_hidden": week.overflow_count - len(week.overflow),
        "plan_left": max(0, week.budget_minutes - week.done_minutes - week.planned_minutes),
    }


def _plan_response(request: HttpRequest) -> HttpResponse:
    if htmx.wants_fragment(request):
        return render(request, RESPONSE, plan_context(request.user))
    return redirect(reverse("entregent:home") + "#plan")


def _check(owner: Any, key: str) -> Person | None:
    """The person an action concerns; 404 when the key names nothing of the owner's."""
    try:
        _found, person = plan.target(owner, key)
    except (plan.UnknownAction, ValidationError):
        raise Http404 from None
    return person


@require_POST
def decide(request: HttpRequest, key: str) -> HttpResponse:
    """Done, snooze (a week) or dismiss: the `decision` sent with the form."""
    decision = request.POST.get("decision", "")
    _check(request.user, key)
    if decision not in DECISIONS:
        messages.error(request, _("Choose done, snooze or dismiss."))
        return _plan_response(request)
    plan.decide(request.user, key, DECISIONS[decision])
    notices = {
        "done": _("Done: well done."),
        "snooze": _("Snoozed for a week."),
        "dismiss": _("Dismissed."),
    }
    messages.success(request, notices[decision])
    return _plan_response(request)


def _slot(request: HttpRequest) -> str:
    slot = request.GET.get("slot") or request.POST.get("slot") or ""
    return slot if _SLOT.match(slot) else "page-0"


def _log_form(request: HttpRequest, person: Person, data: Any = None) -> InteractionForm:
    form = InteractionForm(request.user, data, person=person)
    form.auto_id = f"plan-log-{_slot(request)}-%s"
    if data is None:
        form.initial.update(kind=InteractionKind.MESSAGE, direction=Direction.OUTGOING)
    return form


@require_http_methods(["GET", "POST"])
@htmx.vary_on_htmx
def log(request: HttpRequest, key: str) -> HttpResponse:
    """The interaction form for one action's person; logging it marks the action done."""
    person = _check(request.user, key)
    if person is None:
        raise Http404
    inline = htmx.wants_fragment(request)
    context: dict[str, Any] = {
        "key": key,
        "person": person,
        "slot": _slot(request),
        "inline": inline,
    }
    if request.method == "GET":
        context["log_form"] = _log_form(request, person)
        return render(request, f"{LOG}#form" if inline else LOG, context)
    form = _log_form(request, person, request.POST)
    if form.is_valid():
        try:
            plan.log_and_decide(request.user, key, [person.pk], **form.service_arguments())
        except ValidationError as exc:
            show_service_errors(form, exc, {"event": None, "participants": None})
    if not form.is_valid():
        context["log_form"] = form
        if inline:
            target = f"#plan-log-{context['slot']}"
            return htmx.render_into(request, f"{LOG}#form", context, target=target)
        return render(request, LOG, context)
    messages.success(request, _("Logged, and marked done."))
    return _plan_response(request)
