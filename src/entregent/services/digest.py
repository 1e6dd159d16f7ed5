"""The weekly e-mail digest: when it is due, what it says, and sending it.

Modelled on healthchecks' `sendreports`: the sender finds a profile whose digest is due,
claims it with a conditional UPDATE (same id *and* the same old send date; go ahead only if
exactly one row changed), then sends it. Two senders running at once, or a sender and the
settings page, can therefore never send the same digest twice: the loser of the race sees
zero rows changed and moves on. It needs no broker and behaves the same on SQLite and
PostgreSQL.

Every message is written in the owner's language and time zone: the sender has no request
to take them from.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import close_old_connections, connection
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entregent.models import DigestLog, Profile
from entregent.services import accounts, mail

if TYPE_CHECKING:
    from entregent.services.plan import WeekPlan

logger = logging.getLogger(__name__)

# A digest that could not be sent (SMTP server down) is tried again this much later.
RETRY_AFTER = dt.timedelta(minutes=15)


# --- When -----------------------------------------------------------------------------


def next_send_time(after: dt.datetime, *, weekday: int, hour: int, zone: dt.tzinfo) -> dt.datetime:
    """The first moment strictly after `after` that reads `hour`:00 on `weekday` in `zone`.

    Safe across daylight-saving changes: the wall-clock time is built for each day in the
    zone, never by adding 7 × 24 hours, so 8:00 stays 8:00 in summer and in winter. An hour
    the spring change skips (2:00 on the last Sunday of March in Paris) gives the moment
    the clocks jump to (3:00); an hour that happens twice in autumn gives the first one.
    The result is in UTC.
    """
    local_day = after.astimezone(zone).date()
    for offset in range(8):
        day = local_day + dt.timedelta(days=offset)
        if day.weekday() != weekday:
            continue
        # fold=0: the first of two 2:00s in autumn; in a spring gap, the offset before it.
        moment = dt.datetime.combine(day, dt.time(hour), tzinfo=zone).astimezone(dt.UTC)
        if moment > after:
            return moment
    raise AssertionError("a weekday comes back within eight days")  # pragma: no cover


def schedule_for(profile: Profile, now: dt.datetime) -> dt.datetime | None:
    """When the owner's next digest is due after `now`; None when they get none."""
    if not profile.digest_enabled:
        return None
    return next_send_time(
        now,
        weekday=profile.digest_weekday,
        hour=profile.digest_hour,
        zone=accounts.owner_zone(profile),
    )


# --- What -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    items: int


def plan_size(plan: WeekPlan) -> int:
    return len(plan.today) + len(plan.this_week) + len(plan.overflow)


def render_digest(plan: WeekPlan, *, owner: Any, base_url: str) -> Digest:
    """Subject, text and HTML of the digest of `plan`. Call it in the owner's locale."""
    base_url = base_url.rstrip("/")
    count = plan_size(plan)
    context: dict[str, Any] = {
        "plan": plan,
        "owner": owner,
        "items": count,
        "week_end": plan.week_start + dt.timedelta(days=6),
        # The overflow shows its most valuable items; the rest is counted.
        "more": max(0, plan.overflow_count - len(plan.overflow)),
        "home_url": base_url + reverse("entregent:home"),
        "settings_url": base_url + reverse("entregent:settings"),
        "sections": [
            (key, items)
            for key, items in (
                ("today", plan.today),
                ("this_week", plan.this_week),
                ("overflow", plan.overflow),
            )
            if items
        ],
    }
    # One line, whatever the template's line breaks: a header cannot hold several.
    subject = " ".join(render_to_string("entregent/emails/digest_subject.txt", context).split())
    context["subject"] = subject
    return Digest(
        subject=subject,
        text=render_to_string("entregent/emails/digest.txt", context).strip() + "\n",
        html=render_to_string("entregent/emails/digest.html", context),
        items=count,
    )


