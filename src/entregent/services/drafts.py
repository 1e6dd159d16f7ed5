"""Message drafts for the plan: personal, in the recipient's language, never one text twice.

A draft is built from what entregent knows of the person and of the reason to write: the
occasion (the meeting, the favour, the news, the request...), the last exchange and what it
was about, their interests, where they work. French has two registers; a close tie (a
closeness of 4 or more, the top 10) gets the familiar one, everyone else the formal one,
so each sentence exists in both (translation contexts "draft, familiar" and "draft,
formal"; the English is the same).

Greeting, body, personal touch and closing each come in a few variants; the variant is
picked from the person and the kind of message, and `drafts_for` moves to another variant
whenever a text would repeat one already written for someone else in the same plan. The
method is explicit: a message sent to many is "living spam".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import pgettext

from entregent.engines.agenda import Action, Kind, Param
from entregent.models import FavorKind

MESSAGE_KINDS = frozenset(
    {
        Kind.FOLLOW_UP,
        Kind.THANK,
        Kind.CONGRATULATE,
        Kind.ANSWER_REQUEST,
        Kind.BIRTHDAY,
        Kind.KEEP_IN_TOUCH,
        Kind.GOING_COLD,
        Kind.RECIPROCATE,
        Kind.REVIVE,
    }
)
VARIANTS = 18  # greeting x body x closing combinations tried before giving up on uniqueness


@dataclass(frozen=True)
class Recipient:
    """What a draft may say about the person it is for."""

    person_id: int
    first_name: str  # the name to greet them by
    full_name: str
    language: str = ""
    familiar: bool = False
    last_day: dt.date | None = None
    last_summary: str = ""
    interests: tuple[str, ...] = ()
    organization: str = ""


@dataclass(frozen=True)
class Sender:
    name: str = ""
    language: str = field(default_factory=lambda: settings.LANGUAGE_CODE)


def language_for(person_language: str, fallback: str) -> str:
    """The person's language when entregent speaks it, else the owner's."""
    codes = {code for code, _name in settings.LANGUAGES}
    wanted = (person_language or "").strip().lower().replace("_", "-")
    for candidate in (wanted, wanted.split("-")[0]):
        if candidate in codes:
            return candidate
    return fallback if fallback in codes else settings.LANGUAGE_CODE


def _day(value: Param) -> str:
    return formats.date_format(value, "MONTH_DAY_FORMAT") if isinstance(value, dt.date) else ""


# --- the sentences, in both registers -------------------------------------------------------------


def _greetings(*, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "Hi %(name)s,"),
            pgettext("draft, familiar", "Hello %(name)s,"),
            pgettext("draft, familiar", "Dear %(name)s,"),
        )
    return (
        pgettext("draft, formal", "Hello %(name)s,"),
        pgettext("draft, formal", "Dear %(name)s,"),
        pgettext("draft, formal", "Good day %(name)s,"),
    )


def _closings(*, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "Talk soon,"),
            pgettext("draft, familiar", "See you soon,"),
            pgettext("draft, familiar", "All the best,"),
        )
    return (
        pgettext("draft, formal", "Best regards,"),
        pgettext("draft, formal", "Kind regards,"),
        pgettext("draft, formal", "With my best wishes,"),
    )


def _follow_up(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if p["event"]:
        if familiar:
            return (
                pgettext("draft, familiar", "Great to meet you at %(event)s on %(day)s!"),
                pgettext(
                    "draft, familiar",
                    "I really enjoyed our talk at %(event)s; let's keep in touch.",
                ),
            )
        return (
            pgettext("draft, formal", "It was a pleasure to meet you at %(event)s on %(day)s."),
            pgettext(
                "draft, formal",
                "Thank you for our conversation at %(event)s; I would be glad to stay in touch.",
            ),
        )
    if familiar:
        return (
            pgettext("draft, familiar", "Great to meet you on %(day)s!"),
            pgettext("draft, familiar", "I really enjoyed our first talk; let's keep in touch."),
        )
    return (
        pgettext("draft, formal", "It was a pleasure to meet you on %(day)s."),
        pgettext(
            "draft, formal",
            "Thank you for our first conversation; I would be glad to stay in touch.",
        ),
    )


def _thank(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "A big thank you for your help on %(day)s: %(what)s."),
            pgettext("draft, familiar", "Thanks again for what you did for me: %(what)s."),
        )
    return (
        pgettext("draft, formal", "Many thanks for your help on %(day)s: %(what)s."),
        pgettext("draft, formal", "I wanted to thank you for what you did for me: %(what)s."),
    )


def _congratulate(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "I just saw the news: “%(headline)s”. Congratulations!"),
            pgettext("draft, familiar", "“%(headline)s”: well done, you deserve it!"),
        )
    return (
        pgettext("draft, formal", "I just saw the news: “%(headline)s”. Congratulations!"),
        pgettext("draft, formal", "“%(headline)s”: my warm congratulations."),
    )


def _answer(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "About “%(topic)s”: here is what I found."),
            pgettext("draft, familiar", "I haven't forgotten “%(topic)s”; here is my answer."),
        )
    return (
        pgettext("draft, formal", "About your request, “%(topic)s”: here is my answer."),
        pgettext("draft, formal", "I have not forgotten “%(topic)s”; here is what I can tell you."),
    )


def _birthday(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "Happy birthday! Have a wonderful day."),
            pgettext("draft, familiar", "Happy birthday! All the best for the year ahead."),
        )
    return (
        pgettext("draft, formal", "Happy birthday! I wish you a wonderful day."),
        pgettext("draft, formal", "Happy birthday, and all my best wishes for the year ahead."),
    )


def _keep_in_touch(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "It's been a while: how are you doing?"),
            pgettext("draft, familiar", "I was thinking of you: what's new on your side?"),
        )
    return (
        pgettext("draft, formal", "It has been a while: how are you?"),
        pgettext("draft, formal", "I was thinking of you: what is new on your side?"),
    )


def _going_cold(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "We haven't talked for a while: coffee one of these days?"),
            pgettext("draft, familiar", "I miss our chats: shall we catch up soon?"),
        )
    return (
        pgettext("draft, formal", "We have not spoken for a while: could we catch up soon?"),
        pgettext("draft, formal", "I miss our exchanges: would you have time for a coffee?"),
    )


def _reciprocate(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "You've helped me more than once: what can I do for you?"),
            pgettext("draft, familiar", "I'd love to return the favour: what are you working on?"),
        )
    return (
        pgettext("draft, formal", "You have helped me more than once: how can I help you?"),
        pgettext("draft, formal", "I would be glad to return the favour: what are you working on?"),
    )


def _revive(p: dict[str, str], *, familiar: bool) -> tuple[str, ...]:
    if familiar:
        return (
            pgettext("draft, familiar", "We haven't spoken since %(last)s! How are you?"),
            pgettext("draft, familiar", "It's been ages, since %(last)s: what are you up to?"),
        )
    return (
        pgettext("draft, formal", "We have not spoken since %(last)s: how are you doing?"),
        pgettext("draft, formal", "It has been a long time, since %(last)s: how are you?"),
    )


BODIES = {
    Kind.FOLLOW_UP: _follow_up,
    Kind.THANK: _thank,
    Kind.CONGRATULATE: _congratulate,
    Kind.ANSWER_REQUEST: _answer,
    Kind.BIRTHDAY: _birthday,
    Kind.KEEP_IN_TOUCH: _keep_in_touch,
    Kind.GOING_COLD: _going_cold,
    Kind.RECIPROCATE: _reciprocate,
    Kind.REVIVE: _revive,
}


def _touches(who: Recipient) -> list[str]:
    """Personal sentences from what entregent knows of them, most specific first."""
    values = {
        "day": _day(who.last_day),
        "summary": who.last_summary.strip().rstrip("."),
        "interest": who.interests[0] if who.interests else "",
        "organization": who.organization,
    }
    familiar = who.familiar
    found = []
    if values["summary"] and values["day"]:
        found.append(
            pgettext("draft, familiar", "I still think about our talk on %(day)s (%(summary)s).")
            if familiar
            else pgettext(
                "draft, formal", "I still think about our exchange on %(day)s (%(summary)s)."
            )
        )
    if values["interest"]:
        found.append(
            pgettext("draft, familiar", "By the way, still into %(interest)s?")
            if familiar
            else pgettext("draft, formal", "By the way, are you still interested in %(interest)s?")
        )
    if values["organization"]:
        found.append(
            pgettext("draft, familiar", "How are things at %(organization)s?")
            if familiar
            else pgettext("draft, formal", "How are things at %(organization)s?")
        )
    return [sentence % values for sentence in found]


def _what(action: Action) -> str:
    """What they did, in their words when noted, else the kind of favour."""
    description = str(action.params.get("description") or "").strip().rstrip(".")
    kind = str(action.params.get("favor") or "")
    return description or str(dict(FavorKind.choices).get(kind, kind)).lower()


def _body_values(action: Action) -> dict[str, str]:
    p = action.params
    return {
        "day": _day(p.get("day")),
        "last": _day(p.get("last")),
        "event": str(p.get("event") or ""),
        "headline": str(p.get("headline") or ""),
        "topic": str(p.get("topic") or ""),
        "what": _what(action),
    }


def compose(action: Action, who: Recipient, sender: Sender, variant: int) -> str:
    """One draft in the recipient's language; "" for an action that is not a message."""
    body = BODIES.get(action.kind)
    if body is None:
        return ""
    with translation.override(language_for(who.language, sender.language)):
        # Consecutive variants walk through every greeting x body x closing combination.
        seed = who.person_id + list(Kind).index(action.kind) + variant
        greetings = _greetings(familiar=who.familiar)
        closings = _closings(familiar=who.familiar)
        values = _body_values(action)
        bodies = body(values, familiar=who.familiar)
        touches = _touches(who)
        name = who.first_name if variant < VARIANTS // 2 else who.full_name
        parts = [
            greetings[seed % 3] % {"name": name},
            bodies[(seed // 3) % len(bodies)] % values,
        ]
        # The most specific touch always; a second one, on some variants.
        parts.extend(touches[: 2 if seed % 2 else 1])
        closing = closings[(seed // 6) % 3]
        parts.append(f"{closing}\n{sender.name}" if sender.name else closing)
        return "\n\n".join(parts)


def drafts_for(items: Sequence[tuple[Action, Recipient | None]], sender: Sender) -> list[str]:
    """A draft per item ("" where there is none), never the same text for two people."""
    written: dict[str, int] = {}
    found = []
    for action, who in items:
        if who is None or action.kind not in MESSAGE_KINDS:
            found.append("")
            continue
        text = compose(action, who, sender, 0)
        for variant in range(1, VARIANTS):
            if written.get(text, who.person_id) == who.person_id:
                break
            text = compose(action, who, sender, variant)
        written.setdefault(text, who.person_id)
        found.append(text)
    return found
