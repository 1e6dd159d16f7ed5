"""Rows of a backup into the database: a chunk at a time, every reference translated.

`Loader` reads the records of `data.jsonl` (see `entregent.io.backup`) one by one and
writes them a chunk at a time with explicit ids: the old ids when the database holds no
network yet, else fresh ones in the order of the old. Each foreign key, many-to-many link
and import record goes through the id maps, so a reference to a row the backup does not
hold stops the restore with the line it was on. Time stamps are written as they were.
"""

from __future__ import annotations

import bisect
import json
from array import array
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from entregent.io.backup import (
    CHUNK,
    DATA,
    TABLES,
    TABLES_BY_KEY,
    BackupError,
    Progress,
    Table,
    columns,
    is_sector,
    m2m_fields,
    through_model,
)

_MISSING = object()


class IdMap:
    """Old id to new id for one table, compact: two arrays of 8-byte integers.

    A backup lists rows by id, so old ids come in increasing order and a binary search
    finds them; a hand-edited file out of order falls back to a dict for the stragglers.
    When ids are kept, only the old ids are stored. 6 million rows take about 100 MB
    instead of the 600 MB a dict of ints would.
    """

    def __init__(self, *, identity: bool) -> None:
        self.identity = identity
        self.old = array("q")
        self.new = array("q")
        self.stragglers: dict[int, int] = {}

    def add(self, old: int, new: int) -> None:
        if not self.old or old > self.old[-1]:
            self.old.append(old)
            if not self.identity:
                self.new.append(new)
        else:
            self.stragglers[old] = new

    def get(self, old: int) -> int | None:
        index = bisect.bisect_left(self.old, old)
        if index < len(self.old) and self.old[index] == old:
            return old if self.identity else self.new[index]
        return self.stragglers.get(old)

    def __contains__(self, old: int) -> bool:
        return self.get(old) is not None


