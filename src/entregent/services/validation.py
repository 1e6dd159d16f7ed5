"""Parsing and checking user input shared by every write path (web, API, command line).

Each check raises Django's ValidationError keyed by the field it is about, with a message in
the user's language, so that forms show it next to the field and the command line prints
"field: message".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NO_YEAR = re.compile(r"^--?(\d{1,2})-?(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?$")
# Address books write 1604 (Apple) or 1900 for "year unknown".
_UNKNOWN_YEARS = {1604, 1900}


@dataclass(frozen=True)
class Birthday:
    day: int
    month: int
    year: int | None


def parse_birthday(text: str, field: str = "birthday") -> Birthday | None:
    """A birthday from YYYY-MM-DD, --MM-DD, DD/MM/YYYY or DD/MM; None when empty."""
    text = text.strip()
    if not text:
        return None
    year: int | None
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NO_YEAR.match(text):
        month, day = (int(part) for part in match.groups())
        year = None
    elif match := _DAY_FIRST.match(text):
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else None
    else:
        raise ValidationError(
            {
                field: _("“%(value)s” is not a date. Write 1985-03-15, 15/03/1985 or --03-15.")
                % {"value": text}
            }
        )
    return check_birthday(day, month, year, field)


def check_birthday(day: int, month: int, year: int | None, field: str = "birthday") -> Birthday:
    if year in _UNKNOWN_YEARS:
        year = None
    if not 1 <= month <= 12:
        raise ValidationError({field: _("There is no month %(month)s.") % {"month": month}})
    # Without a year, 29 February is allowed: check against a leap year.
    days_in_month = calendar.monthrange(year or 2000, month)[1]
    if not 1 <= day <= days_in_month:
        raise ValidationError(
            {field: _("%(month)s has no day %(day)s.") % {"month": _month_name(month), "day": day}}
        )
    if year is not None and not 1800 <= year <= dt.date.today().year:
        raise ValidationError({field: _("%(year)s is not a plausible year.") % {"year": year}})
    return Birthday(day, month, year)


def _month_name(month: int) -> str:
    from django.utils.dates import MONTHS

    return str(MONTHS[month])


def normalize_email(address: str, field: str = "emails") -> str:
    address = address.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            {field: _("“%(value)s” is not a valid e-mail address.") % {"value": address}}
        ) from None
    return address


def normalize_phone(raw: str, region: str, field: str = "phones") -> str:
    """The E.164 form of a phone number, read in `region` when it has no country code."""
    raw = raw.strip()
    try:
        number = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValidationError(
            {
                field: _(
                    "“%(value)s” is not a phone number we can read. "
                    "Add the country code, e.g. +33 6 12 34 56 78."
                )
                % {"value": raw}
            }
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_url(url: str, field: str) -> str:
    url = url.strip()
    if url and "://" not in url:
        url = f"https://{url}"
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {field: _("“%(value)s” is not a web address.") % {"value": url}}
        ) from None
    return url


def check_range(value: int | None, low: int, high: int, field: str) -> int | None:
    if value is not None and not low <= value <= high:
        raise ValidationError(
            {field: _("Choose a number from %(low)s to %(high)s.") % {"low": low, "high": high}}
        )
    return value


def check_country(code: str, field: str = "country") -> str:
    code = code.strip().upper()
    if code and (len(code) != 2 or not code.isalpha()):
        raise ValidationError({field: _("Use a two-letter country code such as FR or GB.")})
    return code
