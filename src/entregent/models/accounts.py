"""The owner's account settings, and one-time login links."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """Per-account preferences: language, time zone, and the upkeep defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    weekly_minutes = models.PositiveIntegerField(
        _("weekly time for networking (minutes)"),
        default=120,
        validators=[MinValueValidator(0), MaxValueValidator(60 * 40)],
    )
    cadence_top_days = models.PositiveIntegerField(_("top list: every (days)"), default=30)
    cadence_close_days = models.PositiveIntegerField(
        _("close and trusted: every (days)"), default=90
    )
    cadence_relation_days = models.PositiveIntegerField(_("relations: every (days)"), default=180)
    min_gap_days = models.PositiveIntegerField(
        _("minimum days between two outreaches to one person"), default=7
    )
    daily_cap = models.PositiveIntegerField(_("most outreaches per day"), default=10)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="FR",
        help_text=_("ISO code; phone numbers without a country code are read as from here."),
    )
    max_unanswered = models.PositiveIntegerField(
        _("warn after this many outreaches without an answer"), default=2
    )
    same_text_warning = models.PositiveIntegerField(
        _("warn before sending the same text to this many people"), default=5
    )
    feed_token = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    digest_enabled = models.BooleanField(_("weekly e-mail digest"), default=False)
    digest_weekday = models.PositiveSmallIntegerField(
        _("digest day"),
        default=0,
        validators=[MaxValueValidator(6)],
        help_text=_("0 is Monday."),
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"), default=8, validators=[MaxValueValidator(23)]
    )
    next_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When every score of the network was last recomputed: warmth and going cold change
    # as time passes, so the plan recomputes them once a day (services.scores.refresh).
    scores_refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)
    own_emails = models.TextField(
        _("my e-mail addresses"), blank=True, help_text=_("One per line; used by importers.")
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)


class LoginToken(models.Model):
    """A one-time login link. Only a hash of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("login link")
        verbose_name_plural = _("login links")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and now < self.expires_at
