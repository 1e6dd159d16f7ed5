"""Admin pages for every model: a tool for the person running the install, not the app itself.

The app's pages write through the services; the admin is for inspecting and repairing rows.
It keeps the derived columns (folded names, search text, the scores of the people an edit
touches) in step when a row is saved or deleted here, shows staff who are not superusers
only their own rows, and uses id inputs instead of drop-downs for people, since a network
may hold 100,000 of them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models as db
from django.db.models import QuerySet
from django.http import HttpRequest

from entregent import models
from entregent.engines import text
from entregent.services import scores
from entregent.services.people import refresh_search

PEOPLE_FIELDS = ("person", "person_a", "person_b", "giver", "receiver", "introducer", "via")


# Addresses typed without a scheme are read as https, as the services do.
URLS_AS_HTTPS: dict[Any, dict[str, Any]] = {db.URLField: {"assume_scheme": "https"}}


class OwnerScoped(admin.ModelAdmin):
    """Staff who are not superusers see only the rows of their own account."""

    owner_lookup = "owner_id"  # how a row leads to its account

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(**{self.owner_lookup: request.user.pk})


class OwnedAdmin(OwnerScoped):
    """Rows belong to an account: new rows get the current user, staff see only theirs."""

    formfield_overrides = URLS_AS_HTTPS
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = ("created_at", "updated_at")

    def get_list_display(self, request: HttpRequest) -> Any:
        return (*super().get_list_display(request), "owner")

    def __init__(self, model: Any, admin_site: Any) -> None:
        super().__init__(model, admin_site)
        names = {field.name for field in model._meta.get_fields()}
        people = (name for name in PEOPLE_FIELDS if name in names)
        self.raw_id_fields = tuple(dict.fromkeys((*self.raw_id_fields, *people)))  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:  # noqa: FBT001
        if not change and not obj.owner_id:
            obj.owner = request.user
        _fill_derived(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:  # noqa: FBT001
        for obj in formset.save(commit=False):
            if isinstance(obj, models.OwnedModel) and not obj.owner_id:
                obj.owner_id = form.instance.owner_id
            _fill_derived(obj)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


def _fill_derived(obj: Any) -> None:
    """The folded copies the services keep beside what the user typed."""
    if hasattr(obj, "name_folded"):
        obj.name_folded = text.fold(obj.name)
    if isinstance(obj, models.EmailAddress):
        obj.address_normalized = obj.address.lower()


class EmailInline(admin.TabularInline):
    model = models.EmailAddress
    fields = ("address", "label", "is_primary")
    extra = 0


class PhoneInline(admin.TabularInline):
    model = models.PhoneNumber
    fields = ("raw", "e164", "label", "is_primary")
    extra = 0


class LinkInline(admin.TabularInline):
    model = models.Link
    formfield_overrides = URLS_AS_HTTPS
    fields = ("kind", "url")
    extra = 0


class RoleInline(admin.TabularInline):
    model = models.Role
    fields = ("organization", "title", "started_on", "ended_on")
    raw_id_fields = ("organization",)
    extra = 0


@admin.register(models.Person)
class PersonAdmin(OwnedAdmin):
    list_display = ("full_name", "city", "closeness", "priority", "archived")
    list_filter = ("archived", "closeness")
    search_fields = ("search_text",)
    raw_id_fields = ("introduced_by", "met_at_event")
    filter_horizontal = ("circles", "sectors", "tags")
    inlines = (EmailInline, PhoneInline, LinkInline, RoleInline)
    readonly_fields = ("sort_name", "search_text", "created_at", "updated_at")  # type: ignore[assignment]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:  # noqa: FBT001
        super().save_related(request, form, formsets, change)
        refresh_search(form.instance)
        scores.update_people(form.instance.owner_id, [form.instance.pk])


@admin.register(models.Circle)
class CircleAdmin(OwnedAdmin):
    list_display = ("label", "layer", "key", "cadence_days", "position")
    list_filter = ("layer",)


@admin.register(models.Sector)
class SectorAdmin(admin.ModelAdmin):
    """NACE Rev. 2 is reference data seeded by a migration: shown, never edited by hand."""

    list_display = ("code", "label_en", "label_fr", "parent")
    search_fields = ("code", "label_en", "label_fr")
    raw_id_fields = ("parent",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(models.Organization)
class OrganizationAdmin(OwnedAdmin):
    list_display = ("name", "kind", "city", "country")
    list_filter = ("kind",)
    search_fields = ("name_folded",)
    raw_id_fields = ("sector",)


@admin.register(models.Tag)
class TagAdmin(OwnedAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name_folded",)


@admin.register(models.EmailAddress)
class EmailAddressAdmin(OwnedAdmin):
    list_display = ("address", "person", "label", "is_primary")
    search_fields = ("address_normalized",)


@admin.register(models.PhoneNumber)
class PhoneNumberAdmin(OwnedAdmin):
    list_display = ("raw", "e164", "person", "label", "is_primary")
    search_fields = ("e164", "raw")


@admin.register(models.Link)
class LinkAdmin(OwnedAdmin):
    list_display = ("url", "kind", "person")
    list_filter = ("kind",)


@admin.register(models.Role)
class RoleAdmin(OwnedAdmin):
    list_display = ("person", "organization", "title", "started_on", "ended_on")
    raw_id_fields = ("organization",)


@admin.register(models.Tie)
class TieAdmin(OwnedAdmin):
    list_display = ("person_a", "person_b", "kind", "strength", "source", "since")
    list_filter = ("kind", "source")


class ParticipationInline(admin.TabularInline):
    model = models.Participation
    fields = ("person", "occurred_at")
    raw_id_fields = ("person",)
    extra = 0


@admin.register(models.Interaction)
class InteractionAdmin(OwnedAdmin):
    """An interaction edited or deleted here rescores its people, before and after."""

    list_display = ("occurred_at", "kind", "direction", "setting", "source")
    list_filter = ("kind", "direction", "setting", "source")
    date_hierarchy = "occurred_at"
    raw_id_fields = ("event",)
    inlines = (ParticipationInline,)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:  # noqa: FBT001
        interaction = form.instance
        before = _participants([interaction.pk])
        super().save_related(request, form, formsets, change)
        # The inline's dates follow the interaction's, as the services keep them.
        interaction.participation_set.update(occurred_at=interaction.occurred_at)
        _rescore(interaction.owner_id, before | _participants([interaction.pk]))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        people = _participants([obj.pk])
        super().delete_model(request, obj)
        _rescore(obj.owner_id, people)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        touched = list(
            models.Participation.objects.filter(interaction__in=queryset)
            .values_list("person__owner_id", "person_id")
            .distinct()
        )
        super().delete_queryset(request, queryset)
        _rescore_pairs(touched)


@admin.register(models.Participation)
class ParticipationAdmin(OwnerScoped):
    owner_lookup = "person__owner_id"
    list_display = ("interaction", "person", "occurred_at")
    raw_id_fields = ("interaction", "person")
    list_per_page = 50
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:  # noqa: FBT001
        before = models.Participation.objects.filter(pk=obj.pk).values_list("person_id", flat=True)
        people = {obj.person_id, *before}
        super().save_model(request, obj, form, change)
        _rescore(obj.interaction.owner_id, people)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        _rescore(obj.interaction.owner_id, {obj.person_id})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        touched = list(queryset.values_list("person__owner_id", "person_id").distinct())
        super().delete_queryset(request, queryset)
        _rescore_pairs(touched)


def _participants(interaction_ids: list[Any]) -> set[int]:
    rows = models.Participation.objects.filter(interaction_id__in=interaction_ids)
    return set(rows.values_list("person_id", flat=True))


def _rescore(owner_id: int, person_ids: set[int]) -> None:
    """Rows changed here went around the services: refresh the scores they feed."""
    if person_ids:
        scores.update_people(owner_id, person_ids)


def _rescore_pairs(pairs: list[tuple[int, int]]) -> None:
    by_owner: dict[int, set[int]] = {}
    for owner_id, person_id in pairs:
        by_owner.setdefault(owner_id, set()).add(person_id)
    for owner_id, people in by_owner.items():
        _rescore(owner_id, people)


@admin.register(models.Favor)
class FavorAdmin(OwnedAdmin):
    list_display = ("occurred_on", "kind", "giver", "receiver", "amount", "thanked_on")
    list_filter = ("kind",)
    raw_id_fields = ("interaction",)


@admin.register(models.Introduction)
class IntroductionAdmin(OwnedAdmin):
    list_display = ("person_a", "person_b", "introducer", "status", "made_on")
    list_filter = ("status",)


@admin.register(models.Request)
class RequestAdmin(OwnedAdmin):
    list_display = ("topic", "person", "direction", "status", "respond_by")
    list_filter = ("direction", "status")


@admin.register(models.News)
class NewsAdmin(OwnedAdmin):
    list_display = ("headline", "person", "kind", "occurred_on", "congratulated_on")
    list_filter = ("kind",)


@admin.register(models.Event)
class EventAdmin(OwnedAdmin):
    list_display = ("name", "kind", "starts_on", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("organizer",)


@admin.register(models.Membership)
class MembershipAdmin(OwnedAdmin):
    list_display = ("organization", "role", "status", "renews_on")
    list_filter = ("status",)
    raw_id_fields = ("organization",)


@admin.register(models.Goal)
class GoalAdmin(OwnedAdmin):
    list_display = ("title", "kind", "status", "deadline")
    list_filter = ("kind", "status")
    raw_id_fields = ("target_organizations", "target_people")
    filter_horizontal = ("target_sectors",)


@admin.register(models.Ask)
class AskAdmin(OwnedAdmin):
    list_display = ("goal", "person", "move", "status", "asked_on")
    list_filter = ("move", "status")
    raw_id_fields = ("goal",)


@admin.register(models.Task)
class TaskAdmin(OwnedAdmin):
    list_display = ("title", "person", "due_on", "done_at")


@admin.register(models.Decision)
class DecisionAdmin(OwnedAdmin):
    list_display = ("action_key", "person", "decision", "snoozed_until")
    list_filter = ("decision",)


@admin.register(models.DigestLog)
class DigestLogAdmin(OwnedAdmin):
    list_display = ("sent_at", "recipient", "items")


class ImportChangeInline(admin.TabularInline):
    model = models.ImportChange
    extra = 0
    readonly_fields = ("model", "object_id", "action", "before")
    can_delete = False


@admin.register(models.ImportBatch)
class ImportBatchAdmin(OwnedAdmin):
    """Batches are written by the importers; undo them with `entregent import undo`."""

    list_display = ("created_at", "format", "status", "created", "updated", "merged", "skipped")
    list_filter = ("format", "status")
    inlines = (ImportChangeInline,)


@admin.register(models.ImportChange)
class ImportChangeAdmin(OwnerScoped):
    owner_lookup = "batch__owner_id"
    list_display = ("batch", "model", "object_id", "action")
    list_filter = ("model", "action")
    raw_id_fields = ("batch",)


@admin.register(models.Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "timezone", "country", "weekly_minutes")


@admin.register(models.LoginToken)
class LoginTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are issued by `entregent login-link`; only their hash is stored."""

    list_display = ("user", "created_at", "expires_at", "used_at")
    readonly_fields = ("user", "token_hash", "created_at", "expires_at", "used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.ScoreHistory)
class ScoreHistoryAdmin(OwnerScoped):
    """Derived rows, rebuilt from the interactions (`entregent rescore`): read only."""

    list_display = ("person", "owner", "version")
    raw_id_fields = ("person",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
