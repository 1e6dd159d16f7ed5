"""People: add, edit, archive a person, with their contact points, circles, sectors and roles.

The one write path for persons: web forms, the API, the command line and importers call these
functions. Each keeps the folded search text and sort name in step with the facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entregent.engines import text
from entregent.models import (
    Circle,
    EmailAddress,
    Event,
    Link,
    LinkKind,
    Organization,
    Person,
    PhoneNumber,
    Role,
    Sector,
    Tag,
    TagKind,
)
from entregent.services import accounts, scores
from entregent.services.validation import (
    check_country,
    check_range,
    normalize_email,
    normalize_phone,
    normalize_url,
    parse_birthday,
)

# Fields copied as they are onto Person (after stripping).
_PLAIN_TEXT = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "nickname",
    "city",
    "language",
    "notes",
    "how_we_met",
)


@dataclass
class PersonData:
    """What a user may say about a person. For lists, None means "leave unchanged"."""

    prefix: str = ""
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    nickname: str = ""
    emails: list[str] | None = None
    phones: list[str] | None = None
    linkedin_url: str = ""
    websites: list[str] | None = None
    birthday: str = ""
    city: str = ""
    country: str = ""
    language: str = ""
    notes: str = ""
    how_we_met: str = ""
    met_at_event_id: int | None = None
    introduced_by_id: int | None = None
    first_met_on: dt.date | None = None
    closeness: int | None = None
    priority: int | None = None
    cadence_days: int | None = None
    circle_ids: list[int] | None = None
    sector_codes: list[str] | None = None
    expertise: list[str] | None = None
    interests: list[str] | None = None
    organization: str = ""
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_person(cls, person: Person) -> PersonData:
        """The current facts of a person, as a form would show them."""
        data = cls(**{name: getattr(person, name) for name in _PLAIN_TEXT})
        data.country = person.country
        data.linkedin_url = person.linkedin_url
        data.emails = [email.address for email in person.emails.all()]
        data.phones = [phone.raw for phone in person.phones.all()]
        data.websites = [link.url for link in person.links.all() if link.kind == LinkKind.WEBSITE]
        if person.birthday_day and person.birthday_month:
            data.birthday = (
                f"{person.birthday_year:04d}-{person.birthday_month:02d}-{person.birthday_day:02d}"
                if person.birthday_year
                else f"--{person.birthday_month:02d}-{person.birthday_day:02d}"
            )
        for name in ("first_met_on", "closeness", "priority", "cadence_days"):
            setattr(data, name, getattr(person, name))
        data.met_at_event_id = person.met_at_event_id
        data.introduced_by_id = person.introduced_by_id
        data.circle_ids = [circle.pk for circle in person.circles.all()]
        data.sector_codes = [sector.code for sector in person.sectors.all()]
        tags = list(person.tags.all())
        data.expertise = [tag.name for tag in tags if tag.kind == TagKind.EXPERTISE]
        data.interests = [tag.name for tag in tags if tag.kind == TagKind.INTEREST]
        current = next((role for role in person.roles.all() if role.is_current), None)
        if current is not None:
            data.organization = current.organization.name
            data.title = current.title
        return data


@dataclass
class _Cleaned:
    values: dict[str, Any]
    emails: list[str] | None
    phones: list[tuple[str, str]] | None
    websites: list[str] | None


def _clean(owner: Any, data: PersonData) -> _Cleaned:
    """Check everything before writing anything; collect every error, keyed by field."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {name: getattr(data, name).strip() for name in _PLAIN_TEXT}
    emails = phones = websites = None

    def attempt(func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
            return None

    if not any(values[name] for name in ("first_name", "last_name", "nickname")):
        errors["first_name"] = [_("Give at least a first name, a last name or a nickname.")]
    values["country"] = attempt(check_country, data.country) or ""
    birthday = attempt(parse_birthday, data.birthday)
    values["birthday_day"] = birthday.day if birthday else None
    values["birthday_month"] = birthday.month if birthday else None
    values["birthday_year"] = birthday.year if birthday else None
    values["linkedin_url"] = (
        attempt(normalize_url, data.linkedin_url, "linkedin_url") or ""
        if data.linkedin_url.strip()
        else ""
    )
    values["closeness"] = attempt(check_range, data.closeness, 1, 5, "closeness")
    values["priority"] = attempt(check_range, data.priority, 1, 1000, "priority")
    values["cadence_days"] = attempt(check_range, data.cadence_days, 1, 3650, "cadence_days")
    values["first_met_on"] = data.first_met_on
    values["met_at_event"] = _owned_or_error(
        owner, Event, data.met_at_event_id, "met_at_event", errors
    )
    values["introduced_by"] = _owned_or_error(
        owner, Person, data.introduced_by_id, "introduced_by", errors
    )
    if data.emails is not None:
        emails = [attempt(normalize_email, e) for e in _unique(data.emails)]
    if data.phones is not None:
        region = values["country"] or accounts.profile_for(owner).country
        phones = [(raw, attempt(normalize_phone, raw, region)) for raw in _unique(data.phones)]
    if data.websites is not None:
        websites = [attempt(normalize_url, url, "websites") for url in _unique(data.websites)]
    if errors:
        raise ValidationError(errors)
    return _Cleaned(values, emails, phones, websites)


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        if item.strip():
            seen.setdefault(item.strip().lower(), item.strip())
    return list(seen.values())


def _owned_or_error(
    owner: Any, model: Any, pk: int | None, name: str, errors: dict[str, list[str]]
) -> Any:
    if pk is None:
        return None
    found = model.objects.owned_by(owner).filter(pk=pk).first()
    if found is None:
        errors.setdefault(name, []).append(_("No such record in your network."))
    return found


@transaction.atomic
def create_person(owner: Any, data: PersonData) -> Person:
    cleaned = _clean(owner, data)
    person = Person(owner=owner, **cleaned.values)
    person.save()
    _write_related(owner, person, data, cleaned)
    refresh_search(person)
    # A pinned person or one with a cadence is due from the day they are added.
    scores.update_people(owner, [person.pk])
    return person


@transaction.atomic
def update_person(owner: Any, person: Person, data: PersonData) -> Person:
    _check_owner(owner, person)
    cleaned = _clean(owner, data)
    if cleaned.values["introduced_by"] is not None and cleaned.values["introduced_by"] == person:
        raise ValidationError({"introduced_by": _("A person cannot introduce themselves.")})
    for name, value in cleaned.values.items():
        setattr(person, name, value)
    person.save()
    _write_related(owner, person, data, cleaned)
    refresh_search(person)
    scores.update_people(owner, [person.pk])  # closeness, circles, first meeting, cadence
    return person


def _check_owner(owner: Any, obj: Any) -> None:
    if obj.owner_id != owner.pk:
        raise PermissionError("not the owner of this record")


def _write_related(owner: Any, person: Person, data: PersonData, cleaned: _Cleaned) -> None:
    if cleaned.emails is not None:
        person.emails.all().delete()
        EmailAddress.objects.bulk_create(
            EmailAddress(
                owner=owner,
                person=person,
                address=address,
                address_normalized=address.lower(),
                is_primary=index == 0,
            )
            for index, address in enumerate(cleaned.emails)
        )
    if cleaned.phones is not None:
        person.phones.all().delete()
        PhoneNumber.objects.bulk_create(
            PhoneNumber(owner=owner, person=person, raw=raw, e164=e164, is_primary=index == 0)
            for index, (raw, e164) in enumerate(cleaned.phones)
        )
    if cleaned.websites is not None:
        # Only plain websites are edited here; Mastodon, GitHub... links keep their kind.
        person.links.filter(kind=LinkKind.WEBSITE).delete()
        Link.objects.bulk_create(
            Link(owner=owner, person=person, kind=LinkKind.WEBSITE, url=url)
            for url in cleaned.websites
        )
    if data.circle_ids is not None:
        person.circles.set(Circle.objects.owned_by(owner).filter(pk__in=data.circle_ids))
    if data.sector_codes is not None:
        person.sectors.set(Sector.objects.filter(code__in=data.sector_codes))
    if data.expertise is not None or data.interests is not None:
        _set_tags(owner, person, data)
    if data.organization.strip():
        set_current_role(owner, person, data.organization, data.title)


def _set_tags(owner: Any, person: Person, data: PersonData) -> None:
    keep = [
        tag
        for tag in person.tags.all()
        if (tag.kind == TagKind.EXPERTISE and data.expertise is None)
        or (tag.kind == TagKind.INTEREST and data.interests is None)
    ]
    for kind, names in ((TagKind.EXPERTISE, data.expertise), (TagKind.INTEREST, data.interests)):
        keep.extend(get_or_create_tag(owner, name, kind) for name in _unique(names or []))
    person.tags.set(keep)


def get_or_create_tag(owner: Any, name: str, kind: str) -> Tag:
    tag, _created = Tag.objects.get_or_create(
        owner=owner,
        kind=kind,
        name_folded=text.fold(name),
        defaults={"name": name.strip()},
    )
    return tag


def get_or_create_organization(owner: Any, name: str, **defaults: Any) -> Organization:
    name = name.strip()
    if not name:
        raise ValidationError({"organization": _("Give the organisation a name.")})
    organization, _created = Organization.objects.get_or_create(
        owner=owner, name_folded=text.fold(name), defaults={"name": name, **defaults}
    )
    return organization


def set_current_role(owner: Any, person: Person, organization_name: str, title: str = "") -> Role:
    """Make `organization_name` the person's current employer, closing the previous role."""
    organization = get_or_create_organization(owner, organization_name)
    current: list[Role] = [
        role for role in person.roles.select_related("organization") if role.is_current
    ]
    for role in current:
        if role.organization_id == organization.pk:
            if title.strip() and role.title != title.strip():
                role.title = title.strip()
                role.save(update_fields=["title", "updated_at"])
            return role
    today = dt.date.today()
    for previous in current:
        previous.ended_on = max(today, previous.started_on or today)
        previous.save(update_fields=["ended_on", "updated_at"])
    created: Role = Role.objects.create(
        owner=owner, person=person, organization=organization, title=title.strip()
    )
    return created


@transaction.atomic
def add_role(
    owner: Any,
    person: Person,
    organization_name: str,
    *,
    title: str = "",
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> Role:
    _check_owner(owner, person)
    if started_on and ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": _("A role cannot end before it starts.")})
    organization = get_or_create_organization(owner, organization_name)
    role: Role = Role.objects.create(
        owner=owner,
        person=person,
        organization=organization,
        title=title.strip(),
        started_on=started_on,
        ended_on=ended_on,
    )
    refresh_search(person)
    return role


def set_archived(owner: Any, person: Person, *, archived: bool) -> Person:
    _check_owner(owner, person)
    person.archived = archived
    person.save(update_fields=["archived", "updated_at"])
    return person


def search_document_for(
    person: Person, emails: list[str], organizations: list[str], tags: list[str]
) -> str:
    """The folded text a search looks in: names, e-mails, employers, city, tags."""
    return text.search_document(
        person.prefix,
        person.first_name,
        person.middle_name,
        person.last_name,
        person.nickname,
        person.city,
        *emails,
        *organizations,
        *tags,
    )


def refresh_search(person: Person) -> None:
    """Recompute the folded search text and sort name from the person's current facts."""
    emails = list(person.emails.values_list("address", flat=True))
    organizations = list(person.roles.values_list("organization__name", flat=True))
    titles = list(person.roles.exclude(title="").values_list("title", flat=True))
    tags = list(person.tags.values_list("name", flat=True))
    person.search_text = search_document_for(person, emails, organizations + titles, tags)
    person.sort_name = text.sort_key(person.first_name, person.last_name, person.nickname)
    Person.objects.filter(pk=person.pk).update(
        search_text=person.search_text, sort_name=person.sort_name
    )


def person_data_fields() -> list[str]:
    return [f.name for f in fields(PersonData)]
