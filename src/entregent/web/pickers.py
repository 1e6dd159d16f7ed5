"""People pickers: choose one or more people of the network in a form, with or without JS.

A picker is two inputs. Ticked boxes (`participants`, `other`...) carry the ids of the people
already chosen. A text input (`participants_text`...) takes names: with htmx it suggests
people as you type and a click adds a ticked box; without JS the server reads the names
when the form is sent, and asks for more of a name when several people match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entregent import queries
from entregent.engines import text
from entregent.models import Person


@dataclass(frozen=True)
class PickerSpec:
    key: str
    field_name: str
    label: str | Promise
    multiple: bool

    @property
    def text_name(self) -> str:
        return f"{self.field_name}_text"

    @property
    def testid(self) -> str:
        """The browser tests' hook on the text input: log-participants, tie-other..."""
        return f"{self.key}-{self.field_name.replace('_', '-')}"


PICKERS = {
    spec.key: spec
    for spec in (
        PickerSpec("log", "participants", _("With"), multiple=True),
        PickerSpec("tie", "other", _("Who"), multiple=False),
        PickerSpec("introducer", "introduced_by", _("Introduced by"), multiple=False),
    )
}


@dataclass
class Picker:
    """What the picker template needs: the spec, who is chosen, the text and the errors."""

    spec: PickerSpec
    chosen: list[Person] = field(default_factory=list)
    text: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.spec.key


class IdsField(forms.Field):
    """Ids of people chosen with ticked boxes; the picker template renders them."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        try:
            return list(dict.fromkeys(int(item) for item in values if str(item).strip()))
        except (TypeError, ValueError):
            raise ValidationError(gettext("Choose people from the list."), code="invalid") from None


def split_names(names: str) -> list[str]:
    return [name.strip() for name in names.replace(";", ",").split(",") if name.strip()]


def resolve_names(owner: Any, names: str) -> tuple[list[int], list[str]]:
    """Ids for the names typed, one per comma; and a message for each name we cannot place."""
    ids: list[int] = []
    problems: list[str] = []
    for name in split_names(names):
        found = queries.find_people(owner, name, limit=20)
        exact = [person for person in found if text.fold(person.full_name) == text.fold(name)]
        if len(exact) == 1 or len(found) == 1:
            ids.append((exact or found)[0].pk)
        elif not found:
            problems.append(gettext("No one in your network matches “%(name)s”.") % {"name": name})
        else:
            problems.append(
                gettext("Several people match “%(name)s”: type more of the name.") % {"name": name}
            )
    return ids, problems


class PickerFormMixin(forms.Form):
    """Adds the picked ids and the resolved names together, into cleaned_data[field_name]."""

    owner: Any
    picker_specs: tuple[PickerSpec, ...] = ()
    initial_people: dict[str, list[Person]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for spec in self.picker_specs:
            ids, problems = resolve_names(self.owner, cleaned.get(spec.text_name, ""))
            for problem in problems:
                self.add_error(spec.field_name, problem)
            if spec.field_name in cleaned:
                cleaned[spec.field_name] = list(dict.fromkeys(cleaned[spec.field_name] + ids))
        return cleaned

    def picker(self, key: str) -> Picker:
        spec = PICKERS[key]
        if self.is_bound:
            try:
                ids = self.fields[spec.field_name].to_python(self[spec.field_name].data)
            except ValidationError:
                ids = []
            chosen = list(Person.objects.owned_by(self.owner).filter(pk__in=ids)) if ids else []
        else:
            chosen = self.initial_people.get(spec.field_name, [])
        return Picker(
            spec=spec,
            chosen=chosen,
            text=self[spec.text_name].value() or "",
            errors=[str(error) for error in self.errors.get(spec.field_name, [])],
        )
