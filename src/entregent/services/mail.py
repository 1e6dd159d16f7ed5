"""Outgoing mail: whether the user configured a server, and a backend that refuses otherwise.

entregent is local first: no network call leaves the machine unless the user configured
one. With no ENTREGENT_EMAIL_HOST, `settings.EMAIL_BACKEND` is `NotConfiguredBackend`, so
that any attempt to send fails with a message saying what to set, never silently.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.translation import gettext as _


class MailNotConfigured(RuntimeError):
    """No SMTP server is configured, so nothing may be sent."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "No SMTP server is configured, so no e-mail can be sent. Set "
                "ENTREGENT_EMAIL_HOST (and ENTREGENT_EMAIL_HOST_USER, "
                "ENTREGENT_EMAIL_HOST_PASSWORD...): see docs/configuration.md."
            )
        )


def is_configured() -> bool:
    """True when the user gave an SMTP server."""
    return bool(getattr(settings, "EMAIL_HOST", ""))


def require_configured() -> None:
    if not is_configured():
        raise MailNotConfigured


class NotConfiguredBackend(BaseEmailBackend):
    """The e-mail backend while no SMTP server is configured: it refuses to send."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        raise MailNotConfigured
