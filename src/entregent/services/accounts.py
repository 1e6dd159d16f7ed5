"""Accounts: the owner, their preferences, seeded circles and one-time login links."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entregent.models import SEEDED_CIRCLES, Circle, LoginToken, Profile
from entregent.services.validation import normalize_email

LOGIN_LINK_LIFETIME = dt.timedelta(hours=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_account(
    username: str,
    *,
    email: str = "",
    password: str | None = None,
    language: str = "",
    superuser: bool | None = None,
) -> Any:
    """A new account with its profile and the seeded circles.

    The first account of an install is its owner and administers it (superuser) unless told
    otherwise; later accounts, for a team, are plain users who see only their own network.
    """
    user_model = get_user_model()
    if superuser is None:
        superuser = not user_model.objects.exists()
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Choose a user name.")})
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(
            {"username": _("The user name “%(name)s” is taken.") % {"name": username}}
        )
    user = user_model(username=username, email=email, is_staff=superuser, is_superuser=superuser)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Profile.objects.create(user=user, language=language)
    seed_circles(user)
    return user


def seed_circles(user: Any) -> None:
    existing = set(Circle.objects.owned_by(user).values_list("key", flat=True))
    Circle.objects.bulk_create(
        Circle(owner=user, key=key, layer=layer, position=index)
        for index, (key, layer, _label) in enumerate(SEEDED_CIRCLES)
        if key not in existing
    )


def profile_for(user: Any) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


# Changing one of these moves the next digest (day, hour, or the zone they are read in).
_DIGEST_SCHEDULE = ("digest_enabled", "digest_weekday", "digest_hour", "timezone")


# Changing one of these moves every tie's attention key.
_CADENCES = ("cadence_top_days", "cadence_close_days", "cadence_relation_days")


@transaction.atomic
def update_preferences(user: Any, **changes: Any) -> Profile:
    """Change the owner's preferences (language, time zone, time budget, cadences, digest...).

    `email` is the account's own address, where the digest goes.
    """
    from entregent.services import digest

    profile = profile_for(user)
    email = changes.pop("email", None)
    schedule_before = [getattr(profile, name) for name in _DIGEST_SCHEDULE]
    cadences_before = [getattr(profile, name) for name in _CADENCES]
    for name, value in changes.items():
        if not hasattr(profile, name) or name in {"id", "user", "user_id"}:
            raise ValueError(f"unknown preference {name}")
        setattr(profile, name, value)
    if email is not None:
        _set_email(user, email)
    touched = "digest_enabled" in changes or email is not None
    if touched and profile.digest_enabled and not user.email:
        message = _("Give an e-mail address to receive the weekly digest.")
        raise ValidationError({"email": message})
    if "timezone" in changes and not zone_is_valid(profile.timezone):
        message = _("“%(zone)s” is not a known time zone.") % {"zone": profile.timezone}
        raise ValidationError({"timezone": message})
    profile.full_clean()
    # Only a changed schedule moves the next digest: saving the page again at 8:01 must not
    # push a digest due at 8:00, and not yet sent, to the next week.
    moved = schedule_before != [getattr(profile, name) for name in _DIGEST_SCHEDULE]
    if moved or (profile.digest_enabled and profile.next_digest_at is None):
        profile.next_digest_at = digest.schedule_for(profile, timezone.now())
    profile.save()
    user.profile = profile  # later reads through the user see the new values
    if cadences_before != [getattr(profile, name) for name in _CADENCES]:
        # The attention key of every tie depends on the default cadences.
        from entregent.services import scores

        transaction.on_commit(lambda: scores.recompute(user))
    return profile


def _set_email(user: Any, email: str) -> None:
    email = normalize_email(email, "email") if email.strip() else ""
    if email != user.email:
        user.email = email
        user.save(update_fields=["email"])


def zone_is_valid(name: str) -> bool:
    """True for an IANA zone name (Europe/Paris) or an empty one (the server's default)."""
    if not name:
        return True
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def owner_zone(profile: Profile) -> dt.tzinfo:
    """The owner's time zone, or the server's when they chose none (or one that is gone)."""
    name = profile.timezone if zone_is_valid(profile.timezone) else ""
    return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)


@contextmanager
def in_owner_locale(profile: Profile) -> Iterator[None]:
    """The owner's language and time zone, for work done without their request (feed, mail)."""
    language = profile.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(owner_zone(profile)):
        yield


def the_only_account() -> Any | None:
    """The single account of a one-user install, or None when there are none or several."""
    users = list(get_user_model().objects.filter(is_active=True).order_by("id")[:2])
    return users[0] if len(users) == 1 else None


def issue_login_link(user: Any, *, lifetime: dt.timedelta = LOGIN_LINK_LIFETIME) -> str:
    """A fresh one-time token for `user`; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    LoginToken.objects.create(
        user=user, token_hash=_hash(token), expires_at=timezone.now() + lifetime
    )
    return token


def redeem_login_link(token: str) -> Any | None:
    """The user a token logs in, marking it used; None when unknown, used or expired."""
    now = timezone.now()
    with transaction.atomic():
        # The conditional update makes a token usable once even if two requests race.
        claimed = LoginToken.objects.filter(
            token_hash=_hash(token), used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if claimed != 1:
            return None
        return LoginToken.objects.select_related("user").get(token_hash=_hash(token)).user
