"""What `entregent show` and `entregent people` print about a person."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rich.table import Table

from entregent.cli.common import echo_json, local_date, local_datetime, out, table

TIMELINE_LENGTH = 10


def current_role(person: Any) -> Any:
    """The current job, rather than a seat on a club's board when a person has both."""
    roles = getattr(person, "current_roles", None)
    if roles is None:
        roles = [role for role in person.roles.all() if role.ended_on is None]
    jobs = [role for role in roles if role.organization.kind == "company"]
    return (jobs or roles or [None])[0]


def person_summary(person: Any) -> dict[str, Any]:
    role = current_role(person)
    return {
        "id": person.pk,
        "name": person.full_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "organization": role.organization.name if role else None,
        "title": role.title if role else None,
        "city": person.city,
        "country": person.country,
        "circles": [circle.key or circle.label for circle in person.circles.all()],
        "closeness": person.closeness,
        "priority": person.priority,
    }


def _birthday(person: Any) -> str:
    if not (person.birthday_day and person.birthday_month):
        return ""
    if person.birthday_year:
        return f"{person.birthday_year:04d}-{person.birthday_month:02d}-{person.birthday_day:02d}"
    return f"--{person.birthday_month:02d}-{person.birthday_day:02d}"


def _facts(owner: Any, pk: int) -> dict[str, Any]:
    from entregent import queries
    from entregent.services import scores

    return {
        "scores": scores.report(owner, pk, months=0),
        "person": queries.person(owner, pk),
        "timeline": queries.timeline(owner, pk, limit=TIMELINE_LENGTH),
        "interactions": queries.interaction_count(owner, pk),
        "favors": list(queries.favors_with(owner, pk)[:TIMELINE_LENGTH]),
        "balance": queries.balance_with(owner, pk),
        "ties": queries.ties_of(owner, pk),
    }


def show_person(owner: Any, pk: int, *, as_json: bool) -> None:
    facts = _facts(owner, pk)
    if as_json:
        echo_json(details(facts))
    else:
        print_details(facts)


def details(facts: dict[str, Any]) -> dict[str, Any]:
    person, balance = facts["person"], facts["balance"]
    data = person_summary(person)
    data.update(
        nickname=person.nickname,
        emails=[email.address for email in person.emails.all()],
        phones=[{"raw": phone.raw, "e164": phone.e164} for phone in person.phones.all()],
        links=[link.url for link in person.links.all()],
        birthday=_birthday(person) or None,
        sectors=[{"code": sector.code, "label": sector.label} for sector in person.sectors.all()],
        tags=[tag.name for tag in person.tags.all()],
        roles=[
            {
                "organization": role.organization.name,
                "title": role.title,
                "started_on": role.started_on,
                "ended_on": role.ended_on,
                "current": role.is_current,
            }
            for role in person.roles.all()
        ],
        notes=person.notes,
        how_we_met=person.how_we_met,
        first_met_on=person.first_met_on,
        introduced_by=(
            {"id": person.introduced_by_id, "name": person.introduced_by.full_name}
            if person.introduced_by
            else None
        ),
        archived=person.archived,
        scores=_scores(facts["scores"]),
        interactions=facts["interactions"],
        timeline=[_interaction(item, person.pk) for item in facts["timeline"]],
        favors=[_favor(favor) for favor in facts["favors"]],
        balance={"given": balance.given, "received": balance.received, "net": balance.net},
        ties=[
            {
                "id": other.pk,
                "name": other.full_name,
                "kind": tie.kind,
                "strength": tie.strength,
                "source": tie.source,
            }
            for tie, other in facts["ties"]
        ],
    )
    return data


def _scores(report: Any) -> dict[str, Any]:
    from entregent import score_text

    facts = report.facts
    return {
        "level": facts.level.name.lower(),
        "level_label": score_text.level_label(facts.level),
        "depth": round(facts.depth, 4),
        "warmth": round(facts.warmth, 4),
        "going_cold": facts.going_cold,
        "due": report.due.isoformat() if report.due else None,
        "explanation": score_text.sentence(facts),
    }


