"""What an import did, kept as codes and parameters, and worded in the reader's language.

`ImportBatch.report` stores a `Report` as JSON: counts per kind of record, the records
created, updated (an existing person got new facts), merged (a duplicate inside the input
folded into an earlier record) and skipped, with where each came from, plus conflicts
(a value kept over a different one from the file), notices and merge suggestions. Nothing
in it is a sentence: `describe_*` turn entries into text when they are shown, so that a
report reads in French or English whoever imported it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from entregent.io.records import Where

REPORT_VERSION = 1
KINDS = ("people", "organizations", "interactions", "favors")


@dataclasses.dataclass
class Report:
    files: list[str] = dataclasses.field(default_factory=list)
    ignored_files: list[str] = dataclasses.field(default_factory=list)
    counts: dict[str, Counter[str]] = dataclasses.field(
        default_factory=lambda: {kind: Counter() for kind in KINDS}
    )
    created: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    updated: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    merged: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    skipped: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    notices: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    suggestions: list[list[int]] = dataclasses.field(default_factory=list)
    positions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    owner_profile: str = ""
    forced_format: str = ""

    def record(self, action: str, kind: str, where: Where, pk: int | None, label: str) -> None:
        """One record's outcome: "created", "updated", "merged" or "unchanged"."""
        self.counts[kind][action] += 1
        if action != "unchanged":
            entry: dict[str, Any] = {"kind": kind, "label": label, "where": where.as_dict()}
            if pk is not None:
                entry["id"] = pk
            getattr(self, action).append(entry)

    def skip(self, where: Where, code: str, params: dict[str, Any] | None = None) -> None:
        self.skipped.append({"where": where.as_dict(), "code": code, "params": params or {}})

    def notice(self, where: Where, code: str, params: dict[str, Any] | None = None) -> None:
        self.notices.append({"where": where.as_dict(), "code": code, "params": params or {}})

    def conflict(
        self, where: Where, pid: int, label: str, field: str, kept: Any, ignored: Any
    ) -> None:
        self.conflicts.append(
            {
                "where": where.as_dict(),
                "id": pid,
                "label": label,
                "field": field,
                "kept": str(kept),
                "ignored": str(ignored),
            }
        )

    def totals(self) -> dict[str, int]:
        """The batch's counters: records created, updated, merged and skipped."""
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "merged": len(self.merged),
            "skipped": len(self.skipped),
        }

    def as_json(self) -> dict[str, Any]:
        """Plain JSON (the entries are plain dicts already: no deep copy of 30,000 rows).

        Skips, conflicts and notices in file order: a reader meets them as in the file.
        """
        for entries in (self.skipped, self.conflicts, self.notices):
            entries.sort(key=_place)
        data = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        data["counts"] = {kind: dict(counter) for kind, counter in self.counts.items()}
        data["version"] = REPORT_VERSION
        return data


def _place(entry: dict[str, Any]) -> tuple[str, int, int]:
    where = entry.get("where", {})
    return (where.get("file", ""), where.get("line", 0), where.get("card", 0))


# --- Wording ---------------------------------------------------------------------------------

