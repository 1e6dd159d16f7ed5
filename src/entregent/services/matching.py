"""Who is who: the keys that say two records are the same person, and likely duplicates.

Everything is normalised before it is compared: e-mails by case, phones to E.164, LinkedIn
profile addresses to "linkedin.com/in/<slug>", names by Unicode form, accents, case, word
order ("DUPONT Jean" is "Jean Dupont") and French titles (M., Mme, Dr...).

Same e-mail, phone or profile address: the same person, merged without asking. Similar
names at the same organisation: a suggestion the user confirms (`duplicates`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from entregent.engines import text
from entregent.models import EmailAddress, Link, Person, PhoneNumber, Role

# Titles that may precede a name, folded, without the final dot.
TITLES = frozenset(
    [
        "m",
        "mr",
        "mme",
        "mrs",
        "ms",
        "mlle",
        "miss",
        "mx",
        "dr",
        "pr",
        "prof",
        "me",
        "maitre",
        "monsieur",
        "madame",
        "mademoiselle",
        "docteur",
        "professeur",
        "sir",
        "dame",
    ]
)
_PARTICLES = frozenset(
    ["de", "du", "des", "la", "le", "van", "von", "der", "den", "di", "da", "d'", "del"]
)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_LINKEDIN_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.)?linkedin\.com$")


@functools.lru_cache(maxsize=65536)
def folded(value: str) -> str:
    """`text.fold`, remembered: an import folds the same first names thousands of times."""
    return text.fold(value)


def search_document(*parts: str) -> str:
    """`text.search_document` with remembered folds (the same result, tested)."""
    found = [folded(part) for part in parts if part]
    return " ".join([part for part in found if part])


def sort_key(first_name: str, last_name: str, fallback: str = "") -> str:
    """`text.sort_key` with remembered folds (the same result, tested)."""
    key = f"{folded(last_name)} {folded(first_name)}".strip()
    return key or folded(fallback)


@functools.lru_cache(maxsize=65536)
def _part_tokens(part: str) -> tuple[str, ...]:
    return tuple(word for word in _NAME_WORD.findall(folded(part)) if word not in TITLES)


def name_tokens(*parts: str) -> tuple[str, ...]:
    """The folded words of a name, titles left out, sorted: word order does not count."""
    words: list[str] = []
    for part in parts:
        if part:
            words.extend(_part_tokens(part))
    return tuple(sorted(words))


def name_key(first_name: str, middle_name: str, last_name: str, nickname: str = "") -> str:
    """One string per name: "Jean Dupont", "DUPONT Jean" and "M. Jean Dupont" share it."""
    tokens = name_tokens(first_name, middle_name, last_name)
    if not tokens and nickname:
        tokens = name_tokens(nickname)
    return " ".join(tokens)


def _is_title(word: str) -> bool:
    word = word.rstrip(".").lower()
    return word in TITLES or (not word.isascii() and folded(word) in TITLES)


def _shouting(word: str) -> bool:
    """A word in capitals ("DUPONT", "O'BRIEN"), not a single letter."""
    return len(word) > 1 and word.isupper()


def capitalised(name: str) -> str:
    """ "DUPONT" -> "Dupont", "DE LA FONTAINE" -> "De la Fontaine", "D'ARTAGNAN" -> "d'Artagnan"."""
    words = []
    for index, word in enumerate(name.split()):
        lower = word.lower()
        if index and lower in _PARTICLES:
            words.append(lower)
            continue
        pieces = re.split(r"(['’-])", lower)
        pieces = [piece[:1].upper() + piece[1:] for piece in pieces]
        if len(pieces) > 2 and pieces[0].lower() in {"d", "l"} and pieces[1] in "'’":
            pieces[0] = pieces[0].lower()
        words.append("".join(pieces))
    return " ".join(words)


@dataclasses.dataclass
class Name:
    prefix: str
    first_name: str
    middle_name: str
    last_name: str


def tidy_name(prefix: str, first_name: str, middle_name: str, last_name: str) -> Name:
    """Titles moved to the prefix, a surname written in capitals put last and capitalised.

    "M. DUPONT Jean" (surname first, the French way) gives prefix "M.", first name "Jean",
    last name "Dupont".
    """
    if (
        not prefix
        and " " not in first_name
        and not _shouting(first_name)
        and not _shouting(last_name)
        and not _is_title(first_name)
    ):
        return Name("", first_name.strip(), middle_name.strip(), last_name.strip())
    first_words = first_name.split()
    while first_words and _is_title(first_words[0]) and len(first_words) + len(last_name) > 1:
        prefix = f"{prefix} {first_words.pop(0)}".strip()
    first_name = " ".join(first_words)
    if not last_name and len(first_words) > 1:
        shouting = [word for word in first_words if _shouting(word)]
        if shouting and len(shouting) < len(first_words):
            # "DUPONT Jean" or "Jean DUPONT": the capitals are the surname.
            last_name = " ".join(shouting)
            first_name = " ".join(word for word in first_words if not _shouting(word))
    elif _shouting(first_name) and last_name and not _shouting(last_name):
        first_name, last_name = last_name, first_name  # "DUPONT" given as the first name
    if _shouting(last_name) and (first_name or middle_name) and not _shouting(first_name):
        last_name = capitalised(last_name)
    return Name(prefix.strip(), first_name.strip(), middle_name.strip(), last_name.strip())


_PROFILE = re.compile(
    r"^(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/(in)/([^/?#\s]+)(?:[/?#].*)?$",
    re.I,
)


@functools.lru_cache(maxsize=65536)
def profile_key(url: str) -> str:
    """ "linkedin.com/in/<slug>" for any spelling of a LinkedIn profile address; else ""."""
    url = url.strip()
    if match := _PROFILE.match(url):
        kind, slug = match.groups()
        return f"linkedin.com/{kind.lower()}/{urllib.parse.unquote(slug).lower()}"
    if not url:
        return ""
    if "://" not in url:
        url = f"https://{url}"
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if not _LINKEDIN_HOST.match(host):
        return ""
    path = urllib.parse.unquote(parts.path).strip("/").lower()
    if path.startswith("in/") and path[3:]:
        return f"linkedin.com/in/{path[3:].split('/', 1)[0]}"
    if path.startswith("pub/") and path[4:]:
        return f"linkedin.com/{path}"  # the old public profiles: the whole path is the key
    return ""


@functools.lru_cache(maxsize=65536)
def profile_url(key: str) -> str:
    """The address stored for a profile key."""
    if not key:
        return ""
    if key.isascii() and " " not in key:
        return f"https://www.{key}"
    return f"https://www.{urllib.parse.quote(key, safe='/')}"


def url_key(url: str) -> str:
    """A web address compared without scheme, "www.", case of the host or final slash."""
    found = profile_key(url)
    if found:
        return found
    url = url.strip()
    if "://" in url:
        url = url.split("://", 1)[1]
    host, slash, rest = url.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}{slash}{rest}".rstrip("/")


MIN_RAW_DIGITS = 6


def phone_key(raw: str, e164: str) -> str:
    """The E.164 number; for a number that could not be read, "raw:" and its digits."""
    return e164 or "raw:" + "".join(ch for ch in raw if ch.isdigit())


def matching_phone(raw: str, e164: str) -> str:
    """The key a phone is matched by: E.164, or digits long enough to mean something."""
    key = phone_key(raw, e164)
    return key if e164 or len(key) - 4 >= MIN_RAW_DIGITS else ""


def known_phone(key: str, keys: Iterable[str]) -> bool:
    """Already among `keys`: the same key, or the same number once written without its
    country code ("905-555-1234" and +19055551234, "06 12 34 56 78" and +33612345678)."""
    keys = set(keys)
    if key in keys:
        return True
    digits = key[4:].lstrip("0") if key.startswith("raw:") else ""
    for other in keys:
        if digits and len(digits) >= MIN_RAW_DIGITS + 1 and other.endswith(digits):
            return True
        if other.startswith("raw:") and not digits:
            theirs = other[4:].lstrip("0")
            if len(theirs) >= MIN_RAW_DIGITS + 1 and key.endswith(theirs):
                return True
    return False


class MatchIndex:
    """Built once per import from the owner's network; records found by their keys.

    Holds person ids for every normalised e-mail, E.164 phone and profile key, and for each
    name key the people who bear it with the organisations they work for. Records added
    during the import are registered too, so that duplicates inside the input merge.
    """

    def __init__(self) -> None:
        self.emails: dict[str, int] = {}
        self.phones: dict[str, int] = {}
        self.profiles: dict[str, int] = {}
        self.names: dict[str, list[int]] = defaultdict(list)
        self.name_of: dict[int, str] = {}
        self.organizations: dict[int, set[str]] = defaultdict(set)

    @classmethod
    def load(cls, owner: Any) -> MatchIndex:
        index = cls()
        owner_id = owner.pk
        rows = EmailAddress.objects.filter(owner_id=owner_id).order_by("id")
        for address, pid in rows.values_list("address_normalized", "person_id"):
            index.emails.setdefault(address, pid)
        rows_phone = PhoneNumber.objects.filter(owner_id=owner_id).order_by("id")
        for raw, e164, pid in rows_phone.values_list("raw", "e164", "person_id"):
            if key := matching_phone(raw, e164):
                index.phones.setdefault(key, pid)
        people = Person.objects.filter(owner_id=owner_id).order_by("id")
        fields = ("id", "first_name", "middle_name", "last_name", "nickname", "linkedin_url")
        for pid, first, middle, last, nickname, linkedin in people.values_list(*fields):
            key = name_key(first, middle, last, nickname)
            index.names[key].append(pid)
            index.name_of[pid] = key
            if key := profile_key(linkedin):
                index.profiles.setdefault(key, pid)
        links = Link.objects.filter(owner_id=owner_id).order_by("id")
        for url, pid in links.values_list("url", "person_id"):
            if key := profile_key(url):
                index.profiles.setdefault(key, pid)
        roles = Role.objects.filter(owner_id=owner_id)
        for pid, org in roles.values_list("person_id", "organization__name_folded"):
            index.organizations[pid].add(org)
        return index

    def find(
        self, emails: Iterable[str], phones: Iterable[str], profiles: Iterable[str]
    ) -> list[int]:
        """The people any of these keys belongs to, strongest key first, without repeats."""
        found: dict[int, None] = {}
        for keys, table in (
            (profiles, self.profiles),
            (emails, self.emails),
            (phones, self.phones),
        ):
            for key in keys:
                pid = table.get(key)
                if pid is not None:
                    found.setdefault(pid, None)
        return list(found)

    def other_name(self, pid: int, key: str) -> bool:
        """True when `pid` bears a name that shares no word with `key` (both known)."""
        theirs = self.name_of.get(pid, "")
        return bool(key and theirs) and set(key.split()).isdisjoint(theirs.split())

    def same_name(self, key: str, organization: str) -> list[int]:
        """People with exactly this name key who work (or worked) at `organization` (folded),
        or, when it is empty, people with this name whatever their employer."""
        people = self.names.get(key, []) if key else []
        if not organization:
            return list(people)
        return [pid for pid in people if organization in self.organizations.get(pid, ())]

    def register(
        self,
        pid: int,
        emails: list[str],
        phones: list[str],
        profiles: list[str],
        name: str | None,
        organization: str,
    ) -> None:
        """Keys of a record that landed on `pid` (and its name when it is a new person)."""
        for key in emails:
            self.emails.setdefault(key, pid)
        for key in phones:
            self.phones.setdefault(key, pid)
        for key in profiles:
            self.profiles.setdefault(key, pid)
        if name is not None:
            self.names[name].append(pid)
            self.name_of[pid] = name
        if organization:
            self.organizations[pid].add(organization)
