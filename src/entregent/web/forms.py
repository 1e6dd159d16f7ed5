"""Web forms: they turn what a browser sends into what the services take.

A form checks only the shape of the input (a number is a number, a date is a date). The
rules live in the services; `show_service_errors` puts their ValidationErrors next to the
field they name, so that a message reads the same in the browser, the API and the CLI.
"""

from __future__ import annotations

import zoneinfo
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from entregent import queries
from entregent.models import (
    Direction,
    FavorKind,
    InteractionKind,
    Person,
    Profile,
    Setting,
    TieKind,
)
from entregent.web.pickers import PICKERS, IdsField, Picker, PickerFormMixin


def split_lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def split_commas(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def show_service_errors(
    form: forms.BaseForm, exc: ValidationError, aliases: dict[str, str | None] | None = None
) -> None:
    """Show a service's errors next to the fields they name; the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        field = (aliases or {}).get(name, name)
        form.add_error(field if field in form.fields else None, ValidationError(errors))


def set_up(form: forms.BaseForm, prefix: str) -> None:
    """Ids unique on a page holding several forms, and stable hooks for browser tests:
    data-testid="<prefix>-<field>" on every input."""
    form.auto_id = f"{prefix}-%s"
    form.label_suffix = ""
    for name, field in form.fields.items():
        field.widget.attrs.setdefault("data-testid", f"{prefix}-{name.replace('_', '-')}")


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_up(self, "login")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class InteractionForm(PickerFormMixin):
    picker_specs = (PICKERS["log"],)

    participants = IdsField(label=_("With"), required=False)
    participants_text = forms.CharField(
        label=_("Add people"),
        required=False,
        help_text=_("Type a name; separate several names with commas."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=InteractionKind.choices, initial=InteractionKind.MEETING
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.MUTUAL
    )
    setting = forms.ChoiceField(
        label=_("Setting"), choices=Setting.choices, initial=Setting.PROFESSIONAL
    )
    occurred_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), required=False)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    for_person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, owner: Any, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.initial_people = {"participants": [person] if person else []}
        # Which page the form sits on: a person's (their timeline updates) or the dashboard.
        self.person_id = person.pk if person else self.data.get("for_person") or None
        if not self.is_bound:
            self.initial.setdefault("for_person", person.pk if person else None)
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )
        set_up(self, "log")

    @property
    def participants_picker(self) -> Picker:
        return self.picker("log")

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_at": data["occurred_at"],
            "kind": data["kind"],
            "direction": data["direction"],
            "setting": data["setting"],
            "summary": data["summary"],
            "duration_minutes": data["duration_minutes"],
        }


class TieForm(PickerFormMixin):
    picker_specs = (PICKERS["tie"],)

    other = IdsField(label=_("Who"), required=False)
    other_text = forms.CharField(label=_("Person"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=TieKind.choices, initial=TieKind.KNOWS)
    strength = forms.FloatField(
        label=_("Strength"),
        initial=0.5,
        help_text=_("From 0 (barely) to 1 (very close)."),
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": "1"}),
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, owner: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.initial_people: dict[str, list[Person]] = {}
        set_up(self, "tie")

    @property
    def other_picker(self) -> Picker:
        return self.picker("tie")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "other" in cleaned and not cleaned["other"] and "other" not in self.errors:
            self.add_error("other", _("Choose the person they know."))
        return cleaned


class FavorForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("given", _("I gave")), ("received", _("I received"))],
        initial="given",
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=FavorKind.choices)
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    amount = forms.CharField(
        label=_("Amount"),
        required=False,
        max_length=30,
        help_text=_("For business passed on only."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("occurred_on", timezone.localdate())
        set_up(self, "favor")


class PeopleFilterForm(forms.Form):
    """The search box and filters of the people list; bad values are simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    circle = forms.IntegerField(label=_("Circle"), required=False)
    sector = forms.CharField(label=_("Sector"), required=False, max_length=4)
    organization = forms.IntegerField(label=_("Organisation"), required=False)
    archived = forms.BooleanField(label=_("Archived people"), required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def value(self, name: str) -> Any:
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name)

    def to_filter(self) -> queries.PeopleFilter:
        return queries.PeopleFilter(
            query=self.value("q") or "",
            circle_id=self.value("circle"),
            sector_code=(self.value("sector") or "").upper(),
            organization_id=self.value("organization"),
            archived=bool(self.value("archived")),
        )

    @property
    def page_number(self) -> int:
        return self.value("page") or 1


PREFERENCE_FIELDS = [
    "language",
    "timezone",
    "country",
    "weekly_minutes",
    "cadence_top_days",
    "cadence_close_days",
    "cadence_relation_days",
    "min_gap_days",
    "daily_cap",
    "max_unanswered",
    "same_text_warning",
    "digest_enabled",
    "digest_weekday",
    "digest_hour",
    "own_emails",
]


class PreferencesForm(forms.ModelForm):  # type: ignore[type-arg]
    """Validates the owner's preferences; `accounts.update_preferences` saves them."""

    timezone = forms.ChoiceField(label=_("Time zone"), required=False)
    email = forms.EmailField(
        label=_("My e-mail address"),
        required=False,
        help_text=_("Where the weekly digest goes."),
    )
    digest_weekday = forms.TypedChoiceField(
        label=_("Day"), coerce=int, choices=sorted(WEEKDAYS.items())
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Hour"), coerce=int, choices=[(hour, f"{hour:02d}:00") for hour in range(24)]
    )

    class Meta:
        model = Profile
        fields = PREFERENCE_FIELDS
        widgets = {"own_emails": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("email", self.instance.user.email)
        zones = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
        server_default = _("Server default (%(zone)s)") % {"zone": settings.TIME_ZONE}
        set_choices(self, "timezone", [("", server_default), *((zone, zone) for zone in zones)])
        browser = _("The browser's language")
        set_choices(self, "language", [("", browser), *settings.LANGUAGES])
        set_up(self, "settings")
