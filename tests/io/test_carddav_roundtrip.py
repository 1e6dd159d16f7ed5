"""Exported vCards read back by strict readers: Radicale through vdirsyncer, and khard.

The vdir export is synced into a Radicale CardDAV server on a free loopback port (plain
htpasswd, storage in tmp_path) with vdirsyncer, then synced down into a second vdir; the
cards the server stored and the cards that came back are compared field by field with
what was exported. khard reads the exported vdir directly. Nothing leaves 127.0.0.1.

The tools come with the dev extra (`pip install radicale vdirsyncer khard`); each test is
skipped, saying which tool is missing, only when that tool is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from entregent.io.export_vcard import people_for_export, person_card, person_uid, write_vdir
from entregent.io.vcard import Card, read_vcards
from entregent.services.people import PersonData, create_person

VERSIONS = ["3.0", "4.0"]


def tool(name: str) -> str | None:
    """The console script next to this Python (the venv), else one on PATH."""
    sibling = Path(sys.executable).parent / name
    return str(sibling) if sibling.exists() else shutil.which(name)


def needs(*names: str) -> pytest.MarkDecorator:
    missing = [name for name in names if tool(name) is None]
    return pytest.mark.skipif(
        bool(missing),
        reason=f"{', '.join(missing)} not installed (pip install {' '.join(names)})",
    )


def quiet_env(home: Path) -> dict[str, str]:
    """No proxy (everything is on 127.0.0.1) and a throwaway home for the tools."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.lower().endswith("_proxy") and not key.startswith("XDG_")
    }
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    return env


def run(args: list[str], env: dict[str, str], stdin: str = "") -> str:
    done = subprocess.run(
        args, input=stdin, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture
def network(owner, helene):
    """People whose cards use escapes, accents, folding, partial dates and a photo."""
    create_person(
        owner,
        PersonData(
            first_name="Zoë",
            last_name="Müller",
            birthday="--03-15",
            emails=["zoe@example.de"],
            notes="Ligne 1\nLigne 2, avec ; et \\ — " + "très long texte " * 8,
        ),
    )
    create_person(
        owner,
        PersonData(
            first_name="Jean-Pierre",
            last_name="O'Brien",
            phones=["01 23 45 67 89"],
            organization="Ünïcode SARL",
            title="Gérant",
        ),
    )
    return owner


def expected_cards(owner) -> dict[str, Card]:
    return {
        person_uid(owner, person.pk): person_card(person, person_uid(owner, person.pk))
        for person in people_for_export(owner)
    }


def fields(card: Card) -> dict[str, object]:
    """What must survive a round trip."""
    return {
        "fn": card.formatted_name,
        "names": (card.prefix, card.first_name, card.middle_name, card.last_name, card.suffix),
        "nickname": card.nickname,
        "emails": sorted(entry.value for entry in card.emails),
        "phones": sorted(entry.value for entry in card.phones),
        "birthday": card.birthday,
        "org": card.organization,
        "title": card.title,
        "note": card.note,
        "photo": card.photo,
    }


def read_folder(folder: Path) -> dict[str, dict[str, object]]:
    found = {}
    for path in folder.glob("*.vcf"):
        (card,) = read_vcards(path.read_bytes())
        assert isinstance(card, Card), card
        found[card.uid] = fields(card)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def radicale(tmp_path):
    """A Radicale server on a free loopback port; yields (url, storage folder)."""
    root = tmp_path / "radicale"
    storage = root / "collections"
    storage.mkdir(parents=True)
    (root / "users").write_text("user:secret\n")
    port = free_port()
    config = root / "config"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {root / 'users'}\nhtpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {storage}\n"
        "[rights]\ntype = owner_only\n"
        "[logging]\nlevel = warning\n"
    )
    env = quiet_env(tmp_path / "home")
    log = (root / "log").open("w")
    server = subprocess.Popen(
        [tool("radicale"), "--config", str(config)], stdout=log, stderr=log, env=env
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Radicale did not start: {(root / 'log').read_text()}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/", storage
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def vdirsyncer_config(tmp_path: Path, url: str, up: Path, down: Path) -> Path:
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        f'[general]\nstatus_path = "{tmp_path / "status"}/"\n\n'
        '[pair up]\na = "exported"\nb = "server"\ncollections = ["from a"]\n'
        'conflict_resolution = "a wins"\n\n'
        '[pair down]\na = "synced"\nb = "server"\ncollections = ["from b"]\n\n'
        f'[storage exported]\ntype = "filesystem"\npath = "{up}/"\nfileext = ".vcf"\n\n'
        f'[storage synced]\ntype = "filesystem"\npath = "{down}/"\nfileext = ".vcf"\n\n'
        f'[storage server]\ntype = "carddav"\nurl = "{url}"\n'
        'username = "user"\npassword = "secret"\n'
    )
    return config


