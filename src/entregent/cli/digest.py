"""`entregent digest`: print the weekly digest, or run the sender that e-mails it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from entregent.cli.common import CommandError, UsageProblem, handled, out, session
from entregent.cli.people import UserOption


def digest(
    *,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help=gettext_lazy(
                "Send the digests that are due, then keep running and send each one when it "
                "comes due (stop with Ctrl-C or SIGTERM). With --user: send that account's "
                "digest now, whatever its schedule."
            ),
        ),
    ] = False,
    once: Annotated[
        bool,
        typer.Option("--once", help=gettext_lazy("With --send: one pass, then stop (for cron).")),
    ] = False,
    interval: Annotated[
        float,
        typer.Option(min=0.1, help=gettext_lazy("With --send: seconds between two passes.")),
    ] = 60.0,
    user: UserOption = None,
) -> None:
    """Print this week's digest, or with --send e-mail the digests that are due."""
    if once and not send:
        with handled():
            raise UsageProblem(_("--once goes with --send."))
    if not send:
        _print_digest(user)
    elif user:
        _send_now(user)
    else:
        _run_sender(once=once, interval=interval)


def _print_digest(user: str | None) -> None:
    from entregent.services import digest as digests

    with session(user) as owner:
        _profile, text = digests.digest_for(owner)
        console = out()
        console.print(text.subject, markup=False, soft_wrap=True)
        console.print(markup=False)
        console.print(text.text.strip(), markup=False, soft_wrap=True)


def _send_now(user: str) -> None:
    from entregent.services import digest as digests
    from entregent.services import mail

    with session(user) as owner:
        try:
            sent = digests.send_now(owner)
        except (mail.MailNotConfigured, digests.NoRecipient) as exc:
            raise UsageProblem(str(exc)) from None
        except OSError as exc:  # smtplib's errors are OSErrors too
            raise CommandError(_("The SMTP server refused: %(error)s") % {"error": exc}) from None
        if sent is None:
            out().print(_("Nothing is planned this week: no digest sent."), markup=False)
        else:
            message = _("Digest sent to %(address)s.") % {"address": sent.recipient}
            out().print(message, markup=False)


def _run_sender(*, once: bool, interval: float) -> None:
    from entregent.services import digest as digests
    from entregent.services import mail

    with handled():
        if not mail.is_configured():
            raise UsageProblem(str(mail.MailNotConfigured()))
        stop = threading.Event()
        if not once:
            out().print(_("Sending digests as they come due. Stop with Ctrl-C."), markup=False)
        with _stopped_by_signals(stop):
            handled_count = digests.run(once=once, interval=interval, stop=stop)
        out().print(
            ngettext("%(count)d digest handled.", "%(count)d digests handled.", handled_count)
            % {"count": handled_count},
            markup=False,
        )


@contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT set `stop`: the sender finishes the digest at hand, then exits."""

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
