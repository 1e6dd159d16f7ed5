"""This week's plan: the stable API that the home page, the command line, the calendar feed
and the e-mail digest use.

`week_plan` derives the plan from the facts each time (nothing of it is stored): it reads
them in a fixed number of owner-scoped queries (`plan_facts`), lets the agenda engine
propose and fit the week's actions, and words each one in the active language (titles,
reasons, warnings) with a personal message draft in the recipient's. `decide` stores what
the owner decided about one action (done, snoozed, dismissed), keyed by its stable key;
marking done what has a fact of its own (a favour thanked, news congratulated, a request
answered, a task done) records that fact too.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from entregent.engines import agenda, agenda_rules
from entregent.engines.scoring import Level
from entregent.models import (
    Decision,
    DecisionKind,
    Event,
    Favor,
    Interaction,
    Membership,
    News,
    Person,
    Request,
    RequestStatus,
    Role,
    TagKind,
    Task,
)
from entregent.services import (
    accounts,
    drafts,
    exchanges,
    plan_facts,
    plan_people,
    plan_text,
    scores,
)

OVERFLOW_SHOWN = 30  # the overflow's most valuable items, worded; the rest are counted
SNOOZE_DAYS = 7


@dataclass(frozen=True)
class PlanItem:
    key: str  # stable action key (also the iCalendar UID base)
    kind: str  # "follow-up", "thank", "congratulate", "answer-request", "birthday",
    # "keep-in-touch", "going-cold", "reciprocate", "revive", "prepare-event", "membership", "task"
    person_id: int | None
    person_name: str
    title: str  # translated, e.g. "Thank Hélène Dupré"
    reason: str  # translated sentence
    due_on: dt.date  # when the action falls due by its rule (may be past: overdue)
    minutes: int
    draft: str  # translated personal message draft ("" when not a message)
    pinned: bool  # top-10 person
    planned_on: dt.date | None = None  # the day the plan puts it on; None in the overflow
    notes: tuple[str, ...] = ()  # translated guard-rail warnings about this item
    score: float = 0.0  # value x urgency: the order within a day and in the overflow


@dataclass(frozen=True)
class WeekPlan:
    week_start: dt.date  # Monday; the week ends on week_start + 6 days
    budget_minutes: int
    planned_minutes: int
    today: list[PlanItem]
    this_week: list[PlanItem]
    overflow: list[PlanItem]  # the most valuable of what did not fit (see overflow_count)
    warnings: list[str]  # translated guard-rail warnings
    overflow_count: int = 0  # everything that did not fit, shown or not
    overflow_minutes: int = 0
    done_minutes: int = 0  # minutes of the actions marked done since Monday
    as_of: dt.date | None = None


class UnknownAction(ObjectDoesNotExist):
    """A key that names nothing of the owner's network."""


# --- the plan -------------------------------------------------------------------------------------


def _window(owner: Any, today: dt.date | None) -> tuple[Any, plan_people.Window]:
    profile = accounts.profile_for(owner)
    zone = accounts.owner_zone(profile)
    return profile, plan_people.Window(today or timezone.localdate(timezone=zone), zone)


def _head(actions: Sequence[agenda.Action], rules: agenda.Rules) -> set[int]:
    """The people of the actions that may make the week: their recent exchanges are read
    for the guard rails (the others fall in the overflow anyway)."""
    size = 60 + 3 * rules.budget_minutes // 5
    first = heapq.nsmallest(size, actions, key=agenda.rank_key)
    return {action.person_id for action in first if action.person_id is not None}


@dataclass(frozen=True)
class _Person:
    name: str
    recipient: drafts.Recipient


def _people(owner: Any, ids: set[int], seen: dict[int, plan_facts.Exchange]) -> dict[int, _Person]:
    """Names, and what the drafts may say, of the people shown: three queries."""
    if not ids:
        return {}
    wanted = sorted(ids)
    interests: dict[int, list[str]] = {}
    tagged = Person.tags.through.objects.filter(
        person_id__in=wanted, tag__kind=TagKind.INTEREST, tag__owner=owner
    )
    for pid, tag in tagged.order_by("tag__name").values_list("person_id", "tag__name"):
        interests.setdefault(pid, []).append(tag)
    employers: dict[int, str] = {}
    # `owner_id + 0`: SQLite goes through the people's roles, not every role of the owner.
    roles = Role.objects.alias(owner_key=F("owner_id") + 0).filter(
        owner_key=owner.pk, person_id__in=wanted, ended_on__isnull=True
    )
    for pid, organization in roles.order_by("-started_on", "id").values_list(
        "person_id", "organization__name"
    ):
        employers.setdefault(pid, organization)
    rows = (
        Person.objects.owned_by(owner)
        .filter(pk__in=wanted)
        .values_list(
            "id",
            "first_name",
            "middle_name",
            "last_name",
            "nickname",
            "language",
            "closeness",
            "priority",
            "depth_level",
        )
    )
    found = {}
    for pid, first, middle, last, nickname, language, closeness, priority, level in rows:
        # As Person.full_name.
        full = " ".join(part for part in (first, middle, last) if part)
        full = full or nickname or _("(no name)")
        familiar = (
            (closeness or 0) >= 4 or 1 <= (priority or 0) <= 10 or (level or 0) >= Level.TRUSTED
        )
        exchange = seen.get(pid)
        found[pid] = _Person(
            full,
            drafts.Recipient(
                person_id=pid,
                first_name=first or nickname or full,
                full_name=full,
                language=language,
                familiar=familiar,
                last_day=exchange.day if exchange else None,
                last_summary=exchange.summary if exchange else "",
                interests=tuple(interests.get(pid, ())),
                organization=employers.get(pid, ""),
            ),
        )
    return found