def _interaction(interaction: Any, person_id: int) -> dict[str, Any]:
    return {
        "id": interaction.pk,
        "occurred_at": interaction.occurred_at.isoformat(),
        "kind": interaction.kind,
        "direction": interaction.direction,
        "setting": interaction.setting,
        "summary": interaction.summary,
        "with": [
            {"id": other.pk, "name": other.full_name}
            for other in interaction.participants.all()
            if other.pk != person_id
        ],
    }


def _favor(favor: Any) -> dict[str, Any]:
    return {
        "id": favor.pk,
        "kind": favor.kind,
        "given": favor.given_by_me,
        "occurred_on": favor.occurred_on,
        "description": favor.description,
        "amount": str(favor.amount) if favor.amount is not None else None,
        "currency": favor.currency if favor.amount is not None else None,
        "thanked_on": favor.thanked_on,
    }


def _about(person: Any, facts: dict[str, Any]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    balance = facts["balance"]
    rows = (
        (_("Id"), str(person.pk)),
        (_("Nickname"), person.nickname),
        (_("E-mail"), ", ".join(email.address for email in person.emails.all())),
        (_("Phone"), ", ".join(phone.raw for phone in person.phones.all())),
        (_("Birthday"), _birthday(person)),
        (_("City"), ", ".join(part for part in (person.city, person.country) if part)),
        (_("Circles"), ", ".join(circle.label for circle in person.circles.all())),
        (_("Sectors"), ", ".join(str(sector) for sector in person.sectors.all())),
        (_("Tags"), ", ".join(tag.name for tag in person.tags.all())),
        (_("Closeness"), str(person.closeness or "")),
        (_("Top-list rank"), str(person.priority or "")),
        (_("Introduced by"), person.introduced_by.full_name if person.introduced_by else ""),
        (_("How we met"), person.how_we_met),
        (_("Notes"), person.notes),
        (_("Interactions"), str(facts["interactions"])),
        *_score_rows(facts["scores"]),
        (
            _("Give and take"),
            _("%(given)s given, %(received)s received")
            % {"given": balance.given, "received": balance.received},
        ),
    )
    for label, value in rows:
        if value:
            grid.add_row(label, value)
    return grid


def _score_rows(report: Any) -> list[tuple[str, str]]:
    from entregent import score_text

    facts = report.facts
    percent = score_text.warmth_percent(facts.warmth)
    return [
        (_("Depth"), score_text.sentence(facts)),
        (
            _("Warmth"),
            _("%(percent)s%% chance of being in touch within 30 days") % {"percent": percent},
        ),
        (_("Going cold"), score_text.cold_sentence(facts) or ""),
    ]


def print_details(facts: dict[str, Any]) -> None:
    person, console = facts["person"], out()
    console.print(person.full_name, style="bold", markup=False)
    console.print(_about(person, facts))
    roles = list(person.roles.all())
    if roles:
        grid = table(
            _("Organisation"), pgettext("job", "Title"), _("From"), _("To"), title=_("Roles")
        )
        for role in roles:
            ended = local_date(role.ended_on) if role.ended_on else _("now")
            grid.add_row(role.organization.name, role.title, local_date(role.started_on), ended)
        console.print(grid)
    if facts["timeline"]:
        grid = table(_("When"), _("Kind"), _("With"), _("Summary"), title=_("Recent exchanges"))
        for item in facts["timeline"]:
            others = [p.full_name for p in item.participants.all() if p.pk != person.pk]
            when = local_datetime(item.occurred_at)
            grid.add_row(when, item.get_kind_display(), ", ".join(others), item.summary)
        console.print(grid)
    if facts["favors"]:
        grid = table(_("Date"), _("Way"), _("Kind"), _("Description"), title=_("Give and take"))
        for favor in facts["favors"]:
            way = _("given") if favor.given_by_me else _("received")
            kind = favor.get_kind_display()
            grid.add_row(local_date(favor.occurred_on), way, kind, favor.description)
        console.print(grid)
    if facts["ties"]:
        grid = table(
            _("Id"), pgettext("ties heading", "Knows"), _("Tie"), _("Strength"), title=_("Ties")
        )
        for tie, other in facts["ties"][:20]:
            strength = f"{tie.strength:.1f}"
            grid.add_row(str(other.pk), other.full_name, tie.get_kind_display(), strength)
        console.print(grid)
