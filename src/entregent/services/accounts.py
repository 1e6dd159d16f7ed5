"""Accounts: the owner, their preferences, seeded circles and one-time login links."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entregent.models import SEEDED_CIRCLES, Circle, LoginToken, Profile

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


def update_preferences(user: Any, **changes: Any) -> Profile:
    """Change the owner's preferences (language, time zone, time budget, cadences...)."""
    profile = profile_for(user)
    for name, value in changes.items():
        if not hasattr(profile, name) or name in {"id", "user", "user_id"}:
            raise ValueError(f"unknown preference {name}")
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


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
