"""Normalising person records: the shortcut for everyday e-mail addresses agrees with
Django's validator."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import example, given
from hypothesis import strategies as st

from entregent.services.import_prepare import _PLAIN_EMAIL, valid_email


def django_accepts(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


@given(st.from_regex(_PLAIN_EMAIL, fullmatch=True))
def test_every_everyday_address_is_one_django_accepts(address):
    assert django_accepts(address)


@given(st.text(alphabet=st.sampled_from("aZ09._+-@é ó\"'[]:"), max_size=30))
@example("jean..dupont@example.org")
@example(".jean@example.org")
@example("jean@-example.org")
@example("jean@example.c")
@example("jean@example.123")
@example("jean@localhost")
@example('"jean dupont"@example.org')
@example("hélène@exemple.fr")
def test_an_address_is_valid_exactly_when_django_says_so(address):
    assert valid_email(address) == django_accepts(address)
