"""vCard reading speed against vobject, and where vobject misreads real files.

Run with `python -m bench.vcard` (vobject must be installed: it is a dev dependency). A
deterministic file of 10,000 cards (vCard 2.1, 3.0 and 4.0 in turn, one in ten with a photo)
is parsed by `entregent.io.vcard.read_vcards` and by plain `vobject.readComponents`, best of
three runs each, in the same process. The goal: under 2 s, and at least 3x faster than
vobject. Then a few sample files from ../shared/samples/vcard/ show the name and e-mails each
reader finds.
"""

from __future__ import annotations

import base64
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from entregent.io.vcard import Card, read_vcards

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "vcard"
COUNT = 10_000
GOAL_SECONDS = 2.0
GOAL_RATIO = 3.0
FIRST = ("Jean", "Hélène", "François", "Zoë", "Chloé", "Paul", "Ana", "Léa", "Björn", "Amélie")
LAST = ("Dupont", "Lefèvre", "Nguyen", "Martin", "O'Brien", "Müller", "García", "Smith")
COMPANIES = ("Acme", "Société Générale", "Initech", "Globex, Inc.", "Dunder Mifflin")
CITIES = (("Paris", "75011", "France"), ("Montréal", "H2X 1Y4", "Canada"), ("Lyon", "69002", ""))


def _fold(line: str) -> str:
    """RFC folding at 75 characters (enough for this ASCII-heavy test file)."""
    if len(line) <= 75:
        return line
    pieces = [line[:75]] + [line[i : i + 74] for i in range(75, len(line), 74)]
    return "\r\n ".join(pieces)


def _photo(rng: random.Random) -> str:
    data = b"\xff\xd8\xff\xe0" + rng.randbytes(rng.randrange(2_000, 6_000))
    return base64.b64encode(data).decode("ascii")


def _card_21(rng: random.Random, first: str, last: str, index: int) -> list[str]:
    qp = "".join(f"={byte:02X}" for byte in f"{last};{first};;;".encode())
    lines = [
        "VERSION:2.1",
        f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp}",
        f"FN:{first} {last}",
        f"TEL;WORK;VOICE:+33 1 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {index % 100:02d}",
        f"TEL;CELL:+33 6 {rng.randrange(10_000_000, 99_999_999)}",
        f"EMAIL;INTERNET;PREF:contact{index}@example.org",
        f"ORG:{rng.choice(COMPANIES).replace(',', '')};Sales",
        f"BDAY:19{rng.randrange(50, 99)}0{rng.randrange(1, 9)}1{rng.randrange(0, 9)}",
    ]
    if index % 10 == 0:
        lines.append("PHOTO;ENCODING=BASE64;JPEG:" + _photo(rng))
    return lines


def _card_30(rng: random.Random, first: str, last: str, index: int) -> list[str]:
    city, code, country = rng.choice(CITIES)
    lines = [
        "VERSION:3.0",
        f"N:{last};{first};;;",
        f"FN:{first} {last}",
        f"ORG:{rng.choice(COMPANIES).replace(',', chr(92) + ',')}",
        "TITLE:Directeur\\, ventes",
        f"EMAIL;TYPE=INTERNET,WORK:{first[0].lower()}.{index}@example.com",
        f"TEL;TYPE=CELL:+1 514 555 {index % 10_000:04d}",
        f"ADR;TYPE=WORK:;;{index} rue de la Paix;{city};;{code};{country}",
        f"NOTE:Rencontré au salon\\, à {city}.\\nSuivi prévu en {2020 + index % 6}.",
        "CATEGORIES:clients,salon",
        f"BDAY:--{rng.randrange(1, 12):02d}-{rng.randrange(1, 28):02d}",
    ]
    if index % 10 == 1:
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + _photo(rng))
    return lines


