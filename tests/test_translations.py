"""Everything the user reads exists in French: the committed catalogue is complete and current."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "entregent"
CATALOGUE = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def entries(text: str) -> dict[tuple[str, str], tuple[bool, list[str]]]:
    """(context, msgid) -> (fuzzy?, the translations), continuation lines joined."""
    found = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        fuzzy = False
        for line in block.strip().splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
            elif " " in line:
                current, value = line.split(" ", 1)
                fields[current] = value[1:-1]
        if fields.get("msgid"):
            translations = [v for k, v in fields.items() if k.startswith("msgstr")]
            found[(fields.get("msgctxt", ""), fields["msgid"])] = (fuzzy, translations)
    return found


def test_every_string_is_translated_and_none_is_fuzzy():
    problems = []
    for key, (fuzzy, translations) in entries(CATALOGUE.read_text(encoding="utf-8")).items():
        if fuzzy:
            problems.append(("fuzzy", key))
        if not translations or not all(translations):
            problems.append(("untranslated", key))
    assert not problems, problems[:20]


def test_the_check_sees_a_missing_translation():
    sample = 'msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr ""\n\n#, fuzzy\nmsgid "A"\nmsgstr "B"\n'
    assert entries(sample) == {("", "Hello"): (False, [""]), ("", "A"): (True, ["B"])}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs Debian's gettext")
def test_catalogue_has_every_string_of_the_code(tmp_path):
    copy = tmp_path / "entregent"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "entregent.settings"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
            "--no-location",
            "-v",
            "0",
        ],
        cwd=copy,
        env=env,
        check=True,
        timeout=120,
    )
    fresh = set(entries((copy / "locale/fr/LC_MESSAGES/django.po").read_text(encoding="utf-8")))
    committed = set(entries(CATALOGUE.read_text(encoding="utf-8")))
    assert fresh - committed == set(), "run `make messages` and translate the new strings"
    assert committed - fresh == set(), "run `make messages` to drop strings no longer used"
