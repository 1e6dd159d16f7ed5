"""Load one of the signed-in owner's objects by id; anyone else's answers 404.

Views never look objects up by id any other way, so that a second account can never read or
change what is not theirs (a stranger's id looks exactly like a missing one).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from entregent import queries
from entregent.models import Person

M = TypeVar("M", bound=Model)


def get_owned_or_404(model: type[M] | QuerySet[M], user: Any, pk: Any) -> M:
    """The object with this id if `user` owns it; Http404 otherwise (also for a bad id)."""
    rows = model if isinstance(model, QuerySet) else model._default_manager.all()
    try:
        return rows.filter(owner_id=user.pk).get(pk=int(pk))
    except (ObjectDoesNotExist, TypeError, ValueError):
        raise Http404 from None


def person_or_404(user: Any, pk: Any) -> Person:
    """A person with everything their page shows, loaded in a fixed number of queries."""
    try:
        return queries.person(user, int(pk))
    except (Person.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
