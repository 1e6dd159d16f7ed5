"""The agenda: facts in, a ranked and time-budgeted week of actions out.

Pure Python + numpy, no Django. The caller hands over plain facts (people as arrays, the
few favours, news, requests, events, memberships and tasks as small records, the owner's
decisions) and the owner's rules (time budget, cadences, guard rails); `propose` turns
them into actions, each with a kind, a person, a due date, an estimated duration, a value
and an urgency, and a reason code with its parameters (the Django layer turns codes into
translated sentences); `fit` fits them into the week.

The week runs from Monday to Sunday. Fitting, in rank order (top-10 people first, then
value x urgency, then due date, then key, so that the same facts always give the same
plan):

- Decisions first: done and dismissed actions are set aside ("suppressed"), as are
  actions snoozed beyond the week; an action snoozed to a day of the week waits for it.
- The top-10 rule: actions for the pinned top 10 are always planned, even beyond the time
  budget (the method: "if time is short, keep at least your top 10 warm"). Every other
  action is planned only while the budget has room; the rest goes to the overflow, with
  the reason it did not fit. Nothing is dropped: planned + overflow + suppressed = all.
- Guard rails: at most `daily_cap` outreaches a day (top-10 actions excepted when the
  week is full); no outreach to one person sooner than `min_gap_days` after the last one
  unless they replied since; a note where several messages went unanswered, and where many
  messages of one kind go out in one week (a "living spam" is what the method warns of).
- Days: the week's minutes are spread over its remaining days; an action with a deadline
  goes on the first day with room before it, an action tied to a day (a birthday, a
  cadence falling due on Thursday) on that day.

The engine's modules: `agenda_facts` (the facts), `agenda_actions` (kinds, keys, rules and
ranking), `agenda_rules` and `agenda_occasions` (which facts propose which actions) with
`agenda_context` (what every rule reads), `agenda_fit` (fitting the week). This module
gathers their public names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from entregent.engines.agenda_actions import (
    DEFAULT_MINUTES,
    KIND_BY_PREFIX,
    NO_PARAMS,
    SPECS,
    Action,
    ActionKey,
    Kind,
    KindSpec,
    Param,
    Proposals,
    Rest,
    Rules,
    action_key,
    parse_key,
    rank_key,
    ranked,
    urgency,
    week_of,
)
from entregent.engines.agenda_facts import (
    Balance,
    BoolArray,
    Contact,
    Decided,
    Decision,
    Event,
    Facts,
    Favor,
    FloatArray,
    IntArray,
    Meeting,
    Membership,
    News,
    People,
    Request,
    Task,
)
from entregent.engines.agenda_fit import Held, Note, Plan, Planned, Why, done_minutes, fit
from entregent.engines.agenda_rules import propose

__all__ = [
    "DEFAULT_MINUTES",
    "KIND_BY_PREFIX",
    "NO_PARAMS",
    "SPECS",
    "Action",
    "ActionKey",
    "Balance",
    "BoolArray",
    "Contact",
    "Decided",
    "Decision",
    "Event",
    "Facts",
    "Favor",
    "FloatArray",
    "Held",
    "IntArray",
    "Kind",
    "KindSpec",
    "Meeting",
    "Membership",
    "News",
    "Note",
    "Param",
    "People",
    "Plan",
    "Planned",
    "Proposals",
    "Request",
    "Rest",
    "Rules",
    "Task",
    "Why",
    "action_key",
    "done_minutes",
    "fit",
    "parse_key",
    "plan",
    "rank_key",
    "ranked",
    "same_texts",
    "urgency",
    "week_of",
]


def plan(facts: Facts, rules: Rules, contacts: Mapping[int, Contact] | None = None) -> Plan:
    """Propose, then fit: the week's plan from the facts."""
    return fit(propose(facts, rules), rules, decisions=facts.decisions, contacts=contacts)


# --- the same text to many people ---------------------------------------------------------------


def _skeleton(text: str, names: Iterable[str]) -> str:
    """A message with the recipient's names taken out, spaces and case evened out."""
    folded = " ".join(text.lower().split())
    for name in sorted((n for n in names if n), key=len, reverse=True):
        folded = folded.replace(name.lower(), "~")
    return folded


def same_texts(texts: Sequence[str], names: Sequence[Sequence[str]], threshold: int) -> list[int]:
    """Indexes of the messages that are one text sent to `threshold` people or more, once
    the recipients' names are taken out; empty texts are never counted."""
    groups: dict[str, list[int]] = {}
    for index, (text, own) in enumerate(zip(texts, names, strict=True)):
        if text.strip():
            groups.setdefault(_skeleton(text, own), []).append(index)
    return sorted(i for group in groups.values() if len(group) >= max(2, threshold) for i in group)
