"""Week plans built by hand, to test what renders a plan (calendar feed, e-mail digest)
without going through the plan service; the integration tests go through the real one."""

from __future__ import annotations

import datetime as dt

from entregent.services.plan import PlanItem, WeekPlan

MONDAY = dt.date(2026, 3, 2)


def item(key: str, *, due_on: dt.date = MONDAY, **fields) -> PlanItem:
    values = {
        "key": key,
        "kind": "keep-in-touch",
        "person_id": None,
        "person_name": "Hélène Dupré",
        "title": f"Write to Hélène ({key})",
        "reason": "No news for 3 months",
        "due_on": due_on,
        "minutes": 10,
        "draft": "Bonjour Hélène,\ncomment vas-tu ?",
        "pinned": False,
    }
    values.update(fields)
    return PlanItem(**values)


def week(*, today=(), this_week=(), overflow=(), warnings=(), budget=120) -> WeekPlan:
    planned = sum(entry.minutes for entry in (*today, *this_week))
    return WeekPlan(
        week_start=MONDAY,
        budget_minutes=budget,
        planned_minutes=planned,
        today=list(today),
        this_week=list(this_week),
        overflow=list(overflow),
        warnings=list(warnings),
    )


def network_needing_upkeep(owner, *, today: dt.date | None = None):
    """Real facts the plan service turns into actions: a favour received from Hélène and not
    yet thanked (→ a "thank" item), and Marc, first of the top list, last met two months
    ago (→ a "keep-in-touch" item). Returns (hélène, marc)."""
    from django.utils import timezone

    from entregent.services import exchanges
    from entregent.services.people import PersonData, create_person

    today = today or timezone.localdate()
    helene = create_person(
        owner, PersonData(first_name="Hélène", last_name="Dupré", emails=["helene@example.fr"])
    )
    marc = create_person(owner, PersonData(first_name="Marc", last_name="Lefèvre", priority=1))
    exchanges.record_favor(
        owner,
        helene.pk,
        given=False,
        kind="introduction",
        occurred_on=today - dt.timedelta(days=2),
        description="Introduced me to the CFO of Acme",
    )
    met = dt.datetime.combine(today - dt.timedelta(days=60), dt.time(12), tzinfo=dt.UTC)
    exchanges.log_interaction(owner, [marc.pk], occurred_at=met, summary="Lunch")
    return helene, marc
