"""Scores in words, in the user's language: level names, the sentence behind a depth, going cold.

Shared by the person's page and `entregent show`. Each sentence is one translatable frame
whose placeholders are whole clauses, each translated on its own (with ngettext for counts),
so that a translator can reorder them; nothing is built by gluing words together.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from entregent.engines.explain import Reach, TieFacts
from entregent.engines.scoring import DAYS_PER_YEAR, SECONDS_PER_DAY, Level

LEVEL_LABELS: dict[int, Promise] = {
    Level.CONTACT: pgettext_lazy("depth level", "Contact"),
    Level.ACQUAINTANCE: pgettext_lazy("depth level", "Acquaintance"),
    Level.RELATION: pgettext_lazy("depth level", "Relation"),
    Level.TRUSTED: pgettext_lazy("depth level", "Trusted relation"),
    Level.CLOSE: pgettext_lazy("depth level", "Close"),
}

PART_LABELS: dict[str, Promise] = {
    "closeness": gettext_lazy("Your closeness rating"),
    "interactions": gettext_lazy("Exchanges"),
    "age": gettext_lazy("Age of the tie"),
    "reciprocity": gettext_lazy("Both sides reach out"),
    "intimacy": gettext_lazy("Meetings, meals, personal time"),
    "multiplexity": gettext_lazy("Several settings and circles"),
    "give_and_take": gettext_lazy("Give and take"),
    "shared_ties": gettext_lazy("People you both know"),
}


def level_label(level: int) -> str:
    return str(LEVEL_LABELS.get(int(level), LEVEL_LABELS[Level.CONTACT]))


def duration(days: float) -> str:
    """A length of time in the largest unit that fits: "3 days", "5 weeks", "2 years"."""
    if days < 14:
        count = max(round(days), 1)
        return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}
    if days < 61:
        count = round(days / 7)
        return ngettext("%(count)s week", "%(count)s weeks", count) % {"count": count}
    if days < 1.5 * DAYS_PER_YEAR:
        count = round(days / (DAYS_PER_YEAR / 12))
        return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}
    count = round(days / DAYS_PER_YEAR)
    return ngettext("%(count)s year", "%(count)s years", count) % {"count": count}


def moment(days: float) -> dt.datetime:
    """A time of the engine (days since the Unix epoch) in the current time zone."""
    utc = dt.datetime.fromtimestamp(days * SECONDS_PER_DAY, tz=dt.UTC)
    return timezone.localtime(utc)


def _contacts(facts: TieFacts) -> str:
    count = facts.interactions
    # From the first exchange to the last: the tie may be older (its age counts in depth).
    first, last = facts.first_seen, facts.last_seen
    span_days = last - first if first is not None and last is not None else 0.0
    if count == 1:
        return _("in touch once")
    if span_days < 1:
        return ngettext("in touch %(count)s time", "in touch %(count)s times", count) % {
            "count": count
        }
    return ngettext(
        "in touch %(count)s time in %(span)s", "in touch %(count)s times in %(span)s", count
    ) % {"count": count, "span": duration(span_days)}


def _reach(reach: Reach) -> str | None:
    if reach == Reach.BOTH:
        return _("both of you reach out")
    if reach == Reach.YOU:
        return _("you do most of the reaching out")
    if reach == Reach.THEY:
        return _("they do most of the reaching out")
    return None


def sentence(facts: TieFacts) -> str:
    """ "Relation: in touch 6 times in 2 years, both of you reach out, last seen in March 2026."""
    level = level_label(facts.level)
    if not facts.interactions or facts.last_seen is None:
        return _("%(level)s: no exchange logged yet.") % {"level": level}
    month = formats.date_format(moment(facts.last_seen), "YEAR_MONTH_FORMAT")
    clauses = {
        "level": level,
        "contacts": _contacts(facts),
        "last_seen": _("last seen in %(month)s") % {"month": month},
    }
    reach = _reach(facts.reaches_out)
    if reach is None:
        return _("%(level)s: %(contacts)s, %(last_seen)s.") % clauses
    return _("%(level)s: %(contacts)s, %(reach)s, %(last_seen)s.") % {**clauses, "reach": reach}


def cold_sentence(facts: TieFacts) -> str | None:
    """Why a tie is going cold; None when it is not."""
    if not facts.going_cold or facts.silence_days is None or facts.usual_gap_days is None:
        return None
    message = _(
        "Going cold: no exchange for %(silence)s, when you are usually in touch every %(gap)s."
    )
    return message % {
        "silence": duration(facts.silence_days),
        "gap": duration(facts.usual_gap_days),
    }


def due_sentence(due: dt.datetime | None, now: dt.datetime) -> str | None:
    """When the tie comes due (see services.scores.attention); None when it never does."""
    if due is None:
        return None
    day = formats.date_format(timezone.localtime(due), "DATE_FORMAT")
    if due <= now:
        return _("Due for a contact since %(date)s.") % {"date": day}
    return _("Next contact due by %(date)s.") % {"date": day}


def warmth_percent(warmth: float) -> int:
    return round(100 * warmth)
