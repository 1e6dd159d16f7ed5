"""`entregent merge A B`: two people into one; `merge --suggestions`: likely duplicates."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entregent.cli.common import (
    UsageProblem,
    echo_json,
    find_person,
    out,
    person_line,
    session,
    table,
)
from entregent.cli.people import JsonOption, UserOption


def merge(
    first: Annotated[
        str | None, typer.Argument(help=gettext_lazy("The person to keep (id or name)."))
    ] = None,
    second: Annotated[
        str | None,
        typer.Argument(help=gettext_lazy("The person merged into the first, then deleted.")),
    ] = None,
    *,
    suggestions: Annotated[
        bool,
        typer.Option("--suggestions", help=gettext_lazy("List likely duplicates instead.")),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=gettext_lazy("Do not ask."))] = False,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Merge two people into one, keeping every fact from both (or list likely duplicates)."""
    from entregent.services import merge as merging
    from entregent.services.import_report import field_label

    with session(user) as owner:
        if suggestions or first is None:
            _print_suggestions(owner, as_json=as_json)
            return
        if second is None:
            raise UsageProblem(_("Name two people: entregent merge KEEP OTHER."))
        keep, other = find_person(owner, first), find_person(owner, second)
        if not yes and not as_json and not _confirmed(keep, other):
            out().print(_("Nothing merged."), markup=False)
            return
        result = merging.merge_people(owner, keep, other)
        if as_json:
            echo_json({"person": result.person.pk, "conflicts": result.conflicts})
            return
        out().print(
            _("Merged into %(name)s (#%(id)s).")
            % {"name": result.person.full_name, "id": result.person.pk},
            markup=False,
        )
        for field, mine, theirs in result.conflicts:
            out().print(
                _("  %(field)s: kept “%(kept)s”; “%(other)s” is in the notes.")
                % {"field": field_label(field), "kept": mine, "other": theirs},
                markup=False,
            )


def _confirmed(keep: Any, other: Any) -> bool:
    question = _("Merge %(other)s (#%(other_id)s) into %(keep)s (#%(keep_id)s)?") % {
        "other": person_line(other),
        "other_id": other.pk,
        "keep": person_line(keep),
        "keep_id": keep.pk,
    }
    return bool(typer.confirm(question, default=False))


def _print_suggestions(owner: Any, *, as_json: bool) -> None:
    from entregent.models import Person
    from entregent.services.duplicates import merge_suggestions

    found = merge_suggestions(owner)
    people = Person.objects.owned_by(owner).in_bulk(
        [pk for s in found for pk in (s.keep_id, s.other_id)]
    )
    if as_json:
        echo_json(
            [
                {
                    "keep": s.keep_id,
                    "other": s.other_id,
                    "names": [people[s.keep_id].full_name, people[s.other_id].full_name],
                    "organization": s.organization,
                }
                for s in found
            ]
        )
        return
    if not found:
        out().print(_("No likely duplicates."), markup=False)
        return
    grid = table(_("Keep"), _("Merge into it"), _("Organisation"), _("Command"))
    for s in found:
        keep, other = people[s.keep_id], people[s.other_id]
        grid.add_row(
            f"#{keep.pk} {keep.full_name}",
            f"#{other.pk} {other.full_name}",
            s.organization,
            f"entregent merge {keep.pk} {other.pk}",
        )
    out().print(grid)
