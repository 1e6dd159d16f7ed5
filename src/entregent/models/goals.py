"""Goals the owner pursues, and the asks made to people for each."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entregent.models.base import OwnedModel
from entregent.models.people import Organization, Person, Sector


class GoalKind(models.TextChoices):
    SECTOR_INFO = "sector-info", _("Information on a sector")
    COMPANY_INFO = "company-info", _("Information on a company")
    EXPERT_ADVICE = "expert-advice", _("Expert advice")
    PARTNERS = "partners", _("Future partners")
    CLIENTS = "clients", _("Clients")
    JOB = "job", _("A job")
    RECRUITING = "recruiting", _("Recruiting")
    OTHER = "other", pgettext_lazy("goal kind", "Other")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ACHIEVED = "achieved", _("Achieved")
    ABANDONED = "abandoned", _("Abandoned")


class Goal(OwnedModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=GoalKind.choices)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Comma-separated.")
    )
    target_organizations = models.ManyToManyField(
        Organization, verbose_name=_("target organisations"), blank=True
    )
    target_sectors = models.ManyToManyField(Sector, verbose_name=_("target sectors"), blank=True)
    target_people = models.ManyToManyField(
        Person, verbose_name=_("target people"), blank=True, related_name="targeted_by_goals"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default="active"
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["status", "deadline", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class Move(models.TextChoices):
    ASK_DIRECTLY = "ask", _("Ask directly")
    INTRODUCTION = "introduction", _("Ask for an introduction")
    STRENGTHEN = "strengthen", _("Strengthen first")


class AskStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ASKED = "asked", _("Asked")
    HELPED = "helped", _("Helped")
    DECLINED = "declined", _("Declined")
    NO_ANSWER = "no-answer", _("No answer")


class Ask(OwnedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="asks")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="asks"
    )
    move = models.CharField(_("move"), max_length=15, choices=Move.choices, default="ask")
    via = models.ForeignKey(
        Person,
        verbose_name=_("introduced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asks_via",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AskStatus.choices, default="planned"
    )
    asked_on = models.DateField(_("asked on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("ask")
        verbose_name_plural = _("asks")
        ordering = ["goal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "person"], name="ask_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.goal} → {self.person}"
