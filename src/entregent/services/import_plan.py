"""An import from records to rows: match each record, merge its facts, write in bulk.

Three passes over the records of one import:

1. `add` (streaming): each person record is normalised and matched through the
   `MatchIndex` (same e-mail, phone or profile address; for a record with none of these,
   the same name at the same organisation) to someone already in the network, someone an
   earlier record of this import created, or no one (then a new id is handed out). Its
   keys join the index at once, so a duplicate further down the file finds it. Exchanges
   name their people (`PersonRef`); those not found are added as people.
2. The people matched in the network are loaded in bulk, a few queries per 500.
3. Each record's facts are merged into its person in file order, and everything written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F
from django.utils import timezone

from entregent.io.records import (
    FavorRecord,
    InteractionRecord,
    Notice,
    OrganizationRecord,
    OwnerProfile,
    PersonRecord,
    PersonRef,
    PositionRecord,
    Record,
    Skip,
    Where,
)
from entregent.models import EmailAddress, Favor, Interaction, Link, Person, PhoneNumber, Role
from entregent.services import import_updates as updates
from entregent.services import import_writer as writing
from entregent.services.import_books import CircleBook, IdPool, OrgBook, TagBook
from entregent.services.import_orgs import OrgFacts
from entregent.services.import_people import PersonState, adopt, merge_into
from entregent.services.import_prepare import Prepared, prepare
from entregent.services.import_report import Report
from entregent.services.matching import (
    MatchIndex,
    folded,
    name_key,
    phone_key,
    profile_key,
    profile_url,
    url_key,
)

LOAD_CHUNK = 500
_STATE_VALUES = (
    *writing.PERSON_VALUES,
    "birthday_year",
    "birthday_month",
    "birthday_day",
    "photo",
)


class Plan:
    def __init__(
        self,
        owner: Any,
        report: Report,
        *,
        region: str,
        own_emails: set[str],
        own_profile: str = "",
    ) -> None:
        self.owner = owner
        self.report = report
        self.region = region
        self.own_emails = own_emails
        self.own_profile = own_profile
        self.index = MatchIndex.load(owner)
        self.circles = CircleBook(owner)
        self.orgs = OrgBook(owner)
        self.tags = TagBook(owner)
        self.org_facts = OrgFacts(owner, self.orgs, report)
        self.person_ids = IdPool(Person)
        self.states: dict[int, PersonState] = {}
        self.created: set[int] = set()  # people this import creates
        # Those of them named by one record only: written from it, with their organisation
        # and tags, without a PersonState (most people of a large import).
        self.fresh: dict[int, writing.Fresh] = {}
        self.steps: list[tuple[Prepared, int, str]] = []  # (facts, person id, "created"...)
        self.interactions: list[tuple[dict[str, Any], list[int]]] = []
        self.favors: list[dict[str, Any]] = []
        self._external_ids: dict[str, set[str]] = {}
        self._favor_keys: set[tuple[Any, ...]] | None = None
        self.records = 0

    # --- Pass 1: match --------------------------------------------------------------------

    def add(self, item: Record) -> None:
        self.records += 1
        if isinstance(item, PersonRecord):
            self.person(item)
        elif isinstance(item, Skip):
            self.report.skip(item.where, item.code, item.params)
        elif isinstance(item, Notice):
            self.report.notice(item.where, item.code, item.params)
        elif isinstance(item, InteractionRecord):
            self.interaction(item)
        elif isinstance(item, FavorRecord):
            self.favor(item)
        elif isinstance(item, PositionRecord):
            self.org_facts.position(item)
        elif isinstance(item, OrganizationRecord):
            self.org_facts.organization(item)
        elif isinstance(item, OwnerProfile):
            self.own_profile = profile_key(item.linkedin_url)
            self.report.owner_profile = profile_url(self.own_profile)

    def person(self, record: PersonRecord) -> int | None:
        """Match one person record; the id of the person it will land on (None: skipped)."""
        item = prepare(record, self.region, self.circles)
        if record.notices:
            for notice in record.notices:
                self.report.notice(notice.where, notice.code, notice.params)
            record.notices = []
        if isinstance(item, Skip):
            self.report.skip(item.where, item.code, item.params)
            return None
        emails = [normalized for _a, normalized, _l in item.emails] if item.emails else []
        profile = item.profile
        if (profile and profile == self.own_profile) or (
            emails and self.own_emails and not self.own_emails.isdisjoint(emails)
        ):
            self.report.skip(record.where, "self")
            return None
        phones = item.phone_keys() if item.phones else []
        organization = folded(item.organization) if item.organization else ""
        pid, how = self._target(item, emails, phones, profile, organization)
        name = item.name_key if how == "created" else None
        profiles = [profile] if profile else []
        self.index.register(pid, emails, phones, profiles, name, organization)
        self.steps.append((item, pid, how))
        return pid

    def _target(
        self,
        item: Prepared,
        emails: list[str],
        phones: list[str],
        profile: str,
        organization: str,
    ) -> tuple[int, str]:
        """Who a record is: someone known by a key (or, with no key, by name and employer),
        else someone new. A key shared with someone of another name is not enough."""
        index = self.index
        by_profile = index.profiles.get(profile) if profile else None
        if emails or phones:
            found = index.find(emails, phones, [profile] if profile else [])
        elif profile:
            found = [] if by_profile is None else [by_profile]
        else:
            found = index.same_name(item.name_key, organization)[:1]
        shared = None
        if found and by_profile != found[0] and index.other_name(found[0], item.name_key):
            # A shared office phone or team address, not the same person: suggested only.
            shared, found = found[0], []
        if found:
            if len(found) > 1:
                self._several(item.record.where, found)
            return found[0], ("merged" if found[0] in self.created else "existing")
        pid = self.person_ids.take()
        self.created.add(pid)
        if shared is not None:
            self.report.notice(item.record.where, "shared-contact", {"other": f"#{shared}"})
            self.report.suggestions.append(sorted([pid, shared]))
        return pid, "created"

    def _several(self, where: Where, found: list[int]) -> None:
        self.report.notice(where, "several-matches", {"other": f"#{found[1]}"})
        pair = sorted(found[:2])
        if pair not in self.report.suggestions:
            self.report.suggestions.append(pair)

    def resolve(self, ref: PersonRef, where: Where) -> int | None:
        """The person an exchange names: by profile address, else by a name borne by one
        person only; added to the network when not found."""
        if ref.email:
            return self.resolve_email(ref, where)
        key = profile_key(ref.linkedin_url)
        if key:
            if key == self.own_profile:
                return None
            found = self.index.profiles.get(key)
            if found is not None:
                return found
        if not ref.is_empty:
            named = name_key(ref.first_name, "", ref.last_name)
            people = self.index.same_name(named, folded(ref.organization)) if named else []
            if not key and len(people) == 1:
                return people[0]
        if ref.is_empty:
            return None
        record = PersonRecord(
            where,
            first_name=ref.first_name,
            last_name=ref.last_name,
            nickname="" if ref.first_name or ref.last_name else key.rsplit("/", 1)[-1],
            linkedin_url=ref.linkedin_url,
            organization=ref.organization,
            title=ref.title,
        )
        return self.person(record)

    def resolve_email(self, ref: PersonRef, where: Where) -> int | None:
        """The person an e-mail address names (calendars, mailboxes): by the address only;
        added when `ref.create`, else left out and counted ("unknown" people)."""
        address = ref.email.strip().lower()
        if address in self.own_emails:
            return None
        found = self.index.emails.get(address)
        if found is not None:
            return found
        if not ref.create:
            self.report.counts["people"]["unknown"] += 1
            return None
        record = PersonRecord(
            where,
            first_name=ref.first_name,
            last_name=ref.last_name,
            emails=[(ref.email.strip(), "")],
            organization=ref.organization,
            title=ref.title,
        )
        return self.person(record)

    def interaction(self, record: InteractionRecord) -> None:
        seen = self._external_ids.get(record.source)
        if seen is None:
            rows = Interaction.objects.owned_by(self.owner).filter(source=record.source)
            seen = self._external_ids[record.source] = set(
                rows.exclude(external_id="").values_list("external_id", flat=True)
            )
        if record.external_id in seen:
            self.report.counts["interactions"]["unchanged"] += 1
            return
        if record.occurred_at > timezone.now() + dt.timedelta(days=1):
            self.report.skip(record.where, "future", {"value": record.occurred_at.isoformat()})
            return
        unknown = self.report.counts["people"]["unknown"]
        people = [self.resolve(ref, record.where) for ref in record.participants]
        ids = list(dict.fromkeys(pid for pid in people if pid is not None))
        if not ids:
            strangers = self.report.counts["people"]["unknown"] > unknown
            self.report.skip(record.where, "unknown-people" if strangers else "no-participants")
            return
        seen.add(record.external_id)
        values = {
            "occurred_at": record.occurred_at,
            "kind": record.kind,
            "direction": record.direction,
            "summary": record.summary,
            "source": record.source,
            "external_id": record.external_id[:300],
        }
        self.interactions.append((values, ids))
        self.report.record("created", "interactions", record.where, None, record.summary[:80])

    def favor(self, record: FavorRecord) -> None:
        pid = self.resolve(record.person, record.where)
        if pid is None:
            self.report.skip(record.where, "no-person")
            return
        giver, receiver = (None, pid) if record.given else (pid, None)
        key = (record.kind, giver, receiver, record.occurred_on, record.description[:200])
        if key in self.favor_keys():
            self.report.counts["favors"]["unchanged"] += 1
            return
        self.favor_keys().add(key)
        self.favors.append(
            {
                "giver_id": giver,
                "receiver_id": receiver,
                "kind": record.kind,
                "occurred_on": record.occurred_on,
                "description": record.description,
            }
        )
        self.report.record("created", "favors", record.where, None, record.description[:80])

    def favor_keys(self) -> set[tuple[Any, ...]]:
        if self._favor_keys is None:
            rows = Favor.objects.owned_by(self.owner).values_list(
                "kind", "giver_id", "receiver_id", "occurred_on", "description"
            )
            self._favor_keys = {(k, g, r, on, text[:200]) for k, g, r, on, text in rows}
        return self._favor_keys

    # --- Passes 2 and 3: load, merge, write -----------------------------------------------

    def finish(self, writer: writing.Writer) -> None:
        existing = sorted({pid for _item, pid, how in self.steps if how == "existing"})
        states = self.states
        states.update(load_states(self.owner, existing))
        org_ids: dict[str, int] = {}  # organisation names as records spell them
        report, orgs, tags = self.report, self.orgs, self.tags
        for item, pid, how in self.steps:
            org_id = None
            if organization := item.organization:
                org_id = org_ids.get(organization)
                if org_id is None:
                    org_id = org_ids[organization] = orgs.id_for(organization)
            tag_ids = [tags.id_for(name) for name in item.tag_names] if item.tag_names else []
            where = item.record.where
            if how == "created":
                self.fresh[pid] = (item, org_id, tag_ids)
                report.record("created", "people", where, pid, item.label)
                continue
            state = states.get(pid)
            if state is None:  # someone this import creates, named by a second record
                state = states[pid] = adopt(pid, *self.fresh.pop(pid))
            changed, conflicts = merge_into(state, item, org_id, tag_ids)
            for conflict in conflicts:
                report.conflict(
                    where, pid, state.label, conflict.field, conflict.kept, conflict.ignored
                )
            action = how if how != "existing" else ("updated" if changed else "unchanged")
            report.record(action, "people", where, pid, state.label)
        org_values = self.org_facts.new_values()
        report.counts["organizations"]["created"] += len(orgs.new) - sum(
            1 for pk in orgs.new if pk in self.org_facts.where
        )
        writing.write_books(writer, orgs, tags, org_values)
        fresh = self.fresh
        new = {pid: fresh.get(pid) or states[pid] for pid in sorted(self.created)}
        writing.write_new_people(writer, new, orgs, tags)
        updated = [s for s in states.values() if s.existing and _has_changes(s)]
        touched = updates.write_existing_people(writer, updated)
        writing.write_interactions(writer, self.interactions)
        writing.write_favors(writer, self.favors)
        self.org_facts.write(writer)
        writer.write_changes()
        updates.refresh_people(self.owner, touched)


def _has_changes(state: PersonState) -> bool:
    return bool(
        state.before
        or state.photo is not None
        or state.new_emails
        or state.new_phones
        or state.new_links
        or state.new_roles
        or state.role_titles
        or state.ended_roles
        or state.new_circles
        or state.new_tags
    )


def load_states(owner: Any, ids: list[int]) -> dict[int, PersonState]:
    """People already in the network as the import sees them: a few queries per 500, or,
    for more (a file imported again), a few queries over all the owner's rows."""
    states: dict[int, PersonState] = {}
    if len(ids) > LOAD_CHUNK:
        wanted = set(ids)
        for row in Person.objects.owned_by(owner).values("id", *_STATE_VALUES):
            if (pid := row.pop("id")) in wanted:
                states[pid] = PersonState(pid, existing=True, values=row)
        _load_contacts({"person__owner_id": owner.pk}, states)
        return states
    for start in range(0, len(ids), LOAD_CHUNK):
        chunk = ids[start : start + LOAD_CHUNK]
        people = Person.objects.owned_by(owner).filter(pk__in=chunk)
        for row in people.values("id", *_STATE_VALUES):
            pid = row.pop("id")
            states[pid] = PersonState(pid, existing=True, values=row)
        _load_contacts({"person_id__in": chunk}, states)
    return states


