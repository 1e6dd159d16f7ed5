"""Mailbox import speed and memory: a synthetic 100,000-message mbox, end to end.

Run with `python -m bench.mailbox`. The mbox is generated deterministically in a temporary
folder (bodies of a few KB, so the file is a few hundred MB): 40% sent by the owner, 45%
received from people the owner writes to, 15% newsletters and no-reply mail. The import
is timed from the file on disk to the committed batch in a fresh SQLite database (as in
`bench.imports`). Memory: the reader alone (headers parsed, bodies skipped) runs in a
process of its own on 10,000 and on 100,000 messages, from the mbox on disk and from the
same mbox in a zip archive (streamed, never read whole): its peak should not grow with the
file. The whole import keeps one small entry per interaction until it writes them in bulk
(as every import does), so the process's peak (ru_maxrss) is shown too. Goals: 100,000
messages under 30 s, and the reader's peak on 100,000 messages within FLAT_MIB of its peak
on 10,000, on disk and zipped.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from bench.imports import account, fresh_database
from entregent.models import Interaction, Person
from entregent.services import accounts, imports

MESSAGES = int(os.environ.get("ENTREGENT_BENCH_MESSAGES", "100000"))
SMALL = MESSAGES // 10
GOAL_SECONDS = 30.0
FLAT_MIB = 32.0  # what the reader's peak may grow from 10,000 to 100,000 messages
OWNER = "camille.owner@bench.example"
FIRST = ("Jean", "Hélène", "François", "Zoë", "Chloé", "Paul", "Ana", "Léa", "Björn", "Amélie")
LAST = ("Dupont", "Lefèvre", "Nguyen", "Martin", "O'Brien", "Müller", "García", "Smith")
WORDS = [
    "le",
    "la",
    "de",
    "un",
    "une",
    "projet",
    "réunion",
    "budget",
    "client",
    "merci",
    "bonjour",
    "semaine",
    "point",
    "suite",
]
START = 1_640_995_200  # 2022-01-01 UTC
SPAN = 4 * 365 * 86400  # up to the end of 2025
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date(moment: int) -> str:
    found = time.gmtime(moment)
    return (
        f"{DAYS[found.tm_wday]}, {found.tm_mday} {MONTHS[found.tm_mon - 1]} {found.tm_year} "
        f"{found.tm_hour:02d}:{found.tm_min:02d}:{found.tm_sec:02d} +0000"
    )


def generate(path: Path, count: int, seed: int = 11) -> int:
    """Write an mbox of `count` messages; its size in bytes."""
    rng = random.Random(seed)
    people = [
        (f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"person{number}@corp{number % 50}.example")
        for number in range(2000)
    ]
    lines = [" ".join(rng.choice(WORDS) for _ in range(12)) + "\n" for _ in range(200)]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for number in range(count):
            moment = START + rng.randrange(SPAN)
            kind = rng.random()
            name, address = rng.choice(people)
            if kind < 0.40:
                sender = f"Camille Bernard <{OWNER}>"
                to = ", ".join(f'"{n}" <{a}>' for n, a in rng.sample(people, rng.randint(1, 3)))
                extra = ""
            elif kind < 0.85:
                sender, to, extra = f'"{name}" <{address}>', OWNER, ""
            elif kind < 0.95:
                sender, to = f"News <news{number % 20}@shop.example>", OWNER
                extra = "List-Unsubscribe: <mailto:unsubscribe@shop.example>\n"
            else:
                sender, to, extra = "Service <noreply@service.example>", OWNER, ""
            subject = (
                "=?utf-8?q?R=C3=A9union_budget?=" if number % 7 == 0 else rng.choice(lines)[:40]
            )
            out.write(f"From x@x {time.asctime(time.gmtime(moment))}\n")
            out.write(
                f"From: {sender}\nTo: {to}\nSubject: {subject.strip()}\n"
                f"Date: {_date(moment)}\nMessage-ID: <{number}.{seed}@bench.example>\n{extra}"
                "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
            )
            out.writelines(rng.choices(lines, k=rng.randint(20, 45)))  # 2 to 4 KB
            out.write(">From the quoted part, escaped as mbox does\n\n")
    return path.stat().st_size


_READER = """
import resource, sys, time
from pathlib import Path
from entregent.io.detect import collect
from entregent.io.mailbox import read_mailboxes
started = time.perf_counter()
count = sum(1 for _record in read_mailboxes(collect([Path(sys.argv[1])]), [sys.argv[2]]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(time.perf_counter() - started, count, peak)
"""


def reader_peak(path: Path) -> tuple[float, int, float]:
    """Seconds, records and the peak memory (MiB) of a process that only reads the mbox."""
    found = subprocess.run(
        [sys.executable, "-c", _READER, str(path), OWNER],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(found[0]), int(found[1]), int(found[2]) / 1024


def zipped(path: Path) -> Path:
    """The mbox in a zip archive, as a mail export would come."""
    archive = path.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        out.write(path, f"Mail/{path.name}")
    return archive


def timed_import(path: Path) -> tuple[float, object, object]:
    owner = account("mail")
    profile = accounts.profile_for(owner)
    profile.own_emails = OWNER
    profile.save()
    started = time.perf_counter()
    batch = imports.import_files(owner, [path])
    return time.perf_counter() - started, owner, batch


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="entregent-bench-mail-"))
    try:
        return _run(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # half a gigabyte of mail


def _run(folder: Path) -> int:
    small, large = folder / "small.mbox", folder / "large.mbox"
    started = time.perf_counter()
    small_size = generate(small, SMALL)
    large_size = generate(large, MESSAGES)
    print(
        f"mailbox: generated {SMALL:,} messages ({small_size / 2**20:.0f} MiB) and "
        f"{MESSAGES:,} ({large_size / 2**20:.0f} MiB) in {time.perf_counter() - started:.1f} s"
    )
    flat = True
    for where, (first, second) in (
        ("on disk", (small, large)),
        ("zipped", (zipped(small), zipped(large))),
    ):
        peaks = []
        for label, path in ((f"{SMALL:,}", first), (f"{MESSAGES:,}", second)):
            seconds, count, peak = reader_peak(path)
            peaks.append(peak)
            print(
                f"  reader alone, {label} messages {where}: {count:,} records in "
                f"{seconds:.1f} s, process peak {peak:.0f} MiB"
            )
        flat = flat and peaks[1] - peaks[0] <= FLAT_MIB
    print(f"  goal       flat memory (+{FLAT_MIB:.0f} MiB at most): {'met' if flat else 'MISSED'}")
    ok = flat
    for label, path in ((f"{SMALL:,}", small), (f"{MESSAGES:,}", large)):
        where = fresh_database()
        seconds, owner, batch = timed_import(path)
        interactions = Interaction.objects.owned_by(owner).count()
        people = Person.objects.owned_by(owner).count()
        skipped = batch.skipped  # type: ignore[attr-defined]
        print(
            f"  import into {where}, {label} messages: {seconds:.1f} s "
            f"({interactions:,} interactions, {people:,} people, {skipped:,} skipped), "
            f"process peak {_rss_mib():.0f} MiB so far"
        )
        if path is large:
            fast = seconds < GOAL_SECONDS
            ok = ok and fast
            print(f"  goal       under {GOAL_SECONDS:.0f} s: {'met' if fast else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
