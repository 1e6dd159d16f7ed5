"""`entregent plan`, `done`, `snooze`, `dismiss`: the week's plan through services.plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from entregent.models import Decision, Task
from entregent.services import exchanges


@pytest.fixture
def thanks_owed(owner, helene):
    return exchanges.record_favor(
        owner, helene.pk, given=False, kind="introduction", occurred_on=timezone.localdate()
    )


@pytest.fixture
def later_task(owner):
    """A task for Sunday: on the plan, but not today (unless today is Sunday)."""
    today = timezone.localdate()
    return Task.objects.create(
        owner=owner,
        title="Préparer le dossier",
        due_on=today + dt.timedelta(days=6 - today.weekday()),
    )


def test_plan_lists_today_with_the_keys(cli, owner, thanks_owed):
    result = cli("plan")
    assert result.exit_code == 0, result.output
    assert "Thank Hélène Dupré" in result.stdout
    assert f"thank:favor:{thanks_owed.pk}" in result.stdout
    assert "of 120 minutes planned" in result.stdout


def test_plan_week_shows_the_rest_of_the_week(cli, owner, thanks_owed, later_task):
    result = cli("plan", "--week")
    assert result.exit_code == 0, result.output
    assert "Préparer le dossier" in result.stdout
    assert "Thank Hélène Dupré" in result.stdout


def test_plan_json_for_scripts(cli, owner, thanks_owed):
    data = cli.json("plan")
    assert data["budget_minutes"] == 120
    (item,) = data["today"]
    assert item["key"] == f"thank:favor:{thanks_owed.pk}"
    assert item["kind"] == "thank" and item["draft"]
    assert set(data) >= {"week_start", "this_week", "overflow", "warnings", "overflow_count"}


def test_done_snooze_dismiss(cli, owner, thanks_owed, later_task):
    key = f"thank:favor:{thanks_owed.pk}"
    result = cli("done", key)
    assert result.exit_code == 0, result.output
    assert key in result.stdout
    thanks_owed.refresh_from_db()
    assert thanks_owed.thanked_on == timezone.localdate()

    task_key = f"task:task:{later_task.pk}"
    until = timezone.localdate() + dt.timedelta(days=10)
    result = cli("snooze", task_key, "--until", until.isoformat())
    assert result.exit_code == 0, result.output
    assert Decision.objects.get(action_key=task_key).snoozed_until == until

    result = cli("dismiss", task_key)
    assert result.exit_code == 0, result.output
    assert Decision.objects.get(action_key=task_key).decision == "dismissed"
    assert cli.json("plan", "--week")["this_week"] == []


def test_snooze_defaults_to_a_week(cli, owner, later_task):
    assert cli("snooze", f"task:task:{later_task.pk}").exit_code == 0
    decision = Decision.objects.get()
    assert decision.snoozed_until == timezone.localdate() + dt.timedelta(days=7)


def test_a_bad_key_or_date_is_invalid_input(cli, owner, later_task):
    result = cli("done", "nonsense")
    assert result.exit_code == 1
    assert result.stderr.startswith("key: ")
    result = cli("snooze", f"task:task:{later_task.pk}", "--until", "someday")
    assert result.exit_code == 1
    assert not Decision.objects.exists()


def test_another_accounts_action_is_not_found(cli, owner, stranger, thanks_owed):
    result = cli("done", f"thank:favor:{thanks_owed.pk}", "--user", "stranger")
    assert result.exit_code == 3
    assert not Decision.objects.exists()
    result = cli.json("plan", "--user", "stranger")
    assert result["today"] == [] and result["this_week"] == []
