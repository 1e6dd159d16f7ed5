"""Organisations in an import: company cards, and the owner's own past and present jobs.

A vCard for a company (KIND:org, or an ORG with no person's name) becomes an organisation,
its website, city and country filling empty fields. The owner's LinkedIn positions mark the
organisations they worked for with a line in the notes (and in the batch report), so that
"former colleagues" can later be inferred from shared employers without a table of its own.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from entregent.io.records import OrganizationRecord, PositionRecord, Where
from entregent.models import ChangeAction, Organization
from entregent.services.import_books import OrgBook
from entregent.services.import_report import Report
from entregent.services.matching import folded

_FIELDS = ("website", "city", "country")
_LIMITS = {"website": 200, "city": 100, "country": 2}


class OrgFacts:
    def __init__(self, owner: Any, orgs: OrgBook, report: Report) -> None:
        self.owner = owner
        self.orgs = orgs
        self.report = report
        self.values: dict[int, dict[str, str]] = {}
        self.lines: dict[int, list[str]] = {}
        self.where: dict[int, Where] = {}
        self.signatures: dict[tuple[int, str], tuple[str, str] | None] = {}

    def organization(self, record: OrganizationRecord) -> None:
        if not record.name.strip():
            self.report.skip(record.where, "no-company")
            return
        pk = self.orgs.id_for(record.name)
        self.where.setdefault(pk, record.where)
        values = self.values.setdefault(pk, {})
        website = record.website.strip()
        if website and "://" not in website:
            website = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            website = ""
        country = record.country.strip().upper()
        facts = {
            "website": website,
            "city": record.city.strip(),
            "country": country if len(country) == 2 and country.isalpha() else "",
        }
        for name, value in facts.items():
            if value and len(value) <= _LIMITS[name]:
                values.setdefault(name, value)
        if record.notes.strip():
            self._line(pk, record.notes.strip())

    def position(self, record: PositionRecord) -> None:
        if not record.company.strip():
            self.report.skip(record.where, "no-company")
            return
        pk = self.orgs.id_for(record.company)
        self.where.setdefault(pk, record.where)
        self.values.setdefault(pk, {})
        params = {
            "title": record.title or "—",
            "start": record.started or "?",
            "end": record.finished,
        }
        if record.finished:
            line = _("You worked here: %(title)s, %(start)s – %(end)s (LinkedIn).") % params
        else:
            line = _("You work here: %(title)s, since %(start)s (LinkedIn).") % params
        self._line(pk, line, signature=(folded(record.title), record.started))
        self.report.positions.append(
            {
                "company": record.company.strip(),
                "title": record.title,
                "started": record.started,
                "finished": record.finished,
                "location": record.location,
                "organization": pk,
            }
        )

    def _line(self, pk: int, line: str, signature: tuple[str, str] | None = None) -> None:
        lines = self.lines.setdefault(pk, [])
        self.signatures[(pk, line)] = signature
        if line not in lines:
            lines.append(line)

    def new_values(self) -> dict[int, dict[str, str]]:
        """Values for the organisations this import creates (written with them)."""
        found = {}
        for pk in self.orgs.new:
            values = dict(self.values.get(pk, {}))
            if self.lines.get(pk):
                values["notes"] = "\n".join(self.lines[pk])
            found[pk] = values
            if pk in self.where:
                self.report.record(
                    "created", "organizations", self.where[pk], pk, self.orgs.new[pk]
                )
        return found

    def write(self, writer: Any) -> None:
        """Fill the organisations that were already there; note what changed for undo."""
        known = [pk for pk in self.where if pk not in self.orgs.new]
        for org in Organization.objects.owned_by(self.owner).filter(pk__in=known):
            before: dict[str, str] = {}
            for name, value in self.values.get(org.pk, {}).items():
                if not getattr(org, name):
                    before[name] = getattr(org, name)
                    setattr(org, name, value)
            notes = org.notes
            for line in self.lines.get(org.pk, []):
                if not self._present(org.pk, line, notes):
                    notes = f"{notes}\n{line}".strip()
            if notes != org.notes:
                before["notes"] = org.notes
                org.notes = notes
            action = "updated" if before else "unchanged"
            self.report.record(action, "organizations", self.where[org.pk], org.pk, org.name)
            if before:
                org.save(update_fields=[*before, "updated_at"])
                values = {"values": before, "set": {name: getattr(org, name) for name in before}}
                writer.changes.append(("Organization", org.pk, ChangeAction.UPDATED, values))

    def _present(self, pk: int, line: str, notes: str) -> bool:
        if line in notes:
            return True
        signature = self.signatures.get((pk, line))
        if signature is None:
            return False
        title, started = signature
        # The same position noted by an earlier import, perhaps in the other language.
        return bool(started) and started in notes and title in folded(notes)