def _load_contacts(where: dict[str, Any], states: dict[int, PersonState]) -> None:
    """The contact points, roles, circles and tags of the people `where` picks, for those of
    them in `states`."""
    emails = EmailAddress.objects.filter(**where).order_by("id")
    for pid, address, normalized, label in emails.values_list(
        "person_id", "address", "address_normalized", "label"
    ):
        if (state := states.get(pid)) is not None:
            state.emails[normalized] = (address, label)
    phones = PhoneNumber.objects.filter(**where).order_by("id")
    for pid, raw, e164, label in phones.values_list("person_id", "raw", "e164", "label"):
        if (state := states.get(pid)) is not None:
            state.phones[phone_key(raw, e164)] = (raw, e164, label)
    links = Link.objects.filter(**where).order_by("id")
    for pid, kind, url in links.values_list("person_id", "kind", "url"):
        if (state := states.get(pid)) is not None:
            state.links[url_key(url)] = (kind, url)
    # Per organisation, the role held now (else the latest): the one a title merges into.
    roles = Role.objects.filter(**where).order_by(
        F("ended_on").desc(nulls_first=True), "-started_on", "id"
    )
    for pid, role_id, org_id, title, started, ended in roles.values_list(
        "person_id", "id", "organization_id", "title", "started_on", "ended_on"
    ):
        if (state := states.get(pid)) is None:
            continue
        state.roles.setdefault(org_id, (role_id, title))
        if ended is None:
            state.current_roles[role_id] = (org_id, started)
    circles = Person.circles.through.objects.filter(**where)
    for pid, circle in circles.values_list("person_id", "circle_id"):
        if (state := states.get(pid)) is not None:
            state.circles.add(circle)
    tags = Person.tags.through.objects.filter(**where)
    for pid, tag in tags.values_list("person_id", "tag_id"):
        if (state := states.get(pid)) is not None:
            state.tags.add(tag)