class Loader:
    """Rows in, a chunk at a time; references translated through the id maps."""

    def __init__(
        self, owner: Any, *, keep_ids: bool, progress: Progress | None, total: int
    ) -> None:
        from entregent.models import Sector

        self.owner = owner
        self.keep_ids = keep_ids
        self.progress = progress
        self.total = total
        self.done = 0
        self.maps = {table.key: IdMap(identity=keep_ids) for table in TABLES}
        self.maps["profile"] = IdMap(identity=False)  # the account's own profile may differ
        self.sectors = dict(Sector.objects.values_list("code", "id"))
        self.counts: dict[str, int] = {}
        self.warnings: list[str] = []
        self.rows: list[tuple[int, dict[str, Any]]] = []
        self.pairs: list[tuple[int, list[Any]]] = []
        self.current = ""
        self.introducers: list[tuple[int, int, int]] = []  # (line, new person id, old id)

    def feed(self, number: int, raw: bytes) -> None:
        if not raw.strip():
            return
        try:
            record = json.loads(raw)
        except ValueError:
            raise _error(number, _("this line is not JSON")) from None
        if not isinstance(record, dict):
            raise _error(number, _("this line is not a record"))
        key = record.get("model") or record.get("m2m")
        if not isinstance(key, str):
            raise _error(number, _("this line names no table"))
        if key != self.current:
            self.flush()
            self.current = key
        if "model" in record:
            self.rows.append((number, record))
        else:
            self.pairs.append((number, record.get("pair") or []))
        if len(self.rows) + len(self.pairs) >= CHUNK:
            self.flush()

    def finish(self) -> None:
        self.flush()
        self._set_introducers()

    def flush(self) -> None:
        if self.rows:
            table = TABLES_BY_KEY.get(self.current)
            if table is None:
                raise _error(
                    self.rows[0][0], _("unknown table “%(name)s”") % {"name": self.current}
                )
            if self.current != "person":
                self._set_introducers()
            _write_rows(self, table, self.rows)
            self._count(self.current, len(self.rows))
        if self.pairs:
            _write_pairs(self, self.current, self.pairs)
            self._count(self.current, len(self.pairs))
        self.rows, self.pairs = [], []

    def _count(self, key: str, count: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + count
        self.done += count
        if self.progress:
            self.progress(self.done, self.total)

    def reference(self, number: int, key: str, old: Any) -> int:
        """The id that row `old` of table `key` has now; an error if the backup lacks it."""
        found = self.maps[key].get(old) if isinstance(old, int) else None
        if found is None:
            raise _error(
                number,
                _("it refers to %(table)s #%(id)s, which is not in the backup")
                % {"table": key, "id": old},
            )
        return found

    def _set_introducers(self) -> None:
        """Person.introduced_by, once every person is in (one may introduce an earlier one)."""
        from entregent.models import Person

        by_introducer: dict[int, list[int]] = {}
        for number, person_id, old in self.introducers:
            by_introducer.setdefault(self.reference(number, "person", old), []).append(person_id)
        for introducer, people in by_introducer.items():
            for start in range(0, len(people), CHUNK):
                Person.objects.filter(pk__in=people[start : start + CHUNK]).update(
                    introduced_by_id=introducer
                )
        self.introducers = []


def _error(number: int, message: str) -> BackupError:
    return BackupError(
        _("%(file)s, line %(line)s: %(message)s.")
        % {"file": DATA, "line": number, "message": message}
    )


def parse_value(column: Any, value: Any, number: int) -> Any:
    try:
        return column.to_python(value)
    except (ValidationError, TypeError, ValueError):
        raise _error(
            number,
            _("“%(value)s” is not a valid %(field)s") % {"value": value, "field": column.name},
        ) from None


def _write_rows(loader: Loader, table: Table, rows: list[tuple[int, dict[str, Any]]]) -> None:
    if table.key == "profile":
        for number, record in rows:
            _write_profile(loader, number, record)
        return
    from entregent.services.bulk_write import IdBlock, insert_rows

    model = table.model
    kept = columns(model)
    names = [column.attname for column in kept]
    owned = table.owner_path == "owner"
    if loader.keep_ids:
        ids = [_old_id(number, record) for number, record in rows]
    else:
        for number, record in rows:
            _old_id(number, record)
        ids = IdBlock(model).take(len(rows))
    values = []
    for (number, record), new_id in zip(rows, ids, strict=True):
        old = record["pk"]
        if old in loader.maps[table.key]:
            raise _error(
                number, _("%(table)s #%(id)s comes twice") % {"table": table.key, "id": old}
            )
        loader.maps[table.key].add(old, new_id)
        row = _row_values(loader, table, kept, number, record, new_id)
        values.append([new_id, *([loader.owner.pk] if owned else []), *row])
    fields = ["id", *(["owner"] if owned else []), *names]
    try:
        # COPY (PostgreSQL) goes round Django's cursor: wrap its errors as Django's.
        with transaction.atomic(), connection.wrap_database_errors:
            insert_rows(model, fields, values)
    except (IntegrityError, DatabaseError) as exc:
        raise _error(
            rows[0][0], _("these rows break a rule of the database (%(error)s)") % {"error": exc}
        ) from None


def _old_id(number: int, record: dict[str, Any]) -> int:
    pk = record.get("pk")
    if not isinstance(pk, int) or isinstance(pk, bool) or pk <= 0:
        raise _error(number, _("this row has no valid id"))
    return pk


def _row_values(
    loader: Loader,
    table: Table,
    kept: list[Any],
    number: int,
    record: dict[str, Any],
    new_id: int,
) -> list[Any]:
    fields = record.get("fields")
    if not isinstance(fields, dict):
        raise _error(number, _("this row has no fields"))
    unknown = set(fields) - {column.attname for column in kept}
    if unknown:
        raise _error(
            number,
            _("unknown field “%(field)s” (was the backup made by a newer entregent?)")
            % {"field": sorted(unknown)[0]},
        )
    values = {}
    for column in kept:
        raw = fields.get(column.attname, _MISSING)
        values[column.attname] = _column_value(loader, table, column, number, raw, new_id)
    if table.key == "tie" and values["person_a_id"] > values["person_b_id"]:
        values["person_a_id"], values["person_b_id"] = values["person_b_id"], values["person_a_id"]
    if table.key == "importchange":
        values["object_id"] = _import_change_target(loader, values["model"], values["object_id"])
    return [column.get_db_prep_save(values[column.attname], connection) for column in kept]


def _column_value(
    loader: Loader, table: Table, column: Any, number: int, raw: Any, new_id: int
) -> Any:
    if raw is _MISSING:
        return _default(column)
    if raw is None:
        if not column.null:
            raise _error(number, _("%(field)s cannot be empty") % {"field": column.name})
        return None
    if not column.is_relation:
        return parse_value(column, raw, number)
    if is_sector(column.related_model):
        if raw not in loader.sectors:
            raise _error(number, _("unknown sector code “%(code)s”") % {"code": raw})
        return loader.sectors[raw]
    target = column.related_model._meta.model_name
    if table.key == "person" and target == "person":  # introduced_by: set once all are in
        loader.introducers.append((number, new_id, raw))
        return None
    return loader.reference(number, target, raw)


def _default(column: Any) -> Any:
    from django.utils import timezone

    if getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False):
        return timezone.now()
    return column.get_default()


