"""Test data builders (factory_boy), one per model the tests need."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from entregent import models
from entregent.engines import text
from entregent.services import accounts


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return accounts.create_account(
            kwargs["username"], email=kwargs["email"], password="correct horse battery"
        )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    owner = factory.SubFactory(UserFactory)
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    nickname = ""
    sort_name = factory.LazyAttribute(lambda p: text.sort_key(p.first_name, p.last_name))
    search_text = factory.LazyAttribute(
        lambda p: text.search_document(p.first_name, p.last_name, p.nickname)
    )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Société {n}")
    name_folded = factory.LazyAttribute(lambda o: text.fold(o.name))


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Interaction

    owner = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))
    kind = "meeting"
    summary = "Coffee"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Salon {n}")
    kind = "trade-fair"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
