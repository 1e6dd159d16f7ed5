"""Export the network as vCards: one file with every card, or a vdir (one file per card).

Each person becomes a `Card` (see `entregent.io.vcard`) written as vCard 3.0 or 4.0 by
`write_card`: UTF-8, CRLF line ends, text escaped, photos inline as base64.

Every card carries a UID derived from the account and the person's id (`person_uid`):
nothing is stored, and the same person gets the same UID at every export, so that a CardDAV
client or vdirsyncer syncing the exported folder updates a card instead of duplicating it.
In a vdir each card is in `<UID>.vcf`; a file whose content did not change is not rewritten
(vdirsyncer compares modification times).
"""

from __future__ import annotations

import logging
import mimetypes
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import phonenumbers
from django.db.models import Prefetch, QuerySet

from entregent.io.vcard import Address, Card, Labeled, PartialDate, write_card

logger = logging.getLogger(__name__)

Version = Literal["3.0", "4.0"]
Progress = Callable[[int, int], None]

# The namespace of every entregent UID; with the account's own key it makes UIDs that do
# not collide between accounts or between installs (date_joined has microseconds).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://entregent.invalid/vcard-uid")
CHUNK = 1000

_EMAIL_LABELS = {"work": ("work",), "home": ("home",), "mobile": ("mobile",), "other": ("other",)}
_PHONE_LABELS = {"work": ("work",), "home": ("home",), "mobile": ("cell",), "other": ("other",)}


def owner_namespace(owner: Any) -> uuid.UUID:
    """The account's own UID namespace: stable for the account's life, unique per install."""
    return uuid.uuid5(NAMESPACE, f"{owner.pk}:{owner.date_joined.isoformat()}")


def person_uid(owner: Any, person_id: int, namespace: uuid.UUID | None = None) -> str:
    """The person's card UID: the same at every export, different for every person."""
    return str(uuid.uuid5(namespace or owner_namespace(owner), f"person:{person_id}"))


def people_for_export(owner: Any, *, include_archived: bool = False) -> QuerySet[Any]:
    """The people to export, with everything a card shows, in a stable order."""
    from entregent.models import Person, Role

    rows = Person.objects.owned_by(owner)
    if not include_archived:
        rows = rows.filter(archived=False)
    # The search text is the largest column and no card shows it.
    return (
        rows.order_by("id")
        .defer("search_text")
        .prefetch_related(
            "emails",
            "phones",
            "links",
            "circles",
            Prefetch("roles", queryset=Role.objects.select_related("organization")),
        )
    )


def person_card(person: Any, uid: str) -> Card:
    """The vCard of one person (loaded by `people_for_export`, or with the same prefetches)."""
    card = Card(
        uid=uid,
        formatted_name=" ".join(
            part for part in (person.first_name, person.middle_name, person.last_name) if part
        )
        or person.nickname,
        prefix=person.prefix,
        first_name=person.first_name,
        middle_name=person.middle_name,
        last_name=person.last_name,
        suffix=person.suffix,
        nickname=person.nickname,
        note=person.notes,
    )
    role = current_role(person)
    if role is not None:
        card.organization, card.title = role.organization.name, role.title
    card.emails = [
        Labeled(email.address, _EMAIL_LABELS.get(email.label, ()), preferred=email.is_primary)
        for email in person.emails.all()
    ]
    card.phones = [
        Labeled(_phone_text(phone), _PHONE_LABELS.get(phone.label, ()), phone.is_primary)
        for phone in person.phones.all()
    ]
    card.urls = _urls(person)
    if person.birthday_day and person.birthday_month:
        card.birthday = PartialDate(
            person.birthday_year, person.birthday_month, person.birthday_day
        )
    if person.city or person.country:
        card.addresses = [Address(locality=person.city, country=person.country)]
    card.categories = [circle.label for circle in person.circles.all()]
    _add_photo(card, person)
    return card


def current_role(person: Any) -> Any:
    """The current role a card shows: the latest started, then the latest added."""
    current = [role for role in person.roles.all() if role.ended_on is None]
    if not current:
        return None
    return max(current, key=lambda role: (role.started_on is not None, role.started_on, role.pk))


def _phone_text(phone: Any) -> str:
    """International format ("+33 6 12 34 56 78") when the number is known, else as typed."""
    if phone.e164:
        try:
            number = phonenumbers.parse(phone.e164)
        except phonenumbers.NumberParseException:
            return str(phone.raw)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return str(phone.raw)


def _urls(person: Any) -> list[Labeled]:
    urls = [Labeled(person.linkedin_url, ("linkedin",))] if person.linkedin_url else []
    for link in person.links.all():
        if link.url == person.linkedin_url:
            continue
        urls.append(Labeled(link.url, () if link.kind in ("website", "other") else (link.kind,)))
    return urls


def _add_photo(card: Card, person: Any) -> None:
    if not person.photo:
        return
    try:
        with person.photo.open("rb") as handle:
            card.photo = handle.read()
    except OSError as exc:  # a photo file gone missing: the card goes out without it
        logger.warning("photo of person %s unreadable: %s", person.pk, exc)
        return
    card.photo_type = mimetypes.guess_type(person.photo.name)[0] or "image/jpeg"


@dataclass(frozen=True)
class ExportedCard:
    uid: str
    text: str


def iter_cards(
    owner: Any,
    version: Version = "3.0",
    *,
    include_archived: bool = False,
    progress: Progress | None = None,
) -> Iterator[ExportedCard]:
    """Each person's card text, a chunk of people in memory at a time."""
    rows = people_for_export(owner, include_archived=include_archived)
    total = rows.count() if progress else 0
    namespace = owner_namespace(owner)
    for done, person in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        uid = person_uid(owner, person.pk, namespace)
        yield ExportedCard(uid, write_card(person_card(person, uid), version))
        if progress and (done % 100 == 0 or done == total):
            progress(done, total)


def write_one_file(
    owner: Any,
    stream: BinaryIO,
    version: Version = "3.0",
    *,
    include_archived: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write every card, one after the other, to a binary stream; the number of cards."""
    count = 0
    for card in iter_cards(owner, version, include_archived=include_archived, progress=progress):
        stream.write(card.text.encode("utf-8"))
        count += 1
    return count


@dataclass
class VdirReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def cards(self) -> int:
        return self.written + self.unchanged


def write_vdir(
    owner: Any,
    folder: Path,
    version: Version = "3.0",
    *,
    include_archived: bool = False,
    prune: bool = False,
    progress: Progress | None = None,
) -> VdirReport:
    """Write one `<UID>.vcf` per person into `folder` (created if needed).

    A card whose file already holds the same text is left alone. With `prune`, the other
    `.vcf` files of the folder (people erased or archived since the last export) are removed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    report, seen = VdirReport(), set()
    for card in iter_cards(owner, version, include_archived=include_archived, progress=progress):
        name = f"{card.uid}.vcf"
        seen.add(name)
        data = card.text.encode("utf-8")
        target = folder / name
        if target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        _atomic_write(target, data)
        report.written += 1
    if prune:
        for stale in folder.glob("*.vcf"):
            if stale.name not in seen:
                stale.unlink()
                report.removed += 1
    return report


def _atomic_write(target: Path, data: bytes) -> None:
    """Write next to the target, then rename: a reader never sees half a card."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