def _import_change_target(loader: Loader, model: str, old: int) -> int:
    """An import record's object id, moved with its row; 0 when the row is gone."""
    key = str(model).rsplit(".", 1)[-1].lower()
    if key not in loader.maps or loader.keep_ids:
        return old
    new = loader.maps[key].get(old)
    if new is None:
        loader.warnings.append(
            _("An import record points at %(table)s #%(id)s, which is not in the backup.")
            % {"table": key, "id": old}
        )
        return 0
    return new


def _write_profile(loader: Loader, number: int, record: dict[str, Any]) -> None:
    from entregent.models import Profile

    profile = Profile.objects.filter(user=loader.owner).first()
    if profile is None:
        profile = Profile(user=loader.owner)
        old = _old_id(number, record)
        if loader.keep_ids and not Profile.objects.filter(pk=old).exists():
            profile.pk = old
    kept = columns(Profile)
    fields = record.get("fields")
    if not isinstance(fields, dict):
        raise _error(number, _("this row has no fields"))
    for column in kept:
        if column.attname in fields:
            setattr(
                profile,
                column.attname,
                _column_value(loader, TABLES[0], column, number, fields[column.attname], 0),
            )
    if (
        profile.feed_token
        and Profile.objects.filter(feed_token=profile.feed_token).exclude(pk=profile.pk).exists()
    ):
        profile.feed_token = ""  # the feed address stays with the account it was made for
    profile.save()
    loader.maps["profile"].add(_old_id(number, record), profile.pk)


def _write_pairs(loader: Loader, key: str, pairs: list[tuple[int, list[Any]]]) -> None:
    table_key, _dot, name = key.partition(".")
    table = TABLES_BY_KEY.get(table_key)
    many = next((m for m in m2m_fields(table.model) if m.name == name), None) if table else None
    if table is None or many is None:
        raise _error(pairs[0][0], _("unknown table “%(name)s”") % {"name": key})
    through = through_model(many)
    source, target = f"{many.m2m_field_name()}_id", f"{many.m2m_reverse_field_name()}_id"
    related: Any = many.related_model
    to_sector = is_sector(related)
    target_key = str(related._meta.model_name)
    links = []
    for number, pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2:
            raise _error(number, _("this link is not a pair"))
        if to_sector:
            if pair[1] not in loader.sectors:
                raise _error(number, _("unknown sector code “%(code)s”") % {"code": pair[1]})
            other = loader.sectors[pair[1]]
        else:
            other = loader.reference(number, target_key, pair[1])
        links.append(
            through(**{source: loader.reference(number, table_key, pair[0]), target: other})
        )
    try:
        with transaction.atomic():
            through._default_manager.bulk_create(links, batch_size=CHUNK)
    except IntegrityError as exc:
        raise _error(
            pairs[0][0], _("these links break a rule of the database (%(error)s)") % {"error": exc}
        ) from None
