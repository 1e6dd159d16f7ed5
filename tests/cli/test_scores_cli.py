"""`entregent rescore`, `entregent score-log`, and the scores in `entregent show`."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from entregent.engines.scoring import DAYS_PER_YEAR
from entregent.models import Person
from entregent.services import exchanges

CSV_LOG = """\
% a chat log, CSV, ISO dates
sender,recipient,time
ann,bob,2026-01-01
bob,ann,2026-01-03T10:00:00
ann,bob,2026-01-10
ann,cid,2026-01-12
cid,dan,2026-02-01
"""

SPACE_LOG = """\
% the same log: spaces, a weight, unix seconds
ann bob 1 1767225600
bob ann 1 1767434400
ann bob 2 1767993600
ann cid 1 1768176000
cid dan 1 1769904000
"""


def rows(output: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output)))


@pytest.fixture
def logs(tmp_path):
    csv_file = tmp_path / "chat.csv"
    csv_file.write_text(CSV_LOG, encoding="utf-8")
    space_file = tmp_path / "chat.txt"
    space_file.write_text(SPACE_LOG, encoding="utf-8")
    return csv_file, space_file


def test_score_log_writes_every_pair_seen_before_the_moment(cli, logs):
    csv_file, space_file = logs
    result = cli("score-log", csv_file, "--as-of", "2026-01-20")
    assert result.exit_code == 0, result.output
    table = rows(result.stdout)
    assert table[0] == ["a", "b", "warmth", "depth"]
    pairs = {(a, b): (float(w), float(d)) for a, b, w, d in table[1:]}
    assert set(pairs) == {("ann", "bob"), ("ann", "cid")}  # cid-dan comes after
    assert pairs["ann", "bob"][0] > pairs["ann", "cid"][0] > 0.0
    assert all(0.0 <= d <= 1.0 for _w, d in pairs.values())
    spaced = cli("score-log", space_file, "--as-of", "1768867200", "--horizon", "14")
    assert spaced.exit_code == 0, spaced.output
    assert {tuple(row[:2]) for row in rows(spaced.stdout)[1:]} == set(pairs)


def test_score_log_horizon_widens_the_chance(cli, logs):
    csv_file, _space = logs
    short = rows(cli("score-log", csv_file, "--as-of", "2026-03-01", "--horizon", "7").stdout)
    long = rows(cli("score-log", csv_file, "--as-of", "2026-03-01", "--horizon", "90").stdout)
    assert len(short) == len(long) == 4
    for a, b in zip(short[1:], long[1:], strict=True):
        assert float(a[2]) < float(b[2])
        assert a[3] == b[3]


def test_score_log_names_the_bad_line(cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("% header\nann bob 1767225600\nann bob yesterday\n", encoding="utf-8")
    result = cli("score-log", bad, "--as-of", "2026-02-01")
    assert result.exit_code == 1
    assert "line 3" in result.stderr and "bad.txt" in result.stderr
    assert result.stdout == ""
    short = tmp_path / "short.txt"
    short.write_text("ann 1767225600\n", encoding="utf-8")
    assert "line 1" in cli("score-log", short, "--as-of", "2026-02-01").stderr


def test_score_log_refuses_a_bad_moment_or_a_missing_file(cli, logs, tmp_path):
    csv_file, _space = logs
    result = cli("score-log", csv_file, "--as-of", "someday")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr
    missing = cli("score-log", tmp_path / "nope.txt", "--as-of", "2026-02-01")
    assert missing.exit_code == 1
    assert "nope.txt" in missing.stderr


def test_score_log_reads_standard_input(cli):
    result = cli("score-log", "-", "--as-of", "2026-02-01", input=CSV_LOG)
    assert result.exit_code == 0, result.output
    assert len(rows(result.stdout)) == 3


def test_rescore_rebuilds_the_cache(cli, owner, helene, francois):
    exchanges.log_interaction(owner, [helene.pk], kind="meal")
    Person.objects.update(depth=0.0, scored_at=None)
    result = cli("rescore")
    assert result.exit_code == 0, result.output
    assert "owner: 2 people scored, 2 changed" in result.stdout
    helene.refresh_from_db()
    assert helene.depth > 0 and helene.scored_at is not None
    again = cli.json("rescore", "--user", "owner")
    assert again == [{"user": "owner", "people": 2, "changed": 0, "seconds": again[0]["seconds"]}]


def test_rescore_every_account_or_one(cli, owner, stranger, helene, strangers_person):
    result = cli.json("rescore")
    assert [entry["user"] for entry in result] == ["owner", "stranger"]
    assert cli("rescore", "--user", "nobody").exit_code == 3


def test_show_prints_depth_and_warmth(cli, owner, helene):
    for years in (2, 1, 0):
        when = timezone.now() - dt.timedelta(days=years * DAYS_PER_YEAR + 1)
        exchanges.log_interaction(owner, [helene.pk], occurred_at=when, kind="meal")
    data = cli.json("show", helene.pk)
    assert data["scores"]["level"] in {"contact", "acquaintance", "relation", "trusted", "close"}
    assert data["scores"]["explanation"].startswith(data["scores"]["level_label"] + ": ")
    assert "in touch 3 times in 2 years" in data["scores"]["explanation"]
    assert 0.0 < data["scores"]["warmth"] < 1.0
    text = cli("show", helene.pk).stdout
    assert "in touch 3 times in 2 years" in text
    assert "chance of being in touch within 30 days" in text
