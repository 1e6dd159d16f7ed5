"""`entregent import` of a calendar (with --since/--until) and of a mailbox."""

from __future__ import annotations

from pathlib import Path

from entregent.models import Interaction

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures"


def test_a_calendar_within_a_window(cli, owner):
    path = FIXTURES / "ics" / "meetings.ics"
    result = cli("import", "--since", "2025-01-20", "--until", "2025-01-31", path)
    assert result.exit_code == 0, result.output
    ids = list(Interaction.objects.owned_by(owner).values_list("external_id", flat=True))
    assert ids == ["weekly-5@example.org:2025-01-27T08:30:00+00:00"]


def test_a_mailbox_reports_skips_with_their_line(cli, owner):
    result = cli("import", FIXTURES / "mail" / "inbox.mbox")
    assert result.exit_code == 0, result.output
    assert "inbox.mbox, line 51" in result.stdout
    assert "The date “the day after tomorrow” cannot be read." in result.stdout
    assert Interaction.objects.owned_by(owner).filter(kind="email").count() == 2
