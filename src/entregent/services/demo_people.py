"""The demo's people: names, circles, employers, contact points, and how often we talk.

Generated a chunk at a time in memory, then written with a handful of bulk inserts. The
folded search text and sort name are computed exactly as `services.people` computes them,
including the order in which the database lists a person's roles, e-mails and tags.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from entregent.data import demo_vocabulary as vocab
from entregent.engines import text
from entregent.models import EmailAddress, Person, PhoneNumber, Role
from entregent.services.bulk_write import insert_rows, owned_columns
from entregent.services.demo_base import Context, Org, Weighted, slug
from entregent.services.people import search_document_for

# The order the first sixteen people take, one circle each, so that every seeded circle is
# represented; the first ten (the pinned top ten) get the circles people keep closest.
CIRCLE_ORDER = (
    "friends",
    "family",
    "colleagues",
    "clients",
    "partners",
    "former-colleagues",
    "classmates",
    "associations",
    "suppliers",
    "sports",
    "neighbours",
    "local-services",
    "subcontractors",
    "culture",
    "politics",
    "online-networks",
)
CIRCLES = Weighted(CIRCLE_ORDER, (8, 4, 10, 12, 6, 12, 7, 5, 6, 5, 3, 2, 3, 3, 1, 13))
PERSONAL = {"family", "friends", "neighbours", "local-services"}
EXTRA_ORGS = {
    "sports": ("club",),
    "associations": ("association",),
    "culture": ("Chorale Sainte-Cécile", "Ciné-club Lumière", "Les Amis du musée des Beaux-Arts"),
    "politics": ("Parti des Jardins (section locale)", "Mairie du 4e arrondissement"),
}
# How often the owner is in touch: a gap in days, or None for a handful of contacts at random.
GAPS: dict[str, int | None] = {
    "weekly": 7,
    "fortnightly": 14,
    "monthly": 30,
    "quarterly": 91,
    "twice-yearly": 182,
    "rare": None,
    "once": None,
}
# Most people are seen rarely; a few often. Family, friends, colleagues and partners more.
BANDS = Weighted(tuple(GAPS), (3, 6, 14, 25, 20, 22, 10))
CLOSE_BANDS = Weighted(tuple(GAPS), (8, 12, 20, 24, 14, 14, 8))
PAST_ROLES = Weighted((0, 1, 2), (45, 40, 15))
CLOSENESS = {
    "weekly": (4, 5),
    "fortnightly": (3, 5),
    "monthly": (3, 4),
    "quarterly": (2, 3),
    "twice-yearly": (2, 3),
    "rare": (1, 2),
    "once": (1, 1),
}
WINDOW_DAYS = 3 * 365


@dataclass
class RoleSpec:
    org: Org
    title: str
    started_on: dt.date
    ended_on: dt.date | None = None


@dataclass
class Made:
    """One generated person with everything written alongside them."""

    person: Person
    lang: str
    circles: list[str]
    band: str
    roles: list[RoleSpec]
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str, str]] = field(default_factory=list)
    sector_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    employer: Org | None = None  # where they work now (or volunteer, for some)

    def __post_init__(self) -> None:
        current = [role.org for role in self.roles if role.ended_on is None]
        self.employer = current[0] if current else None


def make_people(ctx: Context, first_index: int, ids: list[int]) -> list[Made]:
    return [make_person(ctx, first_index + offset, pid) for offset, pid in enumerate(ids)]


def make_person(ctx: Context, index: int, pid: int) -> Made:
    rng = ctx.rng
    lang = "en" if rng.random() < 0.25 else "fr"
    first, gender = rng.choice(vocab.FIRST_NAMES_EN if lang == "en" else vocab.FIRST_NAMES_FR)
    last_names = vocab.LAST_NAMES_EN if lang == "en" else vocab.LAST_NAMES_FR
    last = rng.choice(vocab.LAST_NAMES_FR if rng.random() < 0.08 else last_names)
    circles = _circles(ctx, index)
    band = "weekly" if index < 10 else _band(ctx, circles[0])
    city, country = rng.choice(vocab.CITIES_EN if lang == "en" else vocab.CITIES)
    person = Person(id=pid, owner=ctx.owner, first_name=first, last_name=last, language=lang)
    person.city, person.country = city, country
    made = Made(person, lang, circles, band, _roles(ctx, circles, gender, lang))
    _describe(ctx, made, index)
    made.emails = _emails(ctx, made)
    made.phones = _phones(ctx, made)
    made.sector_ids = _sectors(ctx, made)
    made.tag_ids = _tags(ctx)
    ctx.person_ids.append(pid)
    if index < 10:
        ctx.top_ids.append(pid)
    elif band in {"weekly", "fortnightly", "monthly"} and len(ctx.sample) < 200:
        ctx.sample.append(pid)
    return made


def _circles(ctx: Context, index: int) -> list[str]:
    first = CIRCLE_ORDER[index] if index < len(CIRCLE_ORDER) else CIRCLES.pick(ctx.rng)
    circles = [first]
    if ctx.rng.random() < 0.2:
        second = CIRCLES.pick(ctx.rng)
        if second != first:
            circles.append(second)
    return circles


def _band(ctx: Context, circle: str) -> str:
    close = circle in {"family", "friends", "colleagues", "partners"}
    band: str = (CLOSE_BANDS if close else BANDS).pick(ctx.rng)
    return band


def _title(ctx: Context, gender: str, lang: str) -> str:
    if lang == "en":
        return ctx.rng.choice(vocab.TITLES_EN)
    masculine, feminine = ctx.rng.choice(vocab.TITLES_FR)
    return feminine if gender == "f" else masculine


def _roles(ctx: Context, circles: list[str], gender: str, lang: str) -> list[RoleSpec]:
    rng = ctx.rng
    started = ctx.days_ago(60, 12 * 365)
    main = circles[0]
    if main == "local-services":
        shop, masculine, feminine = rng.choice(vocab.LOCAL_SERVICE_TITLES)
        roles = [RoleSpec(ctx.by_name[shop], feminine if gender == "f" else masculine, started)]
    elif main == "colleagues" and ctx.home is not None:
        roles = [RoleSpec(ctx.home, _title(ctx, gender, lang), started)]
    elif main in PERSONAL and rng.random() < 0.3:
        roles = []  # retired, studying, or we simply never asked
    else:
        roles = [RoleSpec(ctx.pick_company(), _title(ctx, gender, lang), started)]
    earlier = started
    past_roles = PAST_ROLES.pick(rng) + (main == "former-colleagues")
    for _past in range(past_roles):
        ended = earlier - dt.timedelta(days=rng.randint(0, 90))
        begun = ended - dt.timedelta(days=rng.randint(200, 2500))
        org = ctx.home if main == "former-colleagues" and ctx.home else ctx.pick_company()
        roles.append(RoleSpec(org, _title(ctx, gender, lang), begun, ended))
        earlier = begun
    for circle in circles:
        if circle in EXTRA_ORGS:
            roles.append(_extra_role(ctx, circle, gender, lang))
    return roles


def _extra_role(ctx: Context, circle: str, gender: str, lang: str) -> RoleSpec:
    choices = EXTRA_ORGS[circle]
    if choices[0] in ctx.by_kind:
        pool = ctx.by_kind[choices[0]]
    else:
        pool = [ctx.by_name[name] for name in choices]
    if lang == "en":
        title = ctx.rng.choice(vocab.ASSOCIATION_TITLES_EN)
    else:
        masculine, feminine = ctx.rng.choice(vocab.ASSOCIATION_TITLES_FR)
        title = feminine if gender == "f" else masculine
    return RoleSpec(ctx.rng.choice(pool), title, ctx.days_ago(100, 3000))


def _describe(ctx: Context, made: Made, index: int) -> None:
    """Birthday, closeness, top-list rank, how and when we met."""
    rng, person = ctx.rng, made.person
    if rng.random() < 0.65:
        person.birthday_month = rng.randint(1, 12)
        person.birthday_day = rng.randint(1, 28 if person.birthday_month == 2 else 30)
        person.birthday_year = None if rng.random() < 0.3 else rng.randint(1950, 2001)
    low, high = CLOSENESS[made.band]
    if index < 10 or rng.random() < 0.65:
        person.closeness = rng.randint(max(low, 4) if index < 10 else low, high)
    if index < 10:
        person.priority = index + 1
    if rng.random() < 0.04:
        person.nickname = rng.choice(vocab.NICKNAMES)
    if rng.random() < 0.03:
        person.cadence_days = rng.choice((14, 30, 60, 90))
    if rng.random() < 0.1:
        person.notes = rng.choice(vocab.NOTES)
    if rng.random() < 0.15:
        person.how_we_met = rng.choice(vocab.HOW_WE_MET)
    if made.circles[0] not in {"family", "neighbours", "local-services"} and rng.random() < 0.35:
        person.linkedin_url = f"https://www.linkedin.com/in/{slug(str(person))}-{index}"
    _first_met(ctx, made, index)


def _first_met(ctx: Context, made: Made, index: int) -> None:
    rng, person = ctx.rng, made.person
    if made.band in {"rare", "once"} or rng.random() < 0.15:
        person.first_met_on = ctx.days_ago(1, WINDOW_DAYS)
        if ctx.past_events and rng.random() < 0.25:
            event = rng.choice(ctx.past_events)
            person.met_at_event_id, person.first_met_on = event.id, event.starts_on
    elif rng.random() < 0.7:
        person.first_met_on = ctx.days_ago(WINDOW_DAYS, 25 * 365)
    if index >= 10 and ctx.person_ids and rng.random() < 0.06:
        person.introduced_by_id = ctx.recent_person(5000)


def _unique_address(ctx: Context, local: str, domain: str) -> str:
    address, number = f"{local}@{domain}", 1
    while address in ctx.emails_seen:
        number += 1
        address = f"{local}{number}@{domain}"
    ctx.emails_seen.add(address)
    return address


def _emails(ctx: Context, made: Made) -> list[tuple[str, str]]:
    local = f"{slug(made.person.first_name)}.{slug(made.person.last_name)}".strip(".")
    emails = []
    employer = made.employer
    if employer is not None and employer.kind == "company" and ctx.rng.random() < 0.75:
        emails.append((_unique_address(ctx, local, employer.domain), "work"))
    if ctx.rng.random() < 0.55 or not emails:
        home = (_unique_address(ctx, local, ctx.rng.choice(vocab.PERSONAL_DOMAINS)), "home")
        # Friends and family are written to at home first; everyone else at work.
        position = 0 if made.circles[0] in PERSONAL else len(emails)
        emails.insert(position, home)
    return emails if ctx.rng.random() < 0.93 else []


def _phones(ctx: Context, made: Made) -> list[tuple[str, str, str]]:
    rng, phones = ctx.rng, []
    if rng.random() < 0.8:
        if made.person.country in {"GB", "IE"}:
            digits = f"7{rng.randint(100, 999)}{rng.randint(100000, 999999)}"
            phones.append((f"+44 {digits[:4]} {digits[4:]}", f"+44{digits}", "mobile"))
        else:
            digits = f"{rng.choice('67')}{rng.randint(10000000, 99999999)}"
            pairs = " ".join(digits[i : i + 2] for i in range(1, 9, 2))
            raw = rng.choice((f"0{digits[0]} {pairs}", f"+33 {digits[0]} {pairs}", f"0{digits}"))
            phones.append((raw, f"+33{digits}", "mobile"))
    if made.employer is not None and rng.random() < 0.15:
        digits = f"{rng.randint(1, 5)}{rng.randint(10000000, 99999999)}"
        pairs = " ".join(digits[i : i + 2] for i in range(1, 9, 2))
        phones.append((f"0{digits[0]} {pairs}", f"+33{digits}", "work"))
    return phones


def _sectors(ctx: Context, made: Made) -> list[int]:
    ids = [role.org.sector_id for role in made.roles if role.ended_on is None]
    if ctx.rng.random() < 0.1:
        ids.append(ctx.pick_company().sector_id)
    return list(dict.fromkeys(pk for pk in ids if pk is not None))


def _tags(ctx: Context) -> list[int]:
    rng, chosen = ctx.rng, []
    if rng.random() < 0.3:
        chosen += rng.sample(ctx.tags["expertise"], rng.randint(1, 2))
    if rng.random() < 0.2:
        chosen.append(rng.choice(ctx.tags["interest"]))
    return chosen


def _role_order(roles: list[RoleSpec]) -> list[RoleSpec]:
    """Roles in the order the database lists them (Role.Meta.ordering, NULLs per vendor)."""
    nulls_last = connection.features.nulls_order_largest

    def key(item: tuple[int, RoleSpec]) -> tuple[object, ...]:
        index, role = item
        ended, started = role.ended_on, role.started_on
        ended_key = ((ended is None) == nulls_last, ended or dt.date.min)
        started_key = ((started is None) != nulls_last, -(started or dt.date.min).toordinal())
        return (ended_key, started_key, index)

    return [role for _index, role in sorted(enumerate(roles), key=key)]


def finish_search(ctx: Context, made: Made) -> None:
    """sort_name and search_text, as services.people.refresh_search would compute them."""
    person = made.person
    roles = _role_order(made.roles)
    organizations = [role.org.name for role in roles]
    titles = [role.title for role in roles if role.title]
    tags = sorted(made.tag_ids, key=ctx.tag_rank.__getitem__)
    names = [ctx.tag_names[pk] for pk in tags]
    emails = [address for address, _label in made.emails]
    person.search_text = search_document_for(person, emails, organizations + titles, names)
    person.sort_name = text.sort_key(person.first_name, person.last_name, person.nickname)


def write_people(ctx: Context, made_people: list[Made]) -> None:
    for made in made_people:
        finish_search(ctx, made)
    Person.objects.bulk_create([made.person for made in made_people], batch_size=1000)
    owned = (ctx.owner.pk, ctx.now, ctx.now)
    emails, phones, roles = [], [], []
    circles, sectors, tags = [], [], []
    for made in made_people:
        pid = made.person.pk
        for index, (address, label) in enumerate(made.emails):
            emails.append((*owned, pid, address, address.lower(), label, index == 0))
        for index, (raw, e164, label) in enumerate(made.phones):
            phones.append((*owned, pid, raw, e164, label, index == 0))
        for role in made.roles:
            roles.append((*owned, pid, role.org.id, role.title, role.started_on, role.ended_on))
        circles += [(pid, ctx.circles[key]) for key in made.circles]
        sectors += [(pid, pk) for pk in made.sector_ids]
        tags += [(pid, pk) for pk in made.tag_ids]
    email_fields = owned_columns("person address address_normalized label is_primary")
    insert_rows(EmailAddress, email_fields, emails)
    insert_rows(PhoneNumber, owned_columns("person raw e164 label is_primary"), phones)
    insert_rows(Role, owned_columns("person organization title started_on ended_on"), roles)
    insert_rows(Person.circles.through, ("person", "circle"), circles)
    insert_rows(Person.sectors.through, ("person", "sector"), sectors)
    insert_rows(Person.tags.through, ("person", "tag"), tags)
    ctx.counts.people += len(made_people)
    for table, rows in (("emails", emails), ("phones", phones), ("roles", roles)):
        ctx.counts.add(table, len(rows))
