"""Import batches: what each import wrote, so that it can be reported and undone."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from entregent.models.base import OwnedModel


class BatchStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    DONE = "done", _("Imported")
    UNDONE = "undone", _("Undone")


class ImportBatch(OwnedModel):
    """One import of one or more files; lands whole or not at all."""

    format = models.CharField(_("format"), max_length=30)
    file_names = models.TextField(_("files"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default="done"
    )
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    merged = models.PositiveIntegerField(_("merged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.format} · {self.created_at:%Y-%m-%d %H:%M}"


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")


class ImportChange(models.Model):
    """One row an import created or changed, with what it was before, for undo."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    model = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    before = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("import change")
        verbose_name_plural = _("import changes")
        indexes = [models.Index(fields=["batch", "model"], name="importchange_batch")]

    def __str__(self) -> str:
        return f"{self.action} {self.model} {self.object_id}"
