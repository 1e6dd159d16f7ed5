"""The agenda's rules for occasions: a meeting to follow up, help to thank for, news to
congratulate on, a request to answer, a lopsided give-and-take, an event to prepare, a
membership to renew, a task. Each reads a small list of facts; the windows are in
`agenda_rules`, with the rules over every person.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from entregent.engines.agenda_actions import Action, Kind, Param
from entregent.engines.agenda_rules import (
    ANSWER_AHEAD,
    ANSWER_DAYS,
    ANSWER_LATE,
    CONGRATULATE_DAYS,
    CONGRATULATE_WINDOW,
    EVENT_AHEAD,
    FOLLOW_UP_DAYS,
    FOLLOW_UP_WINDOW,
    MEMBERSHIP_AHEAD,
    MEMBERSHIP_LATE,
    RECIPROCATE_GAP,
    RECIPROCATE_WINDOW,
    THANK_DAYS,
    THANK_WINDOW,
)

if TYPE_CHECKING:
    from entregent.engines.agenda_context import Context


def follow_ups(ctx: Context) -> list[Action]:
    """A first meeting or an event encounter of the last days not followed up yet."""
    today, rules = ctx.today, ctx.rules
    found: dict[tuple[int, dt.date], Action] = {}
    start = rules.today - dt.timedelta(days=FOLLOW_UP_WINDOW)
    for meeting in sorted(ctx.facts.meetings, key=lambda m: (m.person_id, m.day, m.event_name)):
        if meeting.followed_up or not (meeting.first or meeting.at_event):
            continue
        if not start <= meeting.day <= rules.today or (meeting.person_id, meeting.day) in found:
            continue
        reason = "event-encounter" if meeting.at_event else "first-meeting"
        params: dict[str, Param] = {"day": meeting.day, "event": meeting.event_name}
        due = meeting.day + dt.timedelta(days=FOLLOW_UP_DAYS)
        action = ctx.action(
            Kind.FOLLOW_UP,
            meeting.person_id,
            due,
            reason,
            params,
            person=meeting.person_id,
            extra=meeting.day,
        )
        if action is not None:
            found[(meeting.person_id, meeting.day)] = action
    people = ctx.people
    met = people.first_met
    fresh = (met >= today - FOLLOW_UP_WINDOW) & (met <= today) & (people.last_contact <= met)
    for i in np.flatnonzero(fresh).tolist():
        day = dt.date.fromordinal(int(met[i]))
        pid = int(people.ids[i])
        if (pid, day) not in found:
            due = day + dt.timedelta(days=FOLLOW_UP_DAYS)
            params = {"day": day, "event": ""}
            found[(pid, day)] = ctx.person_action(
                Kind.FOLLOW_UP, i, due, "first-meeting", params, day.isoformat()
            )
    return list(found.values())


def thanks(ctx: Context) -> list[Action]:
    start = ctx.rules.today - dt.timedelta(days=THANK_WINDOW)
    actions = []
    for favor in ctx.facts.favors:
        if favor.day < start:
            continue
        params: dict[str, Param] = {
            "day": favor.day,
            "favor": favor.kind,
            "description": favor.description,
        }
        due = favor.day + dt.timedelta(days=THANK_DAYS)
        action = ctx.action(
            Kind.THANK, favor.id, due, "favor-received", params, person=favor.person_id
        )
        if action is not None:
            actions.append(action)
    return actions


def congratulations(ctx: Context) -> list[Action]:
    start = ctx.rules.today - dt.timedelta(days=CONGRATULATE_WINDOW)
    actions = []
    for news in ctx.facts.news:
        if news.day < start:
            continue
        params: dict[str, Param] = {"day": news.day, "news": news.kind, "headline": news.headline}
        due = news.day + dt.timedelta(days=CONGRATULATE_DAYS)
        action = ctx.action(Kind.CONGRATULATE, news.id, due, "news", params, person=news.person_id)
        if action is not None:
            actions.append(action)
    return actions


def answers(ctx: Context) -> list[Action]:
    rules = ctx.rules
    first = rules.today - dt.timedelta(days=ANSWER_LATE)
    last = rules.week_end + dt.timedelta(days=ANSWER_AHEAD)
    actions = []
    for request in ctx.facts.requests:
        due = request.respond_by or request.received + dt.timedelta(days=ANSWER_DAYS)
        if not first <= due <= last:
            continue
        reason = "request-due" if request.respond_by else "request-open"
        params: dict[str, Param] = {
            "received": request.received,
            "respond_by": request.respond_by,
            "topic": request.topic,
        }
        action = ctx.action(
            Kind.ANSWER_REQUEST, request.id, due, reason, params, person=request.person_id
        )
        if action is not None:
            actions.append(action)
    return actions


def reciprocity(ctx: Context) -> list[Action]:
    start = ctx.rules.today - dt.timedelta(days=RECIPROCATE_WINDOW)
    actions = []
    for balance in sorted(ctx.facts.balances, key=lambda b: b.person_id):
        lopsided = balance.received - balance.given >= RECIPROCATE_GAP
        if not lopsided or balance.last_received is None or balance.last_received < start:
            continue
        params: dict[str, Param] = {"gave": balance.given, "got": balance.received}
        action = ctx.action(
            Kind.RECIPROCATE,
            balance.person_id,
            ctx.rules.today,
            "lopsided",
            params,
            person=balance.person_id,
            extra=f"{balance.received}-{balance.given}",
        )
        if action is not None:
            actions.append(action)
    return actions


def events(ctx: Context) -> list[Action]:
    rules = ctx.rules
    last = rules.week_end + dt.timedelta(days=EVENT_AHEAD)
    actions = []
    for event in ctx.facts.events:
        if not rules.today <= event.starts_on <= last:
            continue
        params: dict[str, Param] = {
            "event": event.name,
            "starts_on": event.starts_on,
            "missing": ",".join(event.missing),
        }
        due = event.starts_on - dt.timedelta(days=EVENT_AHEAD)
        minutes = rules.minutes_for(Kind.PREPARE_EVENT)
        minutes = minutes if event.missing else max(1, minutes // 2)
        action = ctx.action(
            Kind.PREPARE_EVENT, event.id, due, "event-soon", params, minutes=minutes
        )
        if action is not None:
            actions.append(action)
    return actions


def memberships(ctx: Context) -> list[Action]:
    rules = ctx.rules
    first = rules.today - dt.timedelta(days=MEMBERSHIP_LATE)
    last = rules.week_end + dt.timedelta(days=MEMBERSHIP_AHEAD)
    actions = []
    for membership in ctx.facts.memberships:
        if not first <= membership.renews_on <= last:
            continue
        params: dict[str, Param] = {
            "organization": membership.name,
            "renews_on": membership.renews_on,
        }
        due = membership.renews_on - dt.timedelta(days=MEMBERSHIP_AHEAD)
        action = ctx.action(
            Kind.MEMBERSHIP,
            membership.id,
            due,
            "membership-renews",
            params,
            extra=membership.renews_on,
        )
        if action is not None:
            actions.append(action)
    return actions


def tasks(ctx: Context) -> list[Action]:
    actions = []
    for task in ctx.facts.tasks:
        if task.due_on > ctx.rules.week_end:
            continue
        params: dict[str, Param] = {"title": task.title, "due_on": task.due_on}
        # A task about someone archived since stays on the plan, without them.
        person = task.person_id if task.person_id in ctx.position else None
        action = ctx.action(Kind.TASK, task.id, task.due_on, "task-due", params, person=person)
        if action is not None:
            actions.append(action)
    return actions