_SKIPS = {
    "empty": gettext_lazy("The card holds no name, e-mail, phone, address or web address."),
    "unreadable": gettext_lazy("The card could not be read (%(detail)s)."),
    "no-name": gettext_lazy("No name, e-mail, phone or profile address."),
    "self": gettext_lazy("This is you (one of your own e-mail addresses or your own profile)."),
    "bad-date": gettext_lazy("“%(value)s” in the column %(column)s is not a date we can read."),
    "draft": gettext_lazy("A draft that was never sent."),
    "future": gettext_lazy("Dated in the future (%(value)s)."),
    "no-participants": gettext_lazy("No one but you takes part."),
    "no-person": gettext_lazy("The person it concerns has no name or profile address."),
    "no-header": gettext_lazy("No header line with the columns %(columns)s was found."),
    "not-text": gettext_lazy("The file is not text we can read."),
    "not-vcard": gettext_lazy("The file holds no vCard."),
    "no-company": gettext_lazy("No company name."),
    "unknown-table": gettext_lazy("Not a table of a LinkedIn export that entregent reads."),
    "csv-unknown-columns": gettext_lazy(
        "Not a Google, Outlook or Thunderbird export (columns %(columns)s): name its columns "
        "with a mapping (--map first_name=…,last_name=…,emails=…)."
    ),
    "csv-no-column": gettext_lazy("The mapping names the column “%(column)s”, not in the file."),
    "csv-unreadable": gettext_lazy("The line could not be read (%(detail)s)."),
    "csv-bad-row": gettext_lazy(
        "The line has %(found)s cells where the header has %(expected)s: left out."
    ),
    "unknown-people": gettext_lazy(
        "Only people who are not in your network yet: left out (people are added from "
        "the messages you sent, not from those you received)."
    ),
    "cancelled": gettext_lazy("A cancelled event."),
    "no-attendees": gettext_lazy("No one but you attends."),
    "bulk": gettext_lazy("A mailing list, a newsletter or an automatic message."),
    "junk": gettext_lazy("In a junk or spam folder."),
    "bad-mail-date": gettext_lazy("The date “%(value)s” cannot be read."),
    "no-date": gettext_lazy("No date."),
    "not-calendar": gettext_lazy("The file is not a calendar we can read (%(detail)s)."),
    "not-mail": gettext_lazy("Not an e-mail message we can read."),
}
_NOTICES = {
    "bad-email": gettext_lazy("“%(value)s” is not a valid e-mail address: left out."),
    "bad-phone": gettext_lazy("“%(value)s” is not a phone number we can read: left out."),
    "bad-url": gettext_lazy("“%(value)s” is not a web address: left out."),
    "bad-birthday": gettext_lazy("The birthday “%(value)s” is not a valid date: left out."),
    "bad-date": gettext_lazy("“%(value)s” in the column %(column)s is not a date: left out."),
    "vcard-date": gettext_lazy("A date on the card could not be read: left out."),
    "vcard-photo": gettext_lazy("The photo on the card could not be read: left out."),
    "vcard-missing-end": gettext_lazy("END:VCARD is missing: the card was kept as far as it went."),
    "named-after-contact": gettext_lazy("No name on the card: named “%(name)s” for now."),
    "several-matches": gettext_lazy(
        "Its e-mail, phone or profile also belongs to %(other)s: suggested as a merge."
    ),
    "shared-contact": gettext_lazy(
        "Shares an e-mail or phone with %(other)s, whose name is different: added as "
        "someone else, and suggested as a merge."
    ),
    "owner-unknown": gettext_lazy(
        "Could not tell which participant is you: directions are left as “mutual”."
    ),
}
_FIELDS = {
    "prefix": pgettext_lazy("name prefix", "Title"),
    "first_name": gettext_lazy("first name"),
    "middle_name": gettext_lazy("middle name"),
    "last_name": gettext_lazy("last name"),
    "suffix": gettext_lazy("suffix"),
    "nickname": gettext_lazy("nickname"),
    "linkedin_url": gettext_lazy("LinkedIn profile"),
    "city": gettext_lazy("city"),
    "country": gettext_lazy("country"),
    "notes": gettext_lazy("notes"),
    "first_met_on": gettext_lazy("first met on"),
    "birthday": gettext_lazy("birthday"),
    "title": pgettext_lazy("job title", "Title"),
    "website": gettext_lazy("website"),
}


def describe_where(where: dict[str, Any]) -> str:
    """ "Connections.csv, line 12" or "contacts.vcf, card 3 (line 40)"."""
    values = {"file": where.get("file", ""), "line": where.get("line"), "card": where.get("card")}
    if values["card"] and values["line"]:
        return _("%(file)s, card %(card)s (line %(line)s)") % values
    if values["card"]:
        return _("%(file)s, card %(card)s") % values
    if values["line"]:
        return _("%(file)s, line %(line)s") % values
    return str(values["file"])


def _worded(messages: dict[str, Any], entry: dict[str, Any]) -> str:
    template = messages.get(entry.get("code", ""))
    params = entry.get("params") or {}
    if template is None:
        return str(entry.get("code", ""))
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def describe_skip(entry: dict[str, Any]) -> str:
    return _worded(_SKIPS, entry)


def describe_notice(entry: dict[str, Any]) -> str:
    return _worded(_NOTICES, entry)


def field_label(name: str) -> str:
    return str(_FIELDS.get(name, name))


def describe_conflict(entry: dict[str, Any]) -> str:
    return _("%(field)s: kept “%(kept)s”; the file says “%(ignored)s”.") % {
        "field": field_label(entry.get("field", "")),
        "kept": entry.get("kept", ""),
        "ignored": entry.get("ignored", ""),
    }


def kind_label(kind: str) -> str:
    labels = {
        "people": _("People"),
        "organizations": _("Organisations"),
        "interactions": _("Interactions"),
        "favors": _("Favours"),
    }
    return labels.get(kind, kind)


def summary_lines(report: dict[str, Any]) -> list[tuple[str, dict[str, int]]]:
    """(kind label, counts) for each kind of record the import met."""
    lines = []
    for kind in KINDS:
        counts = report.get("counts", {}).get(kind) or {}
        if any(counts.values()):
            lines.append((kind_label(kind), counts))
    return lines
