"""Writing an import: a handful of bulk inserts, and the ImportChange rows that make undo.

People this import creates go in with `executemany`/COPY (`bulk_write.insert_rows`), every
column filled here, with the search text and sort name computed exactly as
`services.people.refresh_search` computes them: a row-by-row `create_person` cannot write
30,000 people in the time budget. People who were already there are updated through the
ORM, one by one, and their search text refreshed by `refresh_search` itself.

What undo needs: a "created" change for the rows made (people, organisations, tags,
interactions, favours, and the e-mails, phones, links and roles added to people who were
already there; their circles and tags as `Person.circles`/`Person.tags` with the circle or
tag id in `before`), and an "updated" change with the values before and after for each
person or organisation whose fields were filled. A run of consecutive ids created is one
change: `object_id` is the first, `before` is {"last": the last id} (an import of 30,000
people writes a handful of change rows, not 30,000).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import DateField, DateTimeField, Field, Model
from django.utils import timezone

from entregent.models import (
    ChangeAction,
    EmailAddress,
    Favor,
    ImportChange,
    Interaction,
    Link,
    Organization,
    Participation,
    Person,
    PhoneNumber,
    Role,
    Tag,
)
from entregent.services.bulk_write import insert_rows, owned_columns
from entregent.services.import_books import IdPool, OrgBook, TagBook
from entregent.services.import_people import PersonState, person_values
from entregent.services.import_prepare import Prepared
from entregent.services.matching import folded, search_document, sort_key

_PHOTO_EXTENSIONS = {"jpeg": "jpg", "jpg": "jpg", "png": "png", "gif": "gif", "webp": "webp"}


class RowBuilder:
    """Rows of a model from dicts of the values given; the other columns take their default.

    Columns whose default is NULL and that no row gives are left out of the INSERT: a
    person row has a dozen such (scores, event met at...), and binding them costs a quarter
    of the time SQLite spends on 30,000 people.
    """

    def __init__(self, model: type[Model], now: dt.datetime) -> None:
        self.model = model
        fields = cast("list[Field[Any, Any]]", list(model._meta.concrete_fields))
        self.names = [field.attname for field in fields]
        self.adapt: dict[str, Callable[[Any], Any]] = {}
        self.defaults: dict[str, Any] = {}
        ops = connection.ops
        for field in fields:
            if isinstance(field, DateTimeField):
                self.adapt[field.attname] = ops.adapt_datetimefield_value
            elif isinstance(field, DateField):
                self.adapt[field.attname] = ops.adapt_datefield_value
            auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            default = now if auto else field.get_default()
            self.defaults[field.attname] = field.get_db_prep_save(default, connection)

    def layout(self, given: Iterable[str]) -> tuple[list[str], list[Any], dict[str, int]]:
        """The columns of rows that give `given` (with those whose default is not NULL), the
        row of their defaults, and the place of each column."""
        wanted = set(given)
        names = [n for n in self.names if n in wanted or self.defaults[n] is not None]
        template = [self.defaults[name] for name in names]
        return names, template, {name: index for index, name in enumerate(names)}

    def insert(self, rows: list[dict[str, Any]]) -> int:
        names, template, position = self.layout(set().union(*rows))
        adapt = self.adapt
        tuples = []
        for values in rows:
            found = template.copy()
            for name, value in values.items():
                found[position[name]] = adapt[name](value) if name in adapt else value
            tuples.append(found)
        return insert_rows(self.model, names, tuples)


class Writer:
    """Collects rows during the write phase, then inserts them table by table."""

    def __init__(self, owner: Any, batch_id: int, *, save_photos: bool) -> None:
        self.owner = owner
        self.batch_id = batch_id
        self.save_photos = save_photos
        self.now = timezone.now()
        self.builders: dict[type[Model], RowBuilder] = {}
        self.pools: dict[type[Model], IdPool] = {}
        self.changes: list[tuple[str, int, str, Any]] = []
        self.saved_files: list[str] = []
        self.pending: dict[type[Model], list[dict[str, Any]]] = {}

    def builder(self, model: type[Model]) -> RowBuilder:
        if model not in self.builders:
            self.builders[model] = RowBuilder(model, self.now)
        return self.builders[model]

    def pool(self, model: type[Model]) -> IdPool:
        if model not in self.pools:
            self.pools[model] = IdPool(model)
        return self.pools[model]

    def created(self, model: str, ids: Iterable[int], *, ordered: bool = False) -> None:
        """Rows made, for undo: a run of consecutive ids is one change (see `id_runs`)."""
        for first, last in id_runs(ids, ordered=ordered):
            before = None if first == last else {"last": last}
            self.changes.append((model, first, ChangeAction.CREATED, before))

    def insert(self, model: type[Model], rows: list[dict[str, Any]]) -> None:
        if rows:
            self.builder(model).insert(rows)

    def owned(self, model: type[Model], values: dict[str, Any], *, record: bool) -> None:
        """One owned row, held until `flush`, with an id from the pool (for undo when asked)."""
        values["id"] = pk = self.pool(model).take()
        values["owner_id"] = self.owner.pk
        self.pending.setdefault(model, []).append(values)
        if record:
            self.created(model.__name__, [pk])

    def flush(self, *models: type[Model]) -> None:
        for model in models:
            self.insert(model, self.pending.pop(model, []))

    def photo(self, data: tuple[bytes, str]) -> str:
        if not self.save_photos:
            return ""
        content, mime = data
        extension = _PHOTO_EXTENSIONS.get(mime.rsplit("/", 1)[-1].lower(), "bin")
        name = default_storage.save(f"photos/{uuid.uuid4().hex}.{extension}", ContentFile(content))
        self.saved_files.append(name)
        return name

    def write_changes(self) -> None:
        before_field = ImportChange._meta.get_field("before")
        rows = [
            (
                self.batch_id,
                model,
                pk,
                action,
                None if before is None else before_field.get_db_prep_save(before, connection),
            )
            for model, pk, action, before in self.changes
        ]
        insert_rows(ImportChange, ("batch", "model", "object_id", "action", "before"), rows)
        self.changes = []


def id_runs(ids: Iterable[int], *, ordered: bool = False) -> list[tuple[int, int]]:
    """Runs of consecutive ids, as (first, last). An import hands out its ids in blocks, so
    30,000 people created are a few runs: a few ImportChange rows, not 30,000. `ordered`:
    the ids come sorted already."""
    runs: list[tuple[int, int]] = []
    for pk in ids if ordered else sorted(ids):
        if runs and pk == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], pk)
        else:
            runs.append((pk, pk))
    return runs


def write_books(
    writer: Writer, orgs: OrgBook, tags: TagBook, org_values: dict[int, dict[str, str]]
) -> None:
    """The organisations and tags this import names for the first time."""
    writer.insert(
        Organization,
        [
            {
                **org_values.get(pk, {}),
                "id": pk,
                "owner_id": writer.owner.pk,
                "name": name,
                "name_folded": folded(name),
            }
            for pk, name in orgs.new.items()
        ],
    )
    writer.created("Organization", orgs.new)
    writer.insert(
        Tag,
        [
            {
                "id": pk,
                "owner_id": writer.owner.pk,
                "name": name,
                "name_folded": folded(name),
                "kind": kind,
            }
            for pk, (name, kind) in tags.new.items()
        ],
    )
    writer.created("Tag", tags.new)


PERSON_VALUES = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "nickname",
    "linkedin_url",
    "city",
    "country",
    "notes",
    "first_met_on",
)


# Someone this import creates from one record: the record, their organisation and tags.
Fresh = tuple[Prepared, int | None, list[int]]


class _Names(dict[int, str]):
    """Names by id of the organisations or tags this import creates; the owner's others are
    read, all at once, the first time one of them is asked for."""

    def __init__(self, new: dict[int, str], owner: Any, model: type[Organization | Tag]) -> None:
        super().__init__(new)
        self.owner = owner
        self.model = model

    def __missing__(self, pk: int) -> str:
        self.update(self.model._default_manager.filter(owner=self.owner).values_list("id", "name"))
        return self[pk]


# What the row of someone an import creates may hold.
_PERSON_COLUMNS = (
    "id",
    "owner_id",
    *PERSON_VALUES,
    "birthday_year",
    "birthday_month",
    "birthday_day",
    "photo",
    "search_text",
    "sort_name",
)


class _Rows:
    """The rows of the people an import creates, table by table, before the inserts.

    A person's row is made in place, in the order of its columns (`RowBuilder.layout`).
    """

    def __init__(self, writer: Writer, org_names: dict[int, str], tag_names: dict[int, str]):
        now = connection.ops.adapt_datetimefield_value(writer.now)
        self.writer = writer
        self.owned = (writer.owner.pk, now, now)
        self.org_names = org_names
        self.tag_names = tag_names
        self.columns, self.template, self.place = writer.builder(Person).layout(_PERSON_COLUMNS)
        self.template[self.place["owner_id"]] = writer.owner.pk
        self.adapt_day = connection.ops.adapt_datefield_value
        self.people: list[list[Any]] = []
        self.emails: list[tuple[Any, ...]] = []
        self.phones: list[tuple[Any, ...]] = []
        self.links: list[tuple[Any, ...]] = []
        self.roles: list[tuple[Any, ...]] = []
        self.circles: list[tuple[int, int]] = []
        self.tags: list[tuple[int, int]] = []

    def add(self, person: PersonState | Fresh, pid: int) -> None:
        if isinstance(person, PersonState):
            self.person(
                pid,
                person.values,
                person.photo,
                person.new_emails,
                person.new_phones,
                person.new_links,
                person.new_roles,
                person.new_circles,
                person.new_tags,
            )
            return
        item, org_id, tag_ids = person
        values, photo = person_values(item)
        self.person(
            pid,
            values,
            photo,
            item.emails,
            item.phones,
            [(kind, url) for kind, url, _key in item.links] if item.links else [],
            [] if org_id is None else [(org_id, item.title)],
            item.circle_ids,
            list(dict.fromkeys(tag_ids)) if tag_ids else [],
        )

    def person(
        self,
        pid: int,
        values: dict[str, Any],
        photo: tuple[bytes, str] | None,
        emails: list[tuple[str, str, str]],
        phones: list[tuple[str, str, str]],
        links: list[tuple[str, str]],
        roles: list[tuple[int, str]],
        circles: list[int],
        tags: list[int],
    ) -> None:
        """One person's row and those of their contact points, roles, circles and tags."""
        owned = self.owned
        if photo is not None:
            values["photo"] = self.writer.photo(photo)
        get = values.get
        first, last, nickname = get("first_name", ""), get("last_name", ""), get("nickname", "")
        # The parts, in their order, of services.people.search_document_for.
        parts = [get("prefix"), first, get("middle_name"), last, nickname, get("city")]
        if emails:
            self.emails += [
                (*owned, pid, address, normalized, label, index == 0)
                for index, (address, normalized, label) in enumerate(emails)
            ]
            parts += [address for address, _n, _l in emails]
        if phones:
            self.phones += [
                (*owned, pid, raw, e164, label, index == 0)
                for index, (raw, e164, label) in enumerate(phones)
            ]
        if links:
            self.links += [(*owned, pid, kind, url) for kind, url in links]
        if roles:
            titles = []
            for org, title in roles:
                self.roles.append((*owned, pid, org, title))
                parts.append(self.org_names[org])
                if title:
                    titles.append(title)
            parts += titles
        for circle in circles:
            self.circles.append((pid, circle))
        if tags:
            self.tags += [(pid, tag) for tag in tags]
            parts += [self.tag_names[tag] for tag in tags]
        row, place = self.template.copy(), self.place
        for name, value in values.items():
            row[place[name]] = value
        if (met := values.get("first_met_on")) is not None:
            row[place["first_met_on"]] = self.adapt_day(met)
        row[place["search_text"]] = search_document(*parts)
        row[place["sort_name"]] = sort_key(first, last, nickname)
        row[place["id"]] = pid
        self.people.append(row)

    def insert(self) -> None:
        insert_rows(Person, self.columns, self.people)
        email_columns = "person address address_normalized label is_primary"
        insert_rows(EmailAddress, owned_columns(email_columns), self.emails)
        insert_rows(PhoneNumber, owned_columns("person raw e164 label is_primary"), self.phones)
        insert_rows(Link, owned_columns("person kind url"), self.links)
        insert_rows(Role, owned_columns("person organization title"), self.roles)
        insert_rows(Person.circles.through, ("person", "circle"), self.circles)
        insert_rows(Person.tags.through, ("person", "tag"), self.tags)