def digest_for(owner: Any, *, now: dt.datetime | None = None) -> tuple[Profile, Digest]:
    """The owner's digest for the week of `now` (in their time zone), in their language."""
    from entregent.services.plan import week_plan

    profile = accounts.profile_for(owner)
    with accounts.in_owner_locale(profile):
        today = timezone.localdate(now or timezone.now())
        plan = week_plan(owner, today=today)
        return profile, render_digest(plan, owner=owner, base_url=settings.ENTREGENT_BASE_URL)


# --- Sending ----------------------------------------------------------------------------


class NoRecipient(Exception):
    """The account has no e-mail address to send its digest to."""

    def __init__(self, owner: Any) -> None:
        super().__init__(
            _("The account “%(name)s” has no e-mail address: add one on its settings page.")
            % {"name": owner.get_username()}
        )


def send_now(owner: Any, *, now: dt.datetime | None = None) -> DigestLog | None:
    """Send the owner's digest now, whatever the schedule; None when there is nothing to say.

    Raises `mail.MailNotConfigured` without an SMTP server, `NoRecipient` without an address.
    """
    mail.require_configured()
    now = now or timezone.now()
    recipient = owner.email
    if not recipient:
        raise NoRecipient(owner)
    profile, digest = digest_for(owner, now=now)
    if not digest.items:
        return None
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=digest.text,
        to=[recipient],
        headers={"Content-Language": profile.language or settings.LANGUAGE_CODE},
    )
    message.attach_alternative(digest.html, "text/html")
    message.send()
    logger.info("Digest sent to %s (%d items)", recipient, digest.items)
    return DigestLog.objects.create(
        owner=owner, sent_at=now, recipient=recipient, items=digest.items
    )


def due(now: dt.datetime) -> QuerySet[Profile]:
    """Profiles whose digest is due, or turned on but not yet scheduled."""
    when = Q(next_digest_at__lte=now) | Q(next_digest_at__isnull=True)
    return (
        Profile.objects.filter(when, digest_enabled=True, user__is_active=True)
        .select_related("user")
        .order_by("next_digest_at", "pk")
    )


def claim(profile: Profile, now: dt.datetime, *, until: dt.datetime | None = None) -> bool:
    """Move the profile's next digest to `until` (or its next slot) if no one else did first.

    The UPDATE matches the send date this process read: whoever changes it first wins, and
    every other claim of the same digest changes zero rows.
    """
    new_date = until or schedule_for(profile, now)
    changed = Profile.objects.filter(
        pk=profile.pk, next_digest_at=profile.next_digest_at, digest_enabled=True
    ).update(next_digest_at=new_date)
    return changed == 1


def send_one_due(now: dt.datetime) -> bool:
    """Handle the first due digest: claim, send, log. False when none is due."""
    profile = due(now).first()
    if profile is None:
        return False
    was_scheduled = profile.next_digest_at is not None
    if not claim(profile, now) or not was_scheduled:
        # Someone else sent it; or it had just been turned on, and is now scheduled.
        return True
    try:
        send_now(profile.user, now=now)
    except NoRecipient as exc:
        logger.warning("Digest not sent: %s", exc)
    except (smtplib.SMTPException, OSError) as exc:
        logger.error("Digest for %s not sent, retrying later: %s", profile.user, exc)
        profile.refresh_from_db(fields=["next_digest_at"])
        claim(profile, now, until=now + RETRY_AFTER)
    return True


def send_due(now: dt.datetime, stop: threading.Event | None = None) -> int:
    """One pass: send every digest due at `now`. The number of profiles handled."""
    mail.require_configured()
    handled = 0
    while not (stop and stop.is_set()) and send_one_due(now):
        handled += 1
    return handled


def refresh_connections() -> None:
    """Drop a database connection that broke or outlived CONN_MAX_AGE, as requests do.

    Never in the middle of a transaction (tests run the sender inside one).
    """
    if not connection.in_atomic_block:
        close_old_connections()


def run(*, once: bool, interval: float, stop: threading.Event) -> int:
    """The sender loop: a pass, then sleep, until `stop` is set. Digests handled in all."""
    mail.require_configured()
    handled = 0
    while not stop.is_set():
        refresh_connections()
        handled += send_due(timezone.now(), stop)
        if once:
            break
        stop.wait(interval)
    return handled
