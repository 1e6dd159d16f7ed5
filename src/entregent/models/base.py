"""The owner-scoped base every domain row inherits.

Every row belongs to one account. Reads go through `Model.objects.owned_by(user)` (or the
helpers in `entregent.queries`), so that a second account can never see the first one's data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user: Any) -> OwnedQuerySet:
        owner_id = user if isinstance(user, int) else user.pk
        return self.filter(owner_id=owner_id)


class OwnedModel(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True
