"""The person form, with the circle and sector choices it offers."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from entregent import queries
from entregent.models import Layer, Person
from entregent.services.people import PersonData
from entregent.web.forms import DateInput, set_choices, set_up, split_commas, split_lines
from entregent.web.pickers import PICKERS, IdsField, Picker, PickerFormMixin


class PersonForm(PickerFormMixin):
    """Every fact of a person the services accept, as a `PersonData`."""

    picker_specs = (PICKERS["introducer"],)
    # Form fields copied as they are, read line by line, or split at commas.
    _plain = (
        *("first_name", "middle_name", "last_name", "suffix", "nickname", "linkedin_url"),
        *("birthday", "city", "country", "language", "notes", "how_we_met"),
        *("first_met_on", "closeness", "priority", "cadence_days", "organization", "title"),
    )
    _lines = ("emails", "phones", "websites")
    _commas = ("expertise", "interests")

    honorific = forms.CharField(
        label=pgettext_lazy("name prefix", "Title"), required=False, max_length=30
    )
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    middle_name = forms.CharField(label=_("Middle name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    suffix = forms.CharField(label=_("Suffix"), required=False, max_length=30)
    nickname = forms.CharField(label=_("Nickname"), required=False, max_length=100)
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        help_text=_("One per line; the first is the main one."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phones = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        help_text=_("One per line; add the country code for numbers from abroad."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    linkedin_url = forms.CharField(label=_("LinkedIn profile"), required=False, max_length=300)
    websites = forms.CharField(
        label=_("Websites"),
        required=False,
        help_text=_("One per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    birthday = forms.CharField(
        label=_("Birthday"),
        required=False,
        max_length=20,
        help_text=_("1985-03-15, 15/03/1985, or --03-15 when you do not know the year."),
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    country = forms.CharField(
        label=_("Country"), required=False, max_length=60, help_text=_("Two letters: FR, GB…")
    )
    language = forms.CharField(
        label=_("Language"), required=False, max_length=10, help_text=_("For example fr or en.")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    how_we_met = forms.CharField(
        label=_("How we met"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    met_at_event = forms.TypedChoiceField(
        label=_("Met at event"), required=False, coerce=int, empty_value=None
    )
    introduced_by = IdsField(label=_("Introduced by"), required=False)
    introduced_by_text = forms.CharField(label=_("Introduced by"), required=False)
    first_met_on = forms.DateField(label=_("First met on"), required=False, widget=DateInput)
    closeness = forms.IntegerField(
        label=_("Closeness"),
        required=False,
        help_text=_("From 1 (distant) to 5 (very close)."),
        widget=forms.NumberInput(attrs={"min": "1", "max": "5"}),
    )
    priority = forms.IntegerField(
        label=_("Top-list rank"),
        required=False,
        help_text=_("1 is first; leave empty when not pinned."),
    )
    cadence_days = forms.IntegerField(
        label=_("Keep in touch every (days)"),
        required=False,
        help_text=_("Leave empty to follow your defaults."),
    )
    organization = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    title = forms.CharField(label=_("Job title"), required=False, max_length=200)
    circles = forms.TypedMultipleChoiceField(
        label=_("Circles"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": "8"}),
        help_text=_("NACE sections and divisions (France's NAF follows them)."),
    )
    expertise = forms.CharField(
        label=_("Expertise"), required=False, help_text=_("Comma-separated.")
    )
    interests = forms.CharField(
        label=_("Interests"), required=False, help_text=_("Comma-separated.")
    )

    def __init__(
        self,
        owner: Any,
        *args: Any,
        introducer: Person | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.initial_people = {"introduced_by": [introducer] if introducer else []}
        events = [(event.pk, str(event)) for event in queries.events(owner)]
        set_choices(self, "circles", circle_choices(owner))
        set_choices(self, "sectors", sector_choices())
        set_choices(self, "met_at_event", [("", "—"), *events])
        set_up(self, "person")

    @property
    def introducer_picker(self) -> Picker:
        return self.picker("introducer")

    @classmethod
    def initial_from(cls, data: PersonData) -> dict[str, Any]:
        initial = {name: getattr(data, name) for name in PersonData.__dataclass_fields__}
        initial["honorific"] = data.prefix
        for name in cls._lines:
            initial[name] = "\n".join(getattr(data, name) or [])
        for name in cls._commas:
            initial[name] = ", ".join(getattr(data, name) or [])
        initial["met_at_event"] = data.met_at_event_id
        initial["circles"] = data.circle_ids or []
        initial["sectors"] = data.sector_codes or []
        return initial

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        plain: dict[str, Any] = {name: data[name] for name in self._plain}
        lists: dict[str, Any] = {name: split_lines(data[name]) for name in self._lines}
        lists.update({name: split_commas(data[name]) for name in self._commas})
        introducers = data["introduced_by"]
        return PersonData(
            prefix=data["honorific"],
            met_at_event_id=data["met_at_event"],
            introduced_by_id=introducers[0] if introducers else None,
            circle_ids=data["circles"],
            sector_codes=data["sectors"],
            **plain,
            **lists,
        )


def circle_choices(owner: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """The owner's circles, grouped by layer in the method's order."""
    by_layer: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for circle in queries.circles(owner):
        by_layer[circle.layer].append((circle.pk, circle.label))
    return [(str(label), by_layer[layer]) for layer, label in Layer.choices if by_layer[layer]]


def sector_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """NACE divisions grouped under their section; a section can be chosen as a whole.

    NACE is reference data that only migrations change, so the grouped labels are built
    once per language and process.
    """
    return _sector_choices(get_language() or "en")


@functools.cache
def _sector_choices(language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    titles: dict[str, str] = {}
    for sector in queries.sectors():
        section = sector.parent.code if sector.parent else sector.code
        if sector.is_section:
            titles[section] = str(sector)
            groups.setdefault(section, []).insert(0, (sector.code, str(sector)))
        else:
            groups.setdefault(section, []).append((sector.code, str(sector)))
    return [(titles.get(code, code), options) for code, options in groups.items()]
