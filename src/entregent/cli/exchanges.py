"""What happens between people: `log` an interaction, `tie` two people, record a `favor`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entregent.cli.common import echo_json, find_person, local_datetime, out, parse_date, session
from entregent.cli.people import JsonOption, UserOption

_WHEN = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})(?:[ T](\d{1,2})[:h](\d{2}))?$")


def parse_when(value: str | None) -> dt.datetime | None:
    """A local date and time: "2026-11-20 14:00", "20/11/2026 14h00", a date, or "today"."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    if not value or not value.strip() or value.strip().lower() == "now":
        return None
    value = value.strip()
    today = timezone.localdate()
    named = {"today": today, "yesterday": today - dt.timedelta(days=1)}
    match = _WHEN.match(value)
    try:
        if value.lower() in named:
            day, hour, minute = named[value.lower()], 12, 0
        elif match:
            day = parse_date(match.group(1), "occurred_at") or today
            hour, minute = int(match.group(2) or 12), int(match.group(3) or 0)
        else:
            raise ValueError(value)
        when = dt.datetime(day.year, day.month, day.day, hour, minute)
    except (ValueError, ValidationError):
        raise ValidationError(
            {
                "occurred_at": _("“%(value)s” is not a date and time. Write 2026-11-20 14:00.")
                % {"value": value}
            }
        ) from None
    return timezone.make_aware(when)


def log(
    people: Annotated[
        list[str] | None,
        typer.Argument(help=gettext_lazy("Who was there: ids or names, one or more.")),
    ] = None,
    *,
    kind: Annotated[
        str,
        typer.Option(
            help=gettext_lazy("meeting, meal, call, video, email, message, social, event or note.")
        ),
    ] = "meeting",
    direction: Annotated[
        str, typer.Option(help=gettext_lazy("outgoing, incoming or mutual."))
    ] = "mutual",
    setting: Annotated[
        str, typer.Option(help=gettext_lazy("professional or personal."))
    ] = "professional",
    when: Annotated[
        str, typer.Option(help=gettext_lazy('"2026-11-20 14:00", a date, or today (default: now).'))
    ] = "",
    summary: Annotated[str, typer.Option(help=gettext_lazy("What it was about."))] = "",
    duration: Annotated[int | None, typer.Option(help=gettext_lazy("Duration in minutes."))] = None,
    event: Annotated[int | None, typer.Option(help=gettext_lazy("Id of the event."))] = None,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Log an interaction with one or more people."""
    from entregent.services.exchanges import log_interaction

    with session(user) as owner:
        participants = [find_person(owner, query) for query in people or []]
        interaction = log_interaction(
            owner,
            [person.pk for person in participants],
            occurred_at=parse_when(when),
            kind=kind,
            direction=direction,
            setting=setting,
            summary=summary,
            duration_minutes=duration,
            event_id=event,
        )
        names = ", ".join(person.full_name for person in participants)
        if as_json:
            echo_json(
                {
                    "id": interaction.pk,
                    "occurred_at": interaction.occurred_at.isoformat(),
                    "participants": [person.pk for person in participants],
                }
            )
            return
        message = _("Logged: %(kind)s with %(names)s, %(when)s (id %(id)s).") % {
            "kind": interaction.get_kind_display(),
            "names": names,
            "when": local_datetime(interaction.occurred_at),
            "id": interaction.pk,
        }
        out().print(message, markup=False)


def tie(
    person: Annotated[str, typer.Argument(help=gettext_lazy("Id or name of one person."))],
    other: Annotated[str, typer.Argument(help=gettext_lazy("Id or name of the other."))],
    *,
    kind: Annotated[
        str,
        typer.Option(
            help=gettext_lazy(
                "knows, family, friends, colleagues, former-colleagues, classmates, business "
                "or partners."
            )
        ),
    ] = "knows",
    strength: Annotated[
        float, typer.Option(help=gettext_lazy("From 0 (barely) to 1 (very close)."))
    ] = 0.5,
    since: Annotated[str, typer.Option(help=gettext_lazy("Since when (a date)."))] = "",
    note: Annotated[
        str, typer.Option(help=gettext_lazy("A note on how they know each other."))
    ] = "",
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Record that two people of your network know each other."""
    from entregent.services.exchanges import add_tie

    with session(user) as owner:
        first, second = find_person(owner, person), find_person(owner, other)
        created = add_tie(
            owner,
            first.pk,
            second.pk,
            kind=kind,
            strength=strength,
            since=parse_date(since, "since"),
            note=note,
        )
        if as_json:
            echo_json(_tie_json(created))
            return
        message = _("%(first)s and %(second)s know each other (%(kind)s, %(strength)s).") % {
            "first": first.full_name,
            "second": second.full_name,
            "kind": created.get_kind_display(),
            "strength": f"{created.strength:.1f}",
        }
        out().print(message, markup=False)


def _tie_json(created: Any) -> dict[str, Any]:
    return {
        "id": created.pk,
        "person_a": created.person_a_id,
        "person_b": created.person_b_id,
        "kind": created.kind,
        "strength": created.strength,
        "source": created.source,
    }


def favor(
    person: Annotated[str, typer.Argument(help=gettext_lazy("Id or name of the person."))],
    *,
    given: Annotated[
        bool,
        typer.Option("--given/--received", help=gettext_lazy("You gave it, or you received it.")),
    ],
    kind: Annotated[
        str,
        typer.Option(
            help=gettext_lazy(
                "advice, information, introduction, referral, business, invitation, "
                "recommendation, help or gift."
            )
        ),
    ] = "advice",
    on: Annotated[str, typer.Option("--date", help=gettext_lazy("When (default: today)."))] = "",
    description: Annotated[str, typer.Option(help=gettext_lazy("What it was."))] = "",
    amount: Annotated[
        str, typer.Option(help=gettext_lazy("Value of business passed on, e.g. 1500."))
    ] = "",
    currency: Annotated[str, typer.Option(help=gettext_lazy("Currency code."))] = "EUR",
    thanked: Annotated[
        str, typer.Option(help=gettext_lazy("When you thanked them (a date)."))
    ] = "",
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Record something given to or received from a person."""
    from entregent.services.exchanges import record_favor

    with session(user) as owner:
        who = find_person(owner, person)
        created = record_favor(
            owner,
            who.pk,
            given=given,
            kind=kind,
            occurred_on=parse_date(on, "occurred_on"),
            description=description,
            amount=amount or None,
            currency=currency,
            thanked_on=parse_date(thanked, "thanked_on"),
        )
        if as_json:
            echo_json({"id": created.pk, "person": who.pk, "given": given, "kind": created.kind})
            return
        template = (
            _("Given to %(name)s: %(kind)s (id %(id)s).")
            if given
            else _("Received from %(name)s: %(kind)s (id %(id)s).")
        )
        kind_label = created.get_kind_display()
        out().print(
            template % {"kind": kind_label, "name": who.full_name, "id": created.pk},
            markup=False,
        )
