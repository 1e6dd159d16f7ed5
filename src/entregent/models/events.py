"""Events the owner considers or attends, and the clubs and associations they belong to."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entregent.models.base import OwnedModel
from entregent.models.people import Organization


class EventKind(models.TextChoices):
    TRADE_FAIR = "trade-fair", _("Trade fair")
    CONFERENCE = "conference", _("Conference")
    FORUM = "forum", _("Forum")
    TRAINING = "training", _("Training")
    MEETUP = "meetup", _("Meetup")
    SPEED_MEETING = "speed-meeting", _("Speed business meeting")
    CLUB_MEETING = "club-meeting", _("Club meeting")
    DINNER = "dinner", _("Dinner")


class EventStatus(models.TextChoices):
    CONSIDERING = "considering", _("Considering")
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    SKIPPED = "skipped", _("Skipped")


class Event(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    url = models.URLField(_("link"), blank=True)
    cost = models.DecimalField(_("cost"), max_digits=10, decimal_places=2, null=True, blank=True)
    why_go = models.TextField(_("why go"), blank=True)
    whom_to_meet = models.TextField(_("whom to meet"), blank=True)
    what_i_bring = models.TextField(_("what I bring"), blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=EventStatus.choices, default="considering"
    )
    debrief = models.TextField(_("debrief"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="event_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DuesPeriod(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")
    ONCE = "once", _("Once")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CONSIDERING = "considering", _("Considering")
    LAPSED = "lapsed", _("Lapsed")
    ENDED = "ended", _("Ended")


class Membership(OwnedModel):
    """The owner's own membership of a club, association, network or professional body."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
    dues_amount = models.DecimalField(
        _("dues"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    dues_period = models.CharField(
        _("dues period"), max_length=10, choices=DuesPeriod.choices, default="yearly"
    )
    started_on = models.DateField(_("member since"), null=True, blank=True)
    renews_on = models.DateField(_("renews on"), null=True, blank=True)
    meeting_cadence_days = models.PositiveIntegerField(
        _("meets every (days)"), null=True, blank=True
    )
    hours_per_month = models.DecimalField(
        _("hours per month"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=15, choices=MembershipStatus.choices, default="active"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "id"]

    def __str__(self) -> str:
        return str(self.organization)
