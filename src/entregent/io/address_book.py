"""vCard files to import records: what each card says about a person (or a company).

Pure Python, no Django. The cards come from `entregent.io.vcard.read_vcards`, which already
copes with every real-world oddity; this module only decides where each fact goes: names,
e-mails and phones with their labels, the card's country (to read local phone numbers),
organisation and title as the current role, birthday, note, web and social profiles as
links, categories as circles or tags, the photo. Handles that are not web addresses (Skype,
XMPP) and related people go into the note, so nothing on the card is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from entregent.engines.text import fold
from entregent.io.detect import InputFile
from entregent.io.records import Notice, OrganizationRecord, PersonRecord, Record, Skip, Where
from entregent.io.vcard import Address, Card, CardError, read_vcards

_PROBLEMS = {"date": "vcard-date", "photo": "vcard-photo", "missing-end": "vcard-missing-end"}
# Country names as address books write them (folded), English and French, to ISO codes.
COUNTRIES = {
    "france": "FR",
    "belgique": "BE",
    "belgium": "BE",
    "suisse": "CH",
    "switzerland": "CH",
    "schweiz": "CH",
    "luxembourg": "LU",
    "monaco": "MC",
    "canada": "CA",
    "usa": "US",
    "u.s.a.": "US",
    "us": "US",
    "u.s.": "US",
    "united states": "US",
    "united states of america": "US",
    "etats-unis": "US",
    "etats unis": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "england": "GB",
    "royaume-uni": "GB",
    "angleterre": "GB",
    "ireland": "IE",
    "irlande": "IE",
    "germany": "DE",
    "allemagne": "DE",
    "deutschland": "DE",
    "spain": "ES",
    "espagne": "ES",
    "espana": "ES",
    "italy": "IT",
    "italie": "IT",
    "italia": "IT",
    "portugal": "PT",
    "netherlands": "NL",
    "pays-bas": "NL",
    "nederland": "NL",
    "austria": "AT",
    "autriche": "AT",
    "sweden": "SE",
    "suede": "SE",
    "norway": "NO",
    "norvege": "NO",
    "denmark": "DK",
    "danemark": "DK",
    "finland": "FI",
    "finlande": "FI",
    "poland": "PL",
    "pologne": "PL",
    "greece": "GR",
    "grece": "GR",
    "morocco": "MA",
    "maroc": "MA",
    "algeria": "DZ",
    "algerie": "DZ",
    "tunisia": "TN",
    "tunisie": "TN",
    "senegal": "SN",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "japan": "JP",
    "japon": "JP",
    "china": "CN",
    "chine": "CN",
    "india": "IN",
    "inde": "IN",
    "australia": "AU",
    "australie": "AU",
    "brazil": "BR",
    "bresil": "BR",
    "mexico": "MX",
    "mexique": "MX",
    "quebec": "CA",
}


def country_code(name: str) -> str:
    """An ISO code from a country as written ("France", "U.S.A.", "fr"); "" when unknown."""
    name = name.strip()
    if len(name) == 2 and name.isalpha():
        return name.upper()
    return COUNTRIES.get(fold(name), "")


def records(files: Iterable[InputFile]) -> Iterator[Record]:
    """One record per card of each file, in file order; a file without cards is reported."""
    for item in files:
        found = False
        for card in read_vcards(item.read()):
            found = True
            yield card_record(item.name, card)
        if not found:
            yield Skip(Where(item.name), "not-vcard")


def card_record(file: str, card: Card | CardError) -> Record:
    if isinstance(card, CardError):
        where = Where(file, card.line, card.position)
        code = card.code if card.code in ("empty", "unreadable") else "unreadable"
        return Skip(where, code, {"detail": card.message})
    where = Where(file, card.line, card.position)
    address = _main_address(card.addresses)
    country = country_code(address.country) if address else ""
    notes = _notes(card)
    if card.is_organization:
        return OrganizationRecord(
            where,
            name=card.organization or card.formatted_name,
            website=card.urls[0].value if card.urls else "",
            city=address.locality if address else "",
            country=country,
            notes=notes,
        )
    regions = [country_code(a.country) for a in card.addresses if a.country]
    record = PersonRecord(
        where,
        prefix=card.prefix,
        first_name=card.first_name,
        middle_name=card.middle_name,
        last_name=card.last_name,
        suffix=card.suffix,
        nickname=card.nickname,
        emails=[(entry.value, ",".join(entry.labels)) for entry in card.emails],
        phones=[(entry.value, ",".join(entry.labels)) for entry in card.phones],
        region=next((code for code in regions if code), ""),
        links=[entry.value for entry in card.urls] + _web_profiles(card),
        organization=card.organization,
        title=card.title or card.role,
        birthday=(card.birthday.year, card.birthday.month, card.birthday.day)
        if card.birthday
        else None,
        notes=notes,
        city=address.locality if address else "",
        country=country,
        categories=list(card.categories),
        photo=card.photo,
        photo_type=card.photo_type,
    )
    for problem in card.problems:
        if problem.code in _PROBLEMS:
            notice = Notice(where, _PROBLEMS[problem.code], {"field": problem.field})
            record.notices.append(notice)
    return record


def _main_address(addresses: list[Address]) -> Address | None:
    if not addresses:
        return None
    preferred = [address for address in addresses if address.preferred]
    return (preferred or addresses)[0]


def _is_web(value: str) -> bool:
    return value.lower().startswith(("http://", "https://", "www."))


def _web_profiles(card: Card) -> list[str]:
    return [entry.value for entry in card.social if _is_web(entry.value)]


def _notes(card: Card) -> str:
    """The card's note, then what has no field of its own: chat handles, related people."""
    lines = [card.note.strip()] if card.note.strip() else []
    for entry in card.social:
        if not _is_web(entry.value):
            service = entry.labels[0].capitalize() if entry.labels else ""
            value = entry.value.split(":", 1)[1] if ":" in entry.value else entry.value
            lines.append(f"{service}: {value}" if service else value)
    for entry in card.related:
        relation = entry.labels[0].capitalize() if entry.labels else ""
        lines.append(f"{relation}: {entry.value}" if relation else entry.value)
    return "\n".join(lines)
