"""The weekly digest: its schedule (across daylight-saving changes), claiming a due digest
exactly once, what it says in French and English, and sending it to a real SMTP server."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

import pytest
from django.core import mail as outbox
from django.utils import translation

from entregent.models import DigestLog, Profile
from entregent.services import accounts, digest, mail
from tests.plan_samples import MONDAY, item, network_needing_upkeep, week
from tests.smtp_sink import bodies, smtp_server_fixture  # noqa: F401 (a fixture)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


# --- When -------------------------------------------------------------------------------


def test_next_monday_at_eight_in_the_users_zone():
    # Wednesday 4 March 2026, noon in Paris: next Monday 9 March, 8:00 Paris = 7:00 UTC.
    after = paris(2026, 3, 4, 12)
    assert digest.next_send_time(after, weekday=0, hour=8, zone=PARIS) == utc(2026, 3, 9, 7)


def test_later_the_same_day_or_next_week():
    monday_morning = paris(2026, 3, 2, 7, 59)
    assert digest.next_send_time(monday_morning, weekday=0, hour=8, zone=PARIS) == utc(
        2026, 3, 2, 7
    )
    # Exactly at the hour: that one is being sent, the next is a week later.
    at_eight = paris(2026, 3, 2, 8)
    assert digest.next_send_time(at_eight, weekday=0, hour=8, zone=PARIS) == utc(2026, 3, 9, 7)


def test_eight_stays_eight_across_the_spring_change():
    # Clocks go forward on Sunday 29 March 2026 in Paris: 8:00 becomes 6:00 UTC, not 7:00.
    first = digest.next_send_time(paris(2026, 3, 24, 9), weekday=0, hour=8, zone=PARIS)
    second = digest.next_send_time(first, weekday=0, hour=8, zone=PARIS)
    assert first == utc(2026, 3, 30, 6)
    assert second == utc(2026, 4, 6, 6)
    assert first.astimezone(PARIS).hour == 8


def test_eight_stays_eight_across_the_autumn_change():
    # Clocks go back on Sunday 25 October 2026: 8:00 moves from 6:00 to 7:00 UTC.
    before = digest.next_send_time(paris(2026, 10, 20, 9), weekday=0, hour=8, zone=PARIS)
    assert before == utc(2026, 10, 26, 7)
    assert before - digest.next_send_time(
        paris(2026, 10, 13, 9), weekday=0, hour=8, zone=PARIS
    ) == dt.timedelta(days=7, hours=1)


def test_an_hour_the_spring_change_skips_becomes_the_hour_after():
    # Sunday 29 March 2026, 2:00 does not exist in Paris: the digest leaves at 3:00.
    moment = digest.next_send_time(paris(2026, 3, 28, 12), weekday=6, hour=2, zone=PARIS)
    assert moment == utc(2026, 3, 29, 1)
    assert moment.astimezone(PARIS).hour == 3


def test_an_hour_that_happens_twice_in_autumn_is_the_first_one():
    moment = digest.next_send_time(paris(2026, 10, 24, 12), weekday=6, hour=2, zone=PARIS)
    assert moment == utc(2026, 10, 25, 0)  # 2:00 summer time


def test_each_zone_has_its_own_change_date():
    # New York moves its clocks on 8 March 2026, three weeks before Paris.
    moment = digest.next_send_time(utc(2026, 3, 5, 12), weekday=0, hour=8, zone=NEW_YORK)
    assert moment == utc(2026, 3, 9, 12)  # 8:00 EDT


def test_no_schedule_when_the_digest_is_off(owner):
    profile = accounts.profile_for(owner)
    assert digest.schedule_for(profile, utc(2026, 3, 4, 12)) is None
    profile.digest_enabled, profile.timezone, profile.digest_weekday = True, "America/New_York", 0
    assert digest.schedule_for(profile, utc(2026, 3, 5, 12)) == utc(2026, 3, 9, 12)


def test_turning_the_digest_on_schedules_it(owner, time_machine):
    time_machine.move_to(paris(2026, 3, 4, 12))
    profile = accounts.update_preferences(
        owner, digest_enabled=True, digest_weekday=4, digest_hour=9, timezone="Europe/Paris"
    )
    assert profile.next_digest_at == utc(2026, 3, 6, 8)
    # Saving the settings again, unchanged, keeps the date (a digest due now stays due).
    time_machine.move_to(paris(2026, 3, 6, 9, 1))
    assert accounts.update_preferences(owner, digest_hour=9).next_digest_at == utc(2026, 3, 6, 8)
    # A new hour moves it; turning it off clears it.
    assert accounts.update_preferences(owner, digest_hour=10).next_digest_at == utc(2026, 3, 6, 9)
    assert accounts.update_preferences(owner, digest_enabled=False).next_digest_at is None


def test_the_digest_needs_an_address(owner):
    owner.email = ""
    owner.save()
    with pytest.raises(Exception, match="e-mail address") as caught:
        accounts.update_preferences(owner, digest_enabled=True)
    assert "email" in caught.value.message_dict
    assert Profile.objects.get(user=owner).digest_enabled is False


# --- Claiming ---------------------------------------------------------------------------


@pytest.fixture
def due_profile(owner):
    Profile.objects.filter(user=owner).update(
        digest_enabled=True, timezone="Europe/Paris", next_digest_at=utc(2026, 3, 2, 7)
    )
    return Profile.objects.get(user=owner)


def test_two_claims_of_the_same_digest_one_wins(due_profile):
    now = utc(2026, 3, 2, 7, 0, 30)
    # Two senders read the same row before either writes.
    first, second = Profile.objects.get(pk=due_profile.pk), Profile.objects.get(pk=due_profile.pk)
    assert digest.claim(first, now) is True
    assert digest.claim(second, now) is False
    assert Profile.objects.get(pk=due_profile.pk).next_digest_at == utc(2026, 3, 9, 7)


def test_a_claim_fails_once_the_digest_was_turned_off(due_profile):
    stale = Profile.objects.get(pk=due_profile.pk)
    Profile.objects.filter(pk=due_profile.pk).update(digest_enabled=False)
    assert digest.claim(stale, utc(2026, 3, 2, 8)) is False


def test_due_lists_digests_whose_time_has_come(due_profile, stranger):
    assert list(digest.due(utc(2026, 3, 2, 6, 59))) == []
    assert list(digest.due(utc(2026, 3, 2, 7))) == [due_profile]


# --- What it says -----------------------------------------------------------------------


@pytest.fixture
def sample():
    return week(
        today=[item("thank:1", kind="thank", title="Thank Hélène for the introduction")],
        this_week=[item("keep:2", title="Call Marc", minutes=15)],
        overflow=[item("keep:3", title="Coffee with Zoë")],
        warnings=["Your plan needs 35 minutes but you set aside 30."],
        budget=30,
    )


def test_the_digest_lists_the_plan_by_section(owner, sample):
    with translation.override("en"):
        rendered = digest.render_digest(sample, owner=owner, base_url="https://crm.example.org/")
    assert rendered.items == 3
    assert rendered.subject == "Your networking week of 2 Mar 2026: 3 actions"
    text = rendered.text
    assert text.index("Today") < text.index("Thank Hélène") < text.index("This week")
    assert text.index("Call Marc") < text.index("If you have time left") < text.index("Zoë")
    assert "Your plan needs 35 minutes" in text
    assert "  > Bonjour Hélène,\n  > comment vas-tu ?" in text
    assert "https://crm.example.org/settings/" in text
    assert "<strong>Thank Hélène for the introduction</strong>" in rendered.html
    assert 'href="https://crm.example.org/"' in rendered.html
    assert "&lt;" not in text and "&amp;" not in text  # plain text is not HTML-escaped


def test_the_html_digest_escapes_what_the_user_typed(owner):
    plan = week(today=[item("x", title="<script>alert(1)</script>", draft="a & b")])
    rendered = digest.render_digest(plan, owner=owner, base_url="http://127.0.0.1:8000")
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html
    assert "<script>alert(1)</script>" in rendered.text


def test_one_action_is_singular(owner):
    with translation.override("en"):
        rendered = digest.render_digest(week(today=[item("x")]), owner=owner, base_url="")
    assert rendered.subject.endswith(": 1 action")


# --- Sending ----------------------------------------------------------------------------


def test_nothing_is_sent_without_an_smtp_server(settings, due_profile):
    settings.EMAIL_HOST = ""
    with pytest.raises(mail.MailNotConfigured, match="ENTREGENT_EMAIL_HOST"):
        digest.send_due(utc(2026, 3, 3, 12))
    with pytest.raises(mail.MailNotConfigured):
        digest.send_now(due_profile.user)
    assert outbox.outbox == []
    assert DigestLog.objects.count() == 0
    # The schedule is untouched: the digest goes out once a server is configured.
    assert Profile.objects.get(pk=due_profile.pk).next_digest_at == utc(2026, 3, 2, 7)


def test_the_refusing_backend_names_the_setting(settings):
    from django.core.mail import send_mail

    settings.EMAIL_BACKEND = "entregent.services.mail.NotConfiguredBackend"
    with pytest.raises(mail.MailNotConfigured, match="ENTREGENT_EMAIL_HOST"):
        send_mail("s", "b", "a@example.org", ["b@example.org"])


def test_a_digest_turned_on_elsewhere_is_scheduled_not_sent(settings, owner):
    settings.EMAIL_HOST = "smtp.example.org"
    Profile.objects.filter(user=owner).update(digest_enabled=True, timezone="Europe/Paris")
    assert digest.send_due(utc(2026, 3, 4, 12)) == 1
    assert outbox.outbox == []
    assert Profile.objects.get(user=owner).next_digest_at == utc(2026, 3, 9, 7)


def test_the_sender_stops_when_asked(settings, due_profile):
    settings.EMAIL_HOST = "smtp.example.org"
    stop = threading.Event()
    stop.set()
    assert digest.run(once=False, interval=60, stop=stop) == 0
    assert Profile.objects.get(pk=due_profile.pk).next_digest_at == utc(2026, 3, 2, 7)


def test_an_smtp_failure_retries_later(settings, due_profile, time_machine):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.EMAIL_USE_TLS = False
    now = utc(2026, 3, 2, 7, 0, 30)
    time_machine.move_to(now, tick=False)
    network_needing_upkeep(due_profile.user, today=now.date())
    assert digest.send_due(now) == 1
    assert DigestLog.objects.count() == 0
    assert Profile.objects.get(pk=due_profile.pk).next_digest_at == now + digest.RETRY_AFTER


def _closed_port() -> int:
    from tests.smtp_sink import free_port

    return free_port()  # nothing listens there once the probe socket is closed


# --- Through a real SMTP server and the real plan ---------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "month"), [("en", "Today", "Mar 2026"), ("fr", "Aujourd’hui", "mars")]
)
def test_a_due_digest_reaches_a_real_smtp_server(
    smtp_server, owner, time_machine, language, heading, month
):
    now = utc(2026, 3, 2, 7, 0, 30)
    time_machine.move_to(now, tick=False)
    network_needing_upkeep(owner, today=now.date())
    Profile.objects.filter(user=owner).update(
        digest_enabled=True, language=language, timezone="Europe/Paris", next_digest_at=now
    )
    assert digest.send_due(now) == 1
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["owner@example.org"]
    assert envelope.mail_from == "crm@example.org"
    [message] = smtp_server.messages
    assert message["To"] == "owner@example.org"
    assert message["Content-Language"] == language
    assert month in message["Subject"]
    text, html = bodies(message)
    assert heading in text and heading in html
    assert f'<html lang="{language}">' in html
    assert "Hélène" in text and "Marc" in text
    [log] = DigestLog.objects.owned_by(owner)
    assert (log.recipient, log.sent_at) == ("owner@example.org", now)
    # Sent once: the next pass finds nothing due.
    assert digest.send_due(now) == 0
    assert len(smtp_server.envelopes) == 1


def test_each_digest_holds_only_its_owners_plan(smtp_server, owner, stranger, time_machine):
    now = utc(2026, 3, 2, 7, 0, 30)
    time_machine.move_to(now, tick=False)
    network_needing_upkeep(owner, today=now.date())
    Profile.objects.filter(user__in=[owner, stranger]).update(
        digest_enabled=True, timezone="Europe/Paris", next_digest_at=now
    )
    from entregent.services import exchanges
    from entregent.services.people import PersonData, create_person

    sam = create_person(stranger, PersonData(first_name="Sam", last_name="Stranger"))
    exchanges.record_favor(stranger, sam.pk, given=False, kind="advice", occurred_on=now.date())
    digest.send_due(now)
    received = {message["To"]: bodies(message)[0] for message in smtp_server.messages}
    assert set(received) == {"owner@example.org", "stranger@example.org"}
    assert "Hélène" in received["owner@example.org"]
    assert "Sam" not in received["owner@example.org"]
    assert "Hélène" not in received["stranger@example.org"]


def test_mail_is_configured_only_with_a_host(settings):
    settings.EMAIL_HOST = ""
    assert not mail.is_configured()
    settings.EMAIL_HOST = "smtp.example.org"
    assert mail.is_configured()


assert MONDAY.weekday() == 0