@needs("radicale", "vdirsyncer", "khard")
@pytest.mark.parametrize("version", VERSIONS)
def test_radicale_stores_and_serves_back_what_was_exported(
    network, helene, tmp_path, radicale, version
):
    url, storage = radicale
    exported, synced = tmp_path / "exported", tmp_path / "synced"
    synced.mkdir()
    write_vdir(network, exported / "contacts", version)
    expected = {uid: fields(card) for uid, card in expected_cards(network).items()}
    assert len(expected) == 3

    env = quiet_env(tmp_path / "home")
    config = str(vdirsyncer_config(tmp_path, url, exported, synced))
    vdirsyncer = tool("vdirsyncer")
    run([vdirsyncer, "-c", config, "discover", "up"], env, stdin="y\n" * 4)
    run([vdirsyncer, "-c", config, "sync", "up"], env)
    run([vdirsyncer, "-c", config, "discover", "down"], env, stdin="y\n" * 4)
    run([vdirsyncer, "-c", config, "sync", "down"], env)

    (stored_folder,) = (storage / "collection-root" / "user").iterdir()
    stored = read_folder(stored_folder)
    came_back = read_folder(synced / "contacts")
    assert set(stored) == set(came_back) == set(expected)
    for uid, wanted in expected.items():
        # Photos included: Radicale re-reads every card with vobject, which keeps the whole
        # of a 4.0 data: URI only when its comma is escaped (see vcard_write._photo).
        assert wanted["photo"] or uid != person_uid(network, helene.pk)
        assert stored[uid] == wanted, uid
        assert came_back[uid] == wanted, uid
    # What came back from the server, read by khard: the birthday without a year stays so.
    khard = Khard(tmp_path, synced / "contacts")
    for uid, card in expected_cards(network).items():
        assert khard.birthday(uid) == shown_birthday(card), uid
    # The server stores each card under the name the vdir gave it.
    assert sorted(path.name for path in stored_folder.glob("*.vcf")) == sorted(
        f"{uid}.vcf" for uid in expected
    )


class Khard:
    """khard reading one vdir, with a throwaway configuration and home."""

    def __init__(self, tmp_path: Path, vdir: Path) -> None:
        self.config = tmp_path / f"khard-{vdir.name}.conf"
        self.config.write_text(
            f"[addressbooks]\n[[entregent]]\npath = {vdir}\n\n"
            "[general]\ndebug = no\ndefault_action = list\neditor = /bin/true\n"
            "merge_editor = /bin/true\n\n[contact table]\nlocalize_dates = no\n\n"
            "[vcard]\nskip_unparsable = no\n"
        )
        self.env = quiet_env(tmp_path / "home")
        self.yaml = pytest.importorskip("ruamel.yaml", reason="khard's YAML library")

    def run(self, *args: str) -> str:
        return run([tool("khard"), "-c", str(self.config), *args], self.env)

    def show(self, uid: str) -> dict[str, object]:
        """The card as `khard show --format yaml` shows it."""
        return self.yaml.YAML(typ="safe").load(self.run("show", "--format", "yaml", f"uid:{uid}"))

    def birthday(self, uid: str) -> str:
        """The birthday `khard show` shows ("" when none).

        Not the YAML's: that is khard's editing template, where a 3.0 date without a year
        becomes khard's own placeholder year, 1900.
        """
        for line in self.run("show", f"uid:{uid}").splitlines():
            label, colon, value = line.strip().partition(":")
            if colon and label == "Birthday":
                return value.strip()
        return ""


def shown_birthday(card: Card) -> str:
    """The birthday as khard shows it: 1980-04-02, or --03-15 without a year."""
    birthday = card.birthday
    if birthday is None:
        return ""
    year = f"{birthday.year:04d}" if birthday.year else "-"
    return f"{year}-{birthday.month:02d}-{birthday.day:02d}"


def _values(entries: object) -> list[str]:
    """Every value of khard's "Phone:"/"Email:" mapping (a value or a list per label)."""
    if not entries:
        return []
    found: list[str] = []
    for value in dict(entries).values():  # type: ignore[call-overload]
        found.extend(value if isinstance(value, list) else [value])
    return sorted(str(item) for item in found if item)


def _one(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


@needs("khard")
@pytest.mark.parametrize("version", VERSIONS)
def test_khard_reads_the_vdir(network, tmp_path, version):
    vdir = tmp_path / "contacts"
    write_vdir(network, vdir, version)
    expected = expected_cards(network)
    khard = Khard(tmp_path, vdir)

    listed = khard.run("list", "--parsable")
    uids = {line.split("\t")[0] for line in listed.splitlines() if line.strip()}
    assert uids == set(expected)
    for uid, card in expected.items():
        shown = khard.show(uid)
        assert shown["Formatted name"] == card.formatted_name
        assert _one(shown["First name"]) == card.first_name
        assert _one(shown["Additional"]) == card.middle_name
        assert _one(shown["Last name"]) == card.last_name
        assert _one(shown["Prefix"]) == card.prefix
        assert _one(shown["Nickname"]) == card.nickname
        assert _one(shown["Organisation"]) == card.organization
        assert _one(shown["Title"]) == card.title
        assert _one(shown["Note"]) == card.note
        assert _values(shown["Email"]) == sorted(entry.value for entry in card.emails)
        assert _values(shown["Phone"]) == sorted(entry.value for entry in card.phones)
        # A birthday without a year is --03-15 in 3.0 too, not Apple's year 1604.
        assert khard.birthday(uid) == shown_birthday(card), uid

    emails = khard.run("email", "--parsable")
    assert sorted(line.split("\t")[0] for line in emails.splitlines() if "@" in line) == sorted(
        entry.value for card in expected.values() for entry in card.emails
    )
