"""SMTP settings for the digest, and the address used for links in e-mails."""

from __future__ import annotations

import pytest

from entregent import conf


def test_no_host_means_a_backend_that_refuses_to_send():
    email = conf.email_settings({})
    assert email["EMAIL_HOST"] == ""
    assert email["EMAIL_BACKEND"] == "entregent.services.mail.NotConfiguredBackend"
    assert email["DEFAULT_FROM_EMAIL"] == "entregent@localhost"


def test_a_host_turns_smtp_on():
    email = conf.email_settings(
        {
            "ENTREGENT_EMAIL_HOST": "smtp.example.org",
            "ENTREGENT_EMAIL_PORT": "465",
            "ENTREGENT_EMAIL_HOST_USER": "crm@example.org",
            "ENTREGENT_EMAIL_HOST_PASSWORD": "pw",
            "ENTREGENT_EMAIL_USE_TLS": "false",
            "ENTREGENT_EMAIL_USE_SSL": "true",
            "ENTREGENT_EMAIL_TIMEOUT": "30",
        }
    )
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("smtp.example.org", 465)
    assert (email["EMAIL_USE_TLS"], email["EMAIL_USE_SSL"]) == (False, True)
    assert email["EMAIL_HOST_PASSWORD"] == "pw"
    assert email["EMAIL_TIMEOUT"] == 30
    # The login is an address: it is the sender too.
    assert email["DEFAULT_FROM_EMAIL"] == "crm@example.org"


def test_defaults_are_submission_with_starttls():
    email = conf.email_settings({"ENTREGENT_EMAIL_HOST": "smtp.example.org"})
    assert (email["EMAIL_PORT"], email["EMAIL_USE_TLS"], email["EMAIL_USE_SSL"]) == (
        587,
        True,
        False,
    )


def test_an_explicit_sender_wins():
    email = conf.email_settings(
        {"ENTREGENT_EMAIL_FROM": "entregent <me@example.org>", "ENTREGENT_EMAIL_HOST_USER": "u"}
    )
    assert email["DEFAULT_FROM_EMAIL"] == "entregent <me@example.org>"


def test_tls_and_ssl_together_are_refused():
    with pytest.raises(conf.ConfigError, match="EMAIL_USE_TLS.*EMAIL_USE_SSL"):
        conf.email_settings({"ENTREGENT_EMAIL_USE_TLS": "1", "ENTREGENT_EMAIL_USE_SSL": "1"})


@pytest.mark.parametrize(
    ("name", "raw"), [("EMAIL_PORT", "smtp"), ("EMAIL_USE_TLS", "maybe"), ("EMAIL_TIMEOUT", "x")]
)
def test_bad_values_name_the_variable(name, raw):
    with pytest.raises(conf.ConfigError, match=f"ENTREGENT_{name}"):
        conf.email_settings({f"ENTREGENT_{name}": raw})


def test_password_from_a_file(tmp_path):
    secret = tmp_path / "smtp"
    secret.write_text("from-a-file\n")
    email = conf.email_settings({"ENTREGENT_EMAIL_HOST_PASSWORD_FILE": str(secret)})
    assert email["EMAIL_HOST_PASSWORD"] == "from-a-file"
    # The variable itself wins over the file.
    both = {"ENTREGENT_EMAIL_HOST_PASSWORD_FILE": str(secret), "ENTREGENT_EMAIL_HOST_PASSWORD": "v"}
    assert conf.email_settings(both)["EMAIL_HOST_PASSWORD"] == "v"


def test_an_unreadable_password_file_is_an_error(tmp_path):
    with pytest.raises(conf.ConfigError, match="ENTREGENT_EMAIL_HOST_PASSWORD_FILE"):
        conf.email_settings({"ENTREGENT_EMAIL_HOST_PASSWORD_FILE": str(tmp_path / "missing")})


def test_the_password_is_masked():
    shown = {
        name: value
        for name, value, _help in conf.effective({"ENTREGENT_EMAIL_HOST_PASSWORD": "s3cret"})
    }
    assert shown["ENTREGENT_EMAIL_HOST_PASSWORD"] == "********"


def test_base_url_defaults_to_the_listening_address():
    assert conf.base_url({}) == "http://127.0.0.1:8000"
    assert conf.base_url({"ENTREGENT_HOST": "0.0.0.0", "ENTREGENT_PORT": "9000"}) == (
        "http://127.0.0.1:9000"
    )
    assert conf.base_url({"ENTREGENT_HOST": "::1"}) == "http://[::1]:8000"


def test_base_url_from_the_environment():
    assert conf.base_url({"ENTREGENT_BASE_URL": "https://crm.example.org/"}) == (
        "https://crm.example.org"
    )
    with pytest.raises(conf.ConfigError, match="ENTREGENT_BASE_URL"):
        conf.base_url({"ENTREGENT_BASE_URL": "crm.example.org"})
