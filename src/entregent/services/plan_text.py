"""The plan in words: titles, reasons and guard-rail warnings, in the active language.

The engine says what to do and why with codes and parameters; this module turns them into
whole sentences, one translatable string each (no sentence is built from pieces).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping

from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from entregent.engines.agenda import Action, Kind, Note, Param
from entregent.models import FavorKind, NewsKind


def day_text(day: Param, today: dt.date | None = None) -> str:
    """A day as the locale writes it: "25 November", with the year when it is not this one."""
    if not isinstance(day, dt.date):
        return ""
    this_year = (today or dt.date.today()).year  # noqa: DTZ011 (only the year is read)
    pattern = "MONTH_DAY_FORMAT" if day.year == this_year else "DATE_FORMAT"
    return formats.date_format(day, pattern)


def _text(value: Param) -> str:
    return "" if value is None else str(value)


def _int(value: Param) -> int:
    return value if isinstance(value, int) else 0


def kind_label(kind: Kind) -> str:
    return _kind_labels(get_language() or "")[kind]


# The tables below are built once per language: a plan words dozens of actions.


@functools.lru_cache(maxsize=8)
def _kind_labels(language: str) -> dict[Kind, str]:
    return {
        Kind.FOLLOW_UP: _("Follow-up"),
        Kind.THANK: _("Thanks"),
        Kind.CONGRATULATE: _("Congratulations"),
        Kind.ANSWER_REQUEST: _("Answer to a request"),
        Kind.BIRTHDAY: _("Birthday"),
        Kind.KEEP_IN_TOUCH: _("Keeping in touch"),
        Kind.GOING_COLD: _("Tie going cold"),
        Kind.RECIPROCATE: _("Giving back"),
        Kind.REVIVE: _("Dormant tie"),
        Kind.PREPARE_EVENT: _("Event to prepare"),
        Kind.MEMBERSHIP: _("Membership"),
        Kind.TASK: _("Task"),
    }


def title(action: Action, name: str) -> str:
    params = action.params
    kind = action.kind
    if kind == Kind.PREPARE_EVENT:
        return _("Prepare %(event)s") % {"event": _text(params.get("event"))}
    if kind == Kind.MEMBERSHIP:
        return _("Renew or reconsider %(organization)s") % {
            "organization": _text(params.get("organization"))
        }
    if kind == Kind.TASK:
        return _text(params.get("title"))
    return _titles(get_language() or "")[kind] % {"name": name}


@functools.lru_cache(maxsize=8)
def _titles(language: str) -> dict[Kind, str]:
    return {
        Kind.FOLLOW_UP: _("Follow up with %(name)s"),
        Kind.THANK: _("Thank %(name)s"),
        Kind.CONGRATULATE: _("Congratulate %(name)s"),
        Kind.ANSWER_REQUEST: _("Answer %(name)s"),
        Kind.BIRTHDAY: _("Wish %(name)s a happy birthday"),
        Kind.KEEP_IN_TOUCH: _("Keep in touch with %(name)s"),
        Kind.GOING_COLD: _("Warm up your tie with %(name)s"),
        Kind.RECIPROCATE: _("Give back to %(name)s"),
        Kind.REVIVE: _("Revive your tie with %(name)s"),
    }


@functools.lru_cache(maxsize=8)
def _choice_labels(language: str) -> dict[str, str]:
    return {
        **{value: str(label).lower() for value, label in NewsKind.choices},
        **{value: str(label).lower() for value, label in FavorKind.choices},
    }


def _favor_label(value: Param) -> str:
    return _choice_labels(get_language() or "").get(_text(value), _text(value))


def _news_label(value: Param) -> str:
    return _choice_labels(get_language() or "").get(_text(value), _text(value))


def _questions(value: Param) -> str:
    labels = {"why": _("why you go"), "whom": _("whom to meet"), "what": _("what you bring")}
    return ", ".join(labels[code] for code in _text(value).split(",") if code in labels)


def _cadence(code: str) -> str:
    return _cadences(get_language() or "").get(code, "")


@functools.lru_cache(maxsize=8)
def _cadences(language: str) -> dict[str, str]:
    return {
        "cadence-top": _("%(name)s is in your top 10: keep in touch every %(days)s days."),
        "cadence-close": _("A close tie: keep in touch every %(days)s days."),
        "cadence-relation": _("A relation: keep in touch every %(days)s days."),
        "cadence-person": _("You chose to keep in touch with %(name)s every %(days)s days."),
        "cadence-circle": _("Their circle asks for news every %(days)s days."),
    }


def _sentence(code: str, p: Mapping[str, Param]) -> str:
    """The reason's sentence, with %(...)s placeholders."""
    if code in ("first-meeting", "event-encounter"):
        if p.get("event"):
            return _(
                "You met %(name)s at %(event)s on %(date)s: follow up within 48 hours, "
                "while the iron is hot."
            )
        return _(
            "You met %(name)s for the first time on %(date)s: follow up within 48 hours, "
            "while the iron is hot."
        )
    if code == "event-soon":
        if p.get("missing"):
            return _("%(event)s starts on %(starts_on)s. Still to decide: %(questions)s.")
        return _("%(event)s starts on %(starts_on)s: go over whom you want to meet there.")
    if code.startswith("cadence-"):
        last = _("Last contact: %(last)s.") if p.get("last") else _("No contact logged yet.")
        # Two whole sentences side by side.
        return f"{_cadence(code)} {last}"
    return _sentences(get_language() or "").get(code, "")


