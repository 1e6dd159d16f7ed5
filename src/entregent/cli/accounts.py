"""Accounts: `createuser` and `login-link`."""

from __future__ import annotations

from typing import Annotated

import typer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entregent.cli.common import echo_json, handled, login_url, out, session
from entregent.cli.people import JsonOption, UserOption


def createuser(
    name: Annotated[str, typer.Argument(help=gettext_lazy("User name of the new account."))],
    *,
    email: Annotated[str, typer.Option(help=gettext_lazy("E-mail address."))] = "",
    password_prompt: Annotated[
        bool,
        typer.Option(
            "--password-prompt",
            help=gettext_lazy("Ask for a password (otherwise sign in with one-time links)."),
        ),
    ] = False,
    language: Annotated[str, typer.Option(help=gettext_lazy("en or fr."))] = "",
    admin: Annotated[
        bool | None,
        typer.Option(
            "--admin/--no-admin",
            help=gettext_lazy("May use the admin site (default: only the first account)."),
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create an account and print a one-time login link for it."""
    from django.db import transaction

    from entregent.services import accounts

    with handled():
        password = _ask_password() if password_prompt else None
        with transaction.atomic():
            user = accounts.create_account(
                name,
                email=_checked_email(email),
                password=password,
                language=_checked_language(language),
                superuser=admin,  # None: the service makes the first account the admin
            )
            url = login_url(accounts.issue_login_link(user))
        if as_json:
            echo_json({"id": user.pk, "username": user.username, "login_url": url})
            return
        console = out()
        console.print(_("Created the account “%(name)s”.") % {"name": user.username}, markup=False)
        console.print(_("Sign in within the hour with this one-time link:"), markup=False)
        console.print(url, markup=False, soft_wrap=True)


def _checked_email(email: str) -> str:
    from entregent.services.validation import normalize_email

    return normalize_email(email, "email") if email.strip() else ""


def _checked_language(language: str) -> str:
    from django.conf import settings
    from django.core.exceptions import ValidationError

    language = language.strip().lower()
    codes = [code for code, _label in settings.LANGUAGES]
    if language and language not in codes:
        raise ValidationError(
            {"language": _("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}}
        )
    return language


def _ask_password() -> str:
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    password: str = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    try:
        password_validation.validate_password(password)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    return password


def login_link(
    *,
    as_json: JsonOption = False,
    user: UserOption = None,
) -> None:
    """Print a fresh one-time login link (valid for an hour)."""
    from entregent.services import accounts

    with session(user) as owner:
        url = login_url(accounts.issue_login_link(owner))
        if as_json:
            echo_json({"username": owner.username, "login_url": url})
        else:
            out().print(url, markup=False, soft_wrap=True)
