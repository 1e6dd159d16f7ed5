"""The plan as a private iCalendar feed, to subscribe to from any calendar app.

The feed address carries a secret token instead of asking for a login (calendar apps cannot
sign in). The token is `<profile id>.<secret>`: the id finds the row, and the secret is then
compared in constant time, so that neither the comparison nor a database index lookup on
the secret tells an attacker how close a guess was. "New link" replaces the secret and the
old address stops working at once.

Each plan item becomes one all-day event whose UID is the item's stable key, so that a
calendar app refreshing the feed updates events instead of piling up copies.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event, vDuration

from entregent.models import Profile
from entregent.services import accounts

if TYPE_CHECKING:
    from entregent.services.plan import PlanItem, WeekPlan

CALENDAR_NAME = "entregent"
PRODUCT_ID = "-//entregent//plan feed//EN"
# How often calendar apps should fetch the feed again (RFC 7986 and the older X- name).
REFRESH = dt.timedelta(hours=1)
# RFC 5545 PRIORITY: 1 highest, 9 lowest. Overflow is what did not fit the week's budget.
PRIORITIES = {"today": 1, "this_week": 5, "overflow": 9}


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def _address_token(profile: Profile) -> str:
    return f"{profile.pk}.{profile.feed_token}"


def feed_token(owner: Any) -> str:
    """The token of the owner's feed address, created on first use."""
    profile = accounts.profile_for(owner)
    if not profile.feed_token:
        # Conditional: two first uses at once agree on one token instead of overwriting.
        Profile.objects.filter(pk=profile.pk, feed_token="").update(feed_token=_new_secret())
        profile.refresh_from_db(fields=["feed_token"])
    return _address_token(profile)


@transaction.atomic
def rotate_feed_token(owner: Any) -> str:
    """A new feed address for the owner; the old one stops working."""
    profile = accounts.profile_for(owner)
    profile.feed_token = _new_secret()
    profile.save(update_fields=["feed_token"])
    return _address_token(profile)


def owner_for_token(token: str) -> Any | None:
    """The active account whose feed address carries `token`, or None."""
    profile_id, dot, secret = token.partition(".")
    if not dot or not profile_id.isdigit() or not secret:
        return None
    profile = Profile.objects.select_related("user").filter(pk=int(profile_id)).first()
    if profile is None or not profile.feed_token or not profile.user.is_active:
        return None
    if not hmac.compare_digest(profile.feed_token.encode(), secret.encode()):
        return None
    return profile.user


def calendar_for(owner: Any, today: dt.date | None = None, *, base_url: str | None = None) -> bytes:
    """The owner's plan as an iCalendar document, in their language and time zone."""
    from entregent.services.plan import week_plan

    profile = accounts.profile_for(owner)
    with accounts.in_owner_locale(profile):
        today = today or timezone.localdate()
        plan = week_plan(owner, today=today)
        return render_calendar(
            plan,
            today=today,
            language=profile.language or settings.LANGUAGE_CODE,
            base_url=base_url if base_url is not None else settings.ENTREGENT_BASE_URL,
        )


def render_calendar(
    plan: WeekPlan,
    *,
    today: dt.date,
    language: str,
    base_url: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The iCalendar document for a plan. Call it in the owner's language.

    Each item sits on the day the plan puts it on. An item the week has no room for (the
    overflow) sits on its due date, or on `today` when that is past: an overdue action on a
    past day of the calendar would be out of sight.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", CALENDAR_NAME)
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("x-wr-caldesc", _("Your networking plan for the week"))
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    stamp = (stamp or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    sections = (
        ("today", plan.today),
        ("this_week", plan.this_week),
        ("overflow", plan.overflow),
    )
    for section, items in sections:
        for item in items:
            calendar.add_component(
                _event(
                    item, section, today=today, language=language, base_url=base_url, stamp=stamp
                )
            )
    return bytes(calendar.to_ical())


def _event(
    item: PlanItem,
    section: str,
    *,
    today: dt.date,
    language: str,
    base_url: str,
    stamp: dt.datetime,
) -> Event:
    day = item.planned_on or max(item.due_on, today)
    event = Event()
    event.add("uid", f"{item.key}@entregent")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", item.title, parameters={"LANGUAGE": language})
    event.add("description", _description(item, section), parameters={"LANGUAGE": language})
    event.add("priority", PRIORITIES[section])
    # A reminder to act, not a meeting: it must not mark the day as busy.
    event.add("transp", "TRANSPARENT")
    if base_url:
        event.add("url", base_url.rstrip("/") + _item_path(item))
    return event


def _item_path(item: PlanItem) -> str:
    if item.person_id is not None:
        return reverse("entregent:person", args=[item.person_id])
    return reverse("entregent:home")


def _description(item: PlanItem, section: str) -> str:
    parts = []
    if section == "overflow":
        parts.append(_("Does not fit this week's time budget: do it if you have time."))
    if item.reason:
        parts.append(item.reason)
    parts.extend(item.notes)
    parts.append(
        ngettext("About %(minutes)d minute.", "About %(minutes)d minutes.", item.minutes)
        % {"minutes": item.minutes}
    )
    if item.draft:
        parts.append(_("Suggested message:") + "\n" + item.draft)
    return "\n\n".join(parts)
