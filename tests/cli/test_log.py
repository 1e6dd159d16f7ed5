"""`entregent log`: an interaction through services.exchanges.log_interaction."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings

from entregent.models import Interaction
from entregent.services.people import PersonData, create_person


def test_log_by_name_and_id(cli, owner, helene, francois):
    result = cli(
        "log", "helene", str(francois.pk),
        "--kind", "meal", "--direction", "outgoing", "--setting", "personal",
        "--when", "2026-01-20 14:00", "--summary", "Déjeuner au Comptoir", "--duration", "90",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    interaction = Interaction.objects.owned_by(owner).get()
    assert {p.pk for p in interaction.participants.all()} == {helene.pk, francois.pk}
    assert (interaction.kind, interaction.direction, interaction.setting) == (
        "meal",
        "outgoing",
        "personal",
    )
    local = interaction.occurred_at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    assert local.replace(tzinfo=None) == dt.datetime(2026, 1, 20, 14, 0)
    assert interaction.summary == "Déjeuner au Comptoir"
    assert interaction.duration_minutes == 90
    assert str(interaction.pk) in result.stdout


def test_log_json_and_defaults(cli, owner, helene):
    data = cli.json("log", str(helene.pk), "--when", "20/01/2026")
    interaction = Interaction.objects.owned_by(owner).get()
    assert data["id"] == interaction.pk
    assert data["participants"] == [helene.pk]
    assert (interaction.kind, interaction.direction) == ("meeting", "mutual")


def test_log_without_participant_names_the_field(cli, owner):
    result = cli("log", "--summary", "with nobody")
    assert result.exit_code == 1
    assert result.stderr.startswith("participants: ")
    assert not Interaction.objects.exists()


def test_an_ambiguous_name_lists_the_candidates(cli, owner, helene):
    other = create_person(owner, PersonData(first_name="Hélène", last_name="Bénard"))
    result = cli("log", "Hélène")
    assert result.exit_code == 1
    assert str(helene.pk) in result.stderr and str(other.pk) in result.stderr
    assert "Lefèvre Conseil" in result.stderr
    assert not Interaction.objects.exists()


def test_an_exact_full_name_is_not_ambiguous(cli, owner, helene):
    create_person(owner, PersonData(first_name="Hélène", last_name="Dupré-Martin"))
    assert cli("log", "Helene Dupre", "--when", "today").exit_code == 0
    assert Interaction.objects.get().participants.get() == helene


def test_nobody_by_that_name(cli, owner, helene):
    result = cli("log", "Quentin")
    assert result.exit_code == 3
    assert "not found" in result.stderr.lower()


def test_another_accounts_person_is_not_found(cli, owner, helene, strangers_person):
    result = cli("log", str(strangers_person.pk), "--user", "owner")
    assert result.exit_code == 3
    assert "not found" in result.stderr.lower()
    assert not Interaction.objects.exists()


def test_bad_values_name_their_field(cli, owner, helene):
    for args, field in (
        (["--when", "next tuesday"], "occurred_at"),
        (["--when", "2026-02-30 10:00"], "occurred_at"),
        (["--kind", "telepathy"], "kind"),
        (["--direction", "sideways"], "direction"),
        (["--when", "2999-01-01 10:00"], "occurred_at"),
    ):
        result = cli("log", str(helene.pk), *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"{field}: "), result.stderr
    assert not Interaction.objects.exists()