def _card_40(rng: random.Random, first: str, last: str, index: int) -> list[str]:
    lines = [
        "VERSION:4.0",
        f"UID:urn:uuid:00000000-0000-4000-8000-{index:012d}",
        f"N:{last};{first};;;",
        f"FN:{first} {last}",
        f"EMAIL;TYPE=home;PREF=1:{last.lower().replace(chr(39), '')}.{index}@example.net",
        f"EMAIL;TYPE=work:{index}@corp.example",
        f'TEL;VALUE=uri;TYPE="voice,cell":tel:+44-20-7946-{index % 10_000:04d}',
        f"URL:https://example.org/people/{index}",
        f"X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/p{index}",
        f"BDAY:19{rng.randrange(50, 99)}{rng.randrange(1, 12):02d}{rng.randrange(1, 28):02d}",
    ]
    if index % 10 == 2:
        lines.append("PHOTO:data:image/jpeg;base64," + _photo(rng))
    return lines


def generate(count: int = COUNT, seed: int = 2024) -> bytes:
    """`count` cards, deterministic for a given seed, CRLF line ends, folded at 75."""
    rng = random.Random(seed)
    makers = (_card_21, _card_30, _card_40)
    out: list[str] = []
    for index in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        lines = makers[index % 3](rng, first, last, index)
        out.extend(["BEGIN:VCARD", *(_fold(line) for line in lines), "END:VCARD"])
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


def _best_of(runs: int, parse: Callable[[], int]) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        count = parse()
        best = min(best, time.perf_counter() - started)
    return best, count


def _ours(data: bytes) -> int:
    return sum(1 for item in read_vcards(data) if isinstance(item, Card))


def _vobject(data: bytes) -> int:
    import vobject

    return sum(1 for _ in vobject.readComponents(data.decode("utf-8")))


def _speed() -> bool:
    data = generate()
    ours, our_count = _best_of(3, lambda: _ours(data))
    theirs, their_count = _best_of(3, lambda: _vobject(data))
    ratio = theirs / ours
    print(f"{COUNT:,} vCards, {len(data) / 1e6:.1f} MB (2.1, 3.0, 4.0; photos in one in ten)")
    print(f"  entregent  {ours:6.3f} s  {our_count:,} cards  ({COUNT / ours:,.0f} cards/s)")
    print(f"  vobject    {theirs:6.3f} s  {their_count:,} cards  ({COUNT / theirs:,.0f} cards/s)")
    print(f"  ratio      {ratio:6.1f}x   (goal: under {GOAL_SECONDS} s and at least {GOAL_RATIO}x)")
    return ours < GOAL_SECONDS and ratio >= GOAL_RATIO and our_count == COUNT


def _vobject_view(data: bytes) -> list[str]:
    import vobject

    seen = []
    try:
        for card in vobject.readComponents(data.decode("utf-8", "replace")):
            name = card.fn.value if hasattr(card, "fn") else "(no FN)"
            emails = [str(line.value) for line in card.contents.get("email", [])]
            seen.append(f"{name!r} {emails}")
    except Exception as error:  # vobject raises on several real files
        seen.append(f"error: {type(error).__name__}: {str(error)[:60]}")
    return seen


def _our_view(data: bytes) -> list[str]:
    return [
        f"{item.formatted_name!r} {[email.value for email in item.emails]}"
        if isinstance(item, Card)
        else f"skipped: {item.message}"
        for item in read_vcards(data)
    ]


SHOWN = (
    "ezvcard__John_Doe_GMAIL.vcf",
    "ezvcard__John_Doe_IPHONE.vcf",
    "ezvcard__John_Doe_ANDROID.vcf",
    "ezvcard__John_Doe_MS_OUTLOOK.vcf",
    "vobject__quoted-printable_v21.vcf",
)


def _samples() -> None:
    if not SAMPLES.is_dir():
        print(f"(no sample files in {SAMPLES})")
        return
    print("\nName and e-mails found in real files (ours, then vobject's):")
    for name in SHOWN:
        data = (SAMPLES / name).read_bytes()
        print(f"  {name}")
        for label, lines in (("entregent", _our_view(data)), ("vobject", _vobject_view(data))):
            for line in lines:
                print(f"    {label:9}  {line}")


def main() -> int:
    try:
        import vobject  # noqa: F401
    except ImportError:
        print("bench.vcard needs vobject (pip install vobject)")
        return 1
    ok = _speed()
    _samples()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