def _item(
    action: agenda.Action,
    planned_on: dt.date | None,
    notes: Sequence[agenda.Note],
    people: dict[int, _Person],
    today: dt.date,
    draft: str,
) -> PlanItem:
    person = people.get(action.person_id) if action.person_id is not None else None
    name = person.name if person else ""
    return PlanItem(
        key=action.key,
        kind=action.kind.value,
        person_id=action.person_id,
        person_name=name,
        title=plan_text.title(action, name),
        reason=plan_text.reason(action, name, today),
        due_on=action.due,
        minutes=action.minutes,
        draft=draft,
        pinned=action.pinned,
        planned_on=planned_on,
        notes=tuple(text for note in notes if (text := plan_text.item_note(note, name, today))),
        score=round(action.score, 4),
    )


def _fit(
    owner: Any,
    window: plan_people.Window,
    facts: agenda.Facts,
    rules: agenda.Rules,
    overflow_limit: int | None,
) -> agenda.Plan:
    """The fitted week. Only the actions that may be planned or shown are made one by one
    (the head of the ranking); when the rest could have changed the plan (time left over,
    or fewer overflow items than shown), again with a longer head."""
    head: int | None = None
    if overflow_limit is not None:
        head = 50 + 2 * (rules.budget_minutes // 5) + overflow_limit
    while True:
        proposals = agenda_rules.propose_top(facts, rules, head)
        contacts = plan_facts.contacts(owner, window, _head(proposals.actions, rules))
        fitted = agenda.fit(
            proposals.actions,
            rules,
            decisions=facts.decisions,
            contacts=contacts,
            rest=proposals.rest,
        )
        shown = overflow_limit is None or len(fitted.overflow) >= overflow_limit
        if head is None or (fitted.complete and (shown or not fitted.rest.count)):
            return fitted
        head = head * 4 if head < 10_000 else None


def _sender(owner: Any, language: str) -> drafts.Sender:
    name = (getattr(owner, "first_name", "") or "").strip()
    return drafts.Sender(name=name, language=language)


def week_plan(
    owner: Any, *, today: dt.date | None = None, overflow_limit: int | None = OVERFLOW_SHOWN
) -> WeekPlan:
    """The owner's plan for the week of `today` (their local today by default).

    Every action lands in exactly one place: today, later this week, or the overflow (of
    which the `overflow_limit` most valuable are worded, None for all; `overflow_count`
    counts them all). Actions the owner marked done or dismissed, or snoozed beyond the
    week, are left out.
    """
    scores.refresh(owner)  # once a day: time alone cools ties and turns some cold
    profile, window = _window(owner, today)
    facts = plan_facts.gather(owner, profile, window)
    rules = plan_facts.rules_for(profile, window.today)
    fitted = _fit(owner, window, facts, rules, overflow_limit)
    shown = fitted.overflow if overflow_limit is None else fitted.overflow[:overflow_limit]
    entries: list[tuple[agenda.Action, dt.date | None, Sequence[agenda.Note]]] = [
        *((p.action, p.day, p.notes) for p in fitted.planned),
        *((h.action, None, h.notes) for h in shown),
    ]
    ids = {a.person_id for a, _day, _notes in entries if a.person_id is not None}
    people = _people(owner, ids, plan_facts.last_exchanges(owner, window, ids))
    texts = drafts.drafts_for(
        [
            (a, people[a.person_id].recipient if a.person_id in people else None)
            for a, _day, _notes in entries
        ],
        _sender(owner, profile.language),
    )
    items = [
        _item(action, day, notes, people, window.today, text)
        for (action, day, notes), text in zip(entries, texts, strict=True)
    ]
    planned = items[: len(fitted.planned)]
    return WeekPlan(
        week_start=rules.week_start,
        budget_minutes=rules.budget_minutes,
        planned_minutes=fitted.planned_minutes,
        today=[item for item in planned if item.planned_on == window.today],
        this_week=[item for item in planned if item.planned_on != window.today],
        overflow=items[len(fitted.planned) :],
        warnings=_warnings(fitted, items, people),
        overflow_count=fitted.overflow_count,
        overflow_minutes=fitted.overflow_minutes,
        done_minutes=fitted.done_minutes,
        as_of=window.today,
    )


def _warnings(fitted: agenda.Plan, items: list[PlanItem], people: dict[int, _Person]) -> list[str]:
    names = {pid: person.name for pid, person in people.items()}
    rules = fitted.rules
    notes = list(fitted.notes)
    planned = items[: len(fitted.planned)]
    same = agenda.same_texts(
        [item.draft for item in planned],
        [[item.person_name, *item.person_name.split()] for item in planned],
        rules.same_text_warning,
    )
    if same:
        notes.append(agenda.Note("same-text", {"count": len(same)}))
    texts = (
        plan_text.plan_note(note, names, rules.daily_cap, rules.min_gap_days) for note in notes
    )
    return [text for text in texts if text]


# --- decisions ----------------------------------------------------------------------------------

_TARGETS: dict[str, type[Model]] = {
    "person": Person,
    "favor": Favor,
    "news": News,
    "request": Request,
    "event": Event,
    "membership": Membership,
    "task": Task,
}
_ALIASES = {
    "done": DecisionKind.DONE,
    "snooze": DecisionKind.SNOOZED,
    "snoozed": DecisionKind.SNOOZED,
    "dismiss": DecisionKind.DISMISSED,
    "dismissed": DecisionKind.DISMISSED,
}


def parse(key: str) -> agenda.ActionKey:
    parsed = agenda.parse_key(key.strip())
    if parsed is None:
        raise ValidationError({"key": _("“%(key)s” is not an action of a plan.") % {"key": key}})
    return parsed


def target(owner: Any, key: str) -> tuple[Model, Person | None]:
    """The row an action key names and the person it concerns; UnknownAction when the key
    names something that is not the owner's."""
    parsed = parse(key)
    model = _TARGETS[parsed.model]
    found = model._default_manager.filter(owner_id=owner.pk, pk=parsed.object_id).first()
    if found is None:
        raise UnknownAction(key)
    if isinstance(found, Person):
        return found, found
    person_id = getattr(found, "person_id", None) or getattr(found, "giver_id", None)
    person = Person.objects.owned_by(owner).filter(pk=person_id).first() if person_id else None
    return found, person


@transaction.atomic
def decide(owner: Any, key: str, decision: str, *, snooze_until: dt.date | None = None) -> Decision:
    """Store the owner's decision about one action: done, snoozed (until a day, a week by
    default) or dismissed. Raises ValidationError for a bad key or decision, UnknownAction
    for a key that names something not theirs."""
    kind = _ALIASES.get(decision.strip().lower())
    if kind is None:
        raise ValidationError(
            {
                "decision": _("Decide done, snoozed or dismissed, not “%(value)s”.")
                % {"value": decision}
            }
        )
    found, person = target(owner, key)
    _profile, window = _window(owner, None)
    until = None
    if kind == DecisionKind.SNOOZED:
        until = snooze_until or window.today + dt.timedelta(days=SNOOZE_DAYS)
        if until <= window.today:
            raise ValidationError({"snooze_until": _("Snooze until a day after today.")})
    row, _created = Decision.objects.update_or_create(
        owner=owner,
        action_key=key.strip(),
        defaults={"decision": kind, "snoozed_until": until, "person": person},
    )
    if kind == DecisionKind.DONE:
        _record_done(owner, found, window.today)
    return row


def _record_done(owner: Any, found: Model, today: dt.date) -> None:
    """What marking done means for the facts themselves."""
    if isinstance(found, Favor) and found.thanked_on is None and found.giver_id is not None:
        exchanges.mark_thanked(owner, found, max(today, found.occurred_on))
    elif isinstance(found, News) and found.congratulated_on is None:
        found.congratulated_on = today
        found.save(update_fields=["congratulated_on", "updated_at"])
    elif isinstance(found, Request) and found.status == RequestStatus.OPEN:
        found.status, found.answered_on = RequestStatus.ANSWERED, today
        found.save(update_fields=["status", "answered_on", "updated_at"])
    elif isinstance(found, Task) and found.done_at is None:
        found.done_at = timezone.now()
        found.save(update_fields=["done_at", "updated_at"])


@transaction.atomic
def log_and_decide(
    owner: Any, key: str, participant_ids: list[int], **interaction: Any
) -> Interaction:
    """Log the interaction that did an action of the plan, and mark the action done."""
    target(owner, key)
    logged = exchanges.log_interaction(owner, participant_ids, **interaction)
    decide(owner, key, DecisionKind.DONE)
    return logged


__all__ = [
    "OVERFLOW_SHOWN",
    "PlanItem",
    "UnknownAction",
    "WeekPlan",
    "decide",
    "log_and_decide",
    "parse",
    "target",
    "week_plan",
]
