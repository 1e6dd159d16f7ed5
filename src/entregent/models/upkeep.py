"""Upkeep: manual tasks and the owner's decisions about suggested actions.

The plan itself is derived from the facts each time it is asked for; only what the user
decided about a suggestion (done, snoozed, dismissed) is stored here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entregent.models.base import OwnedModel
from entregent.models.people import Person


class Task(OwnedModel):
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["done_at", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class DecisionKind(models.TextChoices):
    DONE = "done", _("Done")
    SNOOZED = "snoozed", _("Snoozed")
    DISMISSED = "dismissed", _("Dismissed")


class Decision(OwnedModel):
    """What the owner decided about one suggested action, keyed by the action's stable key."""

    action_key = models.CharField(_("action"), max_length=200)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "action_key"], name="decision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.action_key}: {self.decision}"


class DigestLog(OwnedModel):
    """A weekly digest that was sent: the record of what left the machine, and when."""

    sent_at = models.DateTimeField(_("sent at"))
    recipient = models.EmailField(_("recipient"))
    items = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.sent_at:%Y-%m-%d}"


class ScoreHistory(models.Model):
    """A person's interaction history folded into one row of numbers (`engines.history`).

    Derived, like the score cache on Person, and rebuilt from the interactions whenever
    it is missing or was built for another warmth model (`version`): with it, rescoring a
    whole network as time passes reads one short row per person instead of every
    interaction. Not part of backups.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="+", editable=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    version = models.PositiveIntegerField(editable=False)
    data = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("score history")
        verbose_name_plural = _("score histories")

    def __str__(self) -> str:
        return f"{self.person_id} (v{self.version}, {len(self.data)} bytes)"
