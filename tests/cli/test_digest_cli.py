"""`entregent digest`: print the digest; `--send` e-mails those due (`--once`: one pass)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time

import pytest
from django.core import mail as outbox

from entregent.models import DigestLog, Profile
from tests.plan_samples import network_needing_upkeep

# Monday 2 March 2026, 8:00:30 in Paris.
NOW = dt.datetime(2026, 3, 2, 7, 0, 30, tzinfo=dt.UTC)
DUE = dt.datetime(2026, 3, 2, 7, tzinfo=dt.UTC)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def smtp_configured(settings):
    # The tests' mail backend keeps messages in memory; a host must still be configured.
    settings.EMAIL_HOST = "smtp.example.org"


def turn_on_digest(user, *, next_at=DUE, language="en"):
    Profile.objects.filter(user=user).update(
        digest_enabled=True,
        digest_weekday=0,
        digest_hour=8,
        timezone="Europe/Paris",
        language=language,
        next_digest_at=next_at,
    )


def test_digest_prints_this_weeks_plan(cli, owner, frozen):
    network_needing_upkeep(owner)
    result = cli("digest")
    assert result.exit_code == 0, result.output
    assert "Hélène" in result.stdout and "Marc" in result.stdout
    assert outbox.outbox == []


def test_send_once_sends_the_due_digests(cli, owner, stranger, frozen, smtp_configured):
    network_needing_upkeep(owner)
    network_needing_upkeep(stranger)
    turn_on_digest(owner)
    turn_on_digest(stranger, next_at=DUE + dt.timedelta(hours=1))  # not yet
    result = cli("digest", "--send", "--once")
    assert result.exit_code == 0, result.output
    assert "1 digest handled." in result.stdout
    [message] = outbox.outbox
    assert message.to == ["owner@example.org"]
    assert "Hélène" in message.body
    [log] = DigestLog.objects.all()
    assert (log.owner, log.recipient, log.sent_at) == (owner, "owner@example.org", NOW)
    assert log.items >= 2
    assert Profile.objects.get(user=owner).next_digest_at == DUE + dt.timedelta(days=7)
    assert Profile.objects.get(user=stranger).next_digest_at == DUE + dt.timedelta(hours=1)


def test_a_second_pass_sends_nothing_more(cli, owner, frozen, smtp_configured):
    network_needing_upkeep(owner)
    turn_on_digest(owner)
    cli("digest", "--send", "--once")
    result = cli("digest", "--send", "--once")
    assert "0 digests handled." in result.stdout
    assert len(outbox.outbox) == 1


def test_no_digest_when_nothing_is_planned(cli, owner, frozen, smtp_configured):
    turn_on_digest(owner)
    assert cli("digest", "--send", "--once").exit_code == 0
    assert outbox.outbox == []
    assert DigestLog.objects.count() == 0
    assert Profile.objects.get(user=owner).next_digest_at == DUE + dt.timedelta(days=7)


def test_send_refuses_without_an_smtp_server(cli, owner, settings):
    settings.EMAIL_HOST = ""
    turn_on_digest(owner)
    result = cli("digest", "--send", "--once")
    assert result.exit_code == 2
    assert "ENTREGENT_EMAIL_HOST" in result.stderr
    assert Profile.objects.get(user=owner).next_digest_at == DUE


def test_send_to_one_account_now_whatever_the_schedule(cli, owner, frozen, smtp_configured):
    network_needing_upkeep(owner)
    result = cli("digest", "--send", "--user", "owner")
    assert result.exit_code == 0, result.output
    assert "Digest sent to owner@example.org." in result.stdout
    assert len(outbox.outbox) == 1
    assert Profile.objects.get(user=owner).next_digest_at is None


def test_send_to_an_account_without_address(cli, owner, smtp_configured):
    owner.email = ""
    owner.save()
    result = cli("digest", "--send", "--user", "owner")
    assert result.exit_code == 2
    assert "no e-mail address" in result.stderr


def test_once_goes_with_send(cli, owner):
    result = cli("digest", "--once")
    assert result.exit_code == 2
    assert "--send" in result.stderr


def test_unknown_account(cli, owner):
    assert cli("digest", "--user", "nobody").exit_code == 3


def test_the_sender_stops_cleanly_on_sigterm(cli, owner, smtp_configured):
    before = signal.getsignal(signal.SIGTERM)

    def terminate_once_listening():
        # Only once the sender has put its handler in: the default one would kill pytest.
        deadline = time.monotonic() + 20
        while signal.getsignal(signal.SIGTERM) is before and time.monotonic() < deadline:
            time.sleep(0.05)
        if signal.getsignal(signal.SIGTERM) is not before:
            os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate_once_listening, daemon=True)
    killer.start()
    result = cli("digest", "--send", "--interval", "30")
    killer.join(timeout=5)
    assert result.exit_code == 0, result.output
    assert "Stop with Ctrl-C" in result.stdout
    assert "0 digests handled." in result.stdout
    # The previous handler is back.
    assert signal.getsignal(signal.SIGTERM) is before


def test_digest_in_french(cli, owner, frozen, smtp_configured):
    network_needing_upkeep(owner)
    turn_on_digest(owner, language="fr")
    cli("digest", "--send", "--once")
    [message] = outbox.outbox
    assert "mars 2026" in message.subject
    assert message.extra_headers["Content-Language"] == "fr"