@functools.lru_cache(maxsize=8)
def _sentences(language: str) -> dict[str, str]:
    return {
        "favor-received": _(
            "%(name)s helped you on %(date)s (%(favor)s): thank them within 3 days."
        ),
        "news": _("News of %(name)s on %(date)s: “%(headline)s”. Congratulate them within a week."),
        "request-due": _("%(name)s asked you about “%(topic)s”: answer by %(respond_by)s."),
        "request-open": _(
            "%(name)s asked you about “%(topic)s” on %(received)s: answer within a week."
        ),
        "birthday": _("Birthday of %(name)s: %(date)s."),
        "going-cold": _("Your exchanges with %(name)s are slowing down: nothing since %(last)s."),
        "lopsided": _(
            "Favours received from %(name)s: %(got)s; given: %(gave)s. Find a way to give back."
        ),
        "dormant": _(
            "No contact with %(name)s since %(last)s: a dormant tie is often the most "
            "useful one to revive."
        ),
        "membership-renews": _(
            "Your membership of %(organization)s renews on %(renews_on)s: renew it, or "
            "reconsider what it brings you."
        ),
        "task-due": _("Due on %(due_on)s."),
    }


def reason(action: Action, name: str, today: dt.date) -> str:
    p = action.params
    sentence = _sentence(action.reason, p)
    if not sentence:
        return ""
    values = {
        "name": name,
        "date": day_text(p.get("day"), today),
        "last": day_text(p.get("last"), today),
        "received": day_text(p.get("received"), today),
        "respond_by": day_text(p.get("respond_by"), today),
        "starts_on": day_text(p.get("starts_on"), today),
        "renews_on": day_text(p.get("renews_on"), today),
        "due_on": day_text(p.get("due_on"), today),
        "days": _text(p.get("days")),
        "gave": _text(p.get("gave")),
        "got": _text(p.get("got")),
        "favor": _favor_label(p.get("favor")),
        "news": _news_label(p.get("news")),
        "headline": _text(p.get("headline")),
        "topic": _text(p.get("topic")),
        "event": _text(p.get("event")),
        "organization": _text(p.get("organization")),
        "questions": _questions(p.get("missing")),
    }
    return sentence % values


def item_note(note: Note, name: str, today: dt.date) -> str:
    """A guard-rail warning about one action."""
    if note.code == "min-gap":
        return _("You wrote to %(name)s recently: wait until %(date)s unless they answer.") % {
            "name": name,
            "date": day_text(note.params.get("until"), today),
        }
    if note.code == "unanswered":
        count = _int(note.params.get("count"))
        return ngettext(
            "%(count)d message to %(name)s without an answer: give them time.",
            "%(count)d messages to %(name)s without an answer: give them time.",
            count,
        ) % {"count": count, "name": name}
    return ""


def plan_note(note: Note, names: Mapping[int, str], rules_cap: int, rules_gap: int) -> str:
    """A guard-rail warning about the whole week."""
    p = note.params
    count = _int(p.get("count"))
    minutes = _int(p.get("minutes"))
    if note.code == "top-over-budget":
        return _(
            "Your top 10 alone need %(minutes)s minutes this week, more than the "
            "%(budget)s you have: they are planned anyway."
        ) % {"minutes": minutes, "budget": p.get("budget")}
    if note.code == "overflow-budget":
        return ngettext(
            "%(count)d action (%(minutes)d min) does not fit in this week's time: "
            "it waits under Later.",
            "%(count)d actions (%(minutes)d min) do not fit in this week's time: "
            "they wait under Later.",
            count,
        ) % {"count": count, "minutes": minutes}
    if note.code == "overflow-daily-cap":
        return ngettext(
            "%(count)d message waits: every remaining day already has %(cap)d messages.",
            "%(count)d messages wait: every remaining day already has %(cap)d messages.",
            count,
        ) % {"count": count, "cap": rules_cap}
    if note.code == "overflow-min-gap":
        return ngettext(
            "%(count)d message waits: you wrote to that person less than %(days)d days ago.",
            "%(count)d messages wait: you wrote to those people less than %(days)d days ago.",
            count,
        ) % {"count": count, "days": rules_gap}
    if note.code == "unanswered":
        name = names.get(_int(p.get("person")), "")
        return ngettext(
            "%(name)s has not answered your last message: give them time before writing again.",
            "%(name)s has not answered your last %(count)d messages: give them time before "
            "writing again.",
            count,
        ) % {"name": name, "count": count}
    if note.code == "same-kind":
        label = kind_label(Kind(_text(p.get("kind"))))
        return _(
            "%(count)s messages of one kind this week (%(kind)s): make each one personal, "
            "a network is not a mailing list."
        ) % {"count": count, "kind": label.lower()}
    if note.code == "same-text":
        return ngettext(
            "%(count)d message this week says what another says to someone else: "
            "make each one personal.",
            "%(count)d messages this week say the same thing to different people: "
            "make each one personal.",
            count,
        ) % {"count": count}
    return ""