def write_new_people(
    writer: Writer, people: dict[int, PersonState | Fresh], orgs: OrgBook, tags: TagBook
) -> None:
    """People this import creates (by id, in order), with their contact points, roles,
    circles and tags: from their one record, or their state when several named them.

    Their e-mails, phones, links and roles take ids from the table's own sequence: undo
    removes them with the person. (Rows added to people already there come later, with ids
    from a pool, so that the two never collide.)
    """
    tag_names = _Names({pk: name for pk, (name, _kind) in tags.new.items()}, writer.owner, Tag)
    rows = _Rows(writer, _Names(orgs.new, writer.owner, Organization), tag_names)
    for pid, person in people.items():
        rows.add(person, pid)
    rows.insert()
    writer.created("Person", people, ordered=True)


def write_interactions(writer: Writer, items: list[tuple[dict[str, Any], list[int]]]) -> None:
    """Interactions (values without id) and their participants."""
    rows, participations = [], []
    pool = writer.pool(Interaction)
    for values, people in items:
        pk = pool.take()
        rows.append({**values, "id": pk, "owner_id": writer.owner.pk})
        when = connection.ops.adapt_datetimefield_value(values["occurred_at"])
        participations += [(pk, person, when) for person in people]
    writer.insert(Interaction, rows)
    writer.created("Interaction", (row["id"] for row in rows))
    insert_rows(Participation, ("interaction", "person", "occurred_at"), participations)


def write_favors(writer: Writer, items: list[dict[str, Any]]) -> None:
    pool = writer.pool(Favor)
    rows = [{**values, "id": pool.take(), "owner_id": writer.owner.pk} for values in items]
    writer.insert(Favor, rows)
    writer.created("Favor", (row["id"] for row in rows))
