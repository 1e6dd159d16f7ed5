"""People: `add`, `people` (list and search) and `show`."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entregent.cli.common import echo_json, find_person, out, session, table
from entregent.cli.people_show import current_role, person_summary, show_person

UserOption = Annotated[
    str | None, typer.Option("--user", help=gettext_lazy("Account to act as (user name)."))
]
JsonOption = Annotated[bool, typer.Option("--json", help=gettext_lazy("Print JSON for scripts."))]


def add(
    name: Annotated[
        str | None,
        typer.Argument(help=gettext_lazy('Shorthand for the name: "First Last".')),
    ] = None,
    *,
    first: Annotated[str, typer.Option("--first", help=gettext_lazy("First name."))] = "",
    last: Annotated[str, typer.Option("--last", help=gettext_lazy("Last name."))] = "",
    nickname: Annotated[str, typer.Option(help=gettext_lazy("Nickname."))] = "",
    email: Annotated[
        list[str] | None, typer.Option("--email", help=gettext_lazy("E-mail (repeatable)."))
    ] = None,
    phone: Annotated[
        list[str] | None, typer.Option("--phone", help=gettext_lazy("Phone (repeatable)."))
    ] = None,
    birthday: Annotated[
        str, typer.Option(help=gettext_lazy("1985-03-15, 15/03/1985 or --03-15."))
    ] = "",
    org: Annotated[str, typer.Option("--org", help=gettext_lazy("Current employer."))] = "",
    title: Annotated[str, typer.Option(help=gettext_lazy("Job title there."))] = "",
    city: Annotated[str, typer.Option(help=gettext_lazy("City."))] = "",
    country: Annotated[str, typer.Option(help=gettext_lazy("Two-letter country code."))] = "",
    circle: Annotated[
        list[str] | None,
        typer.Option("--circle", help=gettext_lazy("Circle key or name (repeatable).")),
    ] = None,
    sector: Annotated[
        list[str] | None,
        typer.Option("--sector", help=gettext_lazy("NACE code such as 62 or J (repeatable).")),
    ] = None,
    closeness: Annotated[
        int | None, typer.Option(help=gettext_lazy("How close you are, 1 to 5."))
    ] = None,
    notes: Annotated[str, typer.Option(help=gettext_lazy("Notes."))] = "",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=gettext_lazy("Print only the new id."))
    ] = False,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Add a person to your network."""
    from entregent.services.people import PersonData, create_person

    with session(user) as owner:
        shorthand_first, _sep, shorthand_last = (name or "").strip().partition(" ")
        data = PersonData(
            first_name=first or shorthand_first,
            last_name=last or shorthand_last.strip(),
            nickname=nickname,
            emails=list(email or []),
            phones=list(phone or []),
            birthday=birthday,
            organization=org,
            title=title,
            city=city,
            country=country,
            closeness=closeness,
            notes=notes,
            circle_ids=_circle_ids(owner, circle or []),
            sector_codes=_sector_codes(sector or []),
        )
        person = create_person(owner, data)
        if as_json:
            echo_json({"id": person.pk, "name": person.full_name})
        elif quiet:
            typer.echo(person.pk)
        else:
            message = _("Added %(name)s (id %(id)s).") % {"name": person.full_name, "id": person.pk}
            out().print(message, markup=False)


def _circle_ids(owner: Any, values: list[str]) -> list[int] | None:
    """Circle ids from keys ("former-colleagues") or names, as shown or as renamed."""
    from django.core.exceptions import ValidationError

    from entregent import queries
    from entregent.engines import text

    if not values:
        return None
    circles = list(queries.circles(owner))
    ids = []
    for value in values:
        folded = text.fold(value)
        match = next(
            (
                circle
                for circle in circles
                if value == circle.key or folded in {text.fold(circle.label), circle.key}
            ),
            None,
        )
        if match is None:
            choices = ", ".join(circle.key or circle.label for circle in circles)
            raise ValidationError(
                {
                    "circles": _("There is no circle “%(value)s”. Choose from: %(choices)s.")
                    % {"value": value, "choices": choices}
                }
            )
        ids.append(match.pk)
    return ids


def _sector_codes(values: list[str]) -> list[str] | None:
    from django.core.exceptions import ValidationError

    from entregent import queries

    if not values:
        return None
    codes = [value.strip().upper() for value in values]
    known = set(queries.sectors().filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            {
                "sectors": _("“%(code)s” is not a NACE code (such as 62, or J for a section).")
                % {"code": unknown[0]}
            }
        )
    return codes


def list_people(
    query: Annotated[
        str, typer.Argument(help=gettext_lazy("Words to look for (accents optional)."))
    ] = "",
    *,
    circle: Annotated[str, typer.Option(help=gettext_lazy("Only this circle (key or name)."))] = "",
    sector: Annotated[str, typer.Option(help=gettext_lazy("Only this NACE sector."))] = "",
    org: Annotated[str, typer.Option("--org", help=gettext_lazy("Only this organisation."))] = "",
    archived: Annotated[
        bool, typer.Option("--archived", help=gettext_lazy("List archived people instead."))
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help=gettext_lazy("Show at most this many."))] = 50,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """List or search the people of your network."""
    from entregent import queries

    with session(user) as owner:
        circle_ids = _circle_ids(owner, [circle] if circle else [])
        sector_codes = _sector_codes([sector] if sector else [])
        filters = queries.PeopleFilter(
            query=query,
            circle_id=circle_ids[0] if circle_ids else None,
            sector_code=sector_codes[0] if sector_codes else "",
            organization_id=_organization_id(owner, org) if org else None,
            archived=archived,
        )
        rows = queries.people(owner, filters)
        total = rows.count()
        people = list(queries.people_page(rows).prefetch_related("circles")[:limit])
        if as_json:
            echo_json([person_summary(person) for person in people])
            return
        _print_people(people, total)


def _organization_id(owner: Any, name: str) -> int:
    from entregent import queries
    from entregent.cli.common import NotFound
    from entregent.engines import text

    folded = text.fold(name)
    organizations = queries.organizations(owner)
    exact = organizations.filter(name_folded=folded).first()
    if exact is not None:
        return exact.pk
    partial = list(organizations.filter(name_folded__contains=folded)[:2])
    if len(partial) == 1:
        return partial[0].pk
    raise NotFound(_("Not found: no single organisation matches “%(name)s”.") % {"name": name})


def _print_people(people: list[Any], total: int) -> None:
    console = out()
    if not people:
        console.print(_("No one matches."), markup=False)
        return
    grid = table(_("Id"), _("Name"), _("Works at"), _("City"), _("Circles"))
    for person in people:
        role = current_role(person)
        works = ""
        if role is not None:
            works = f"{role.title}, {role.organization}" if role.title else str(role.organization)
        circles = ", ".join(circle.label for circle in person.circles.all())
        grid.add_row(str(person.pk), person.full_name, works, person.city, circles)
    console.print(grid)
    if total > len(people):
        console.print(
            _("Showing %(shown)s of %(total)s; use --limit to see more.")
            % {"shown": len(people), "total": total},
            markup=False,
        )


def show(
    person: Annotated[str, typer.Argument(help=gettext_lazy("Id or name of the person."))],
    *,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Everything about one person: details, roles, recent exchanges, ties."""
    with session(user) as owner:
        show_person(owner, find_person(owner, person).pk, as_json=as_json)
