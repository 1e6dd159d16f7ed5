"""What every rule of the agenda reads: the people by id, their levels, pins and weights,
and how an action is made from a rule's finding (its key, value and urgency).

Pure Python + numpy, no Django; the rules live in `agenda_rules` and `agenda_occasions`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from entregent.engines.agenda_actions import SPECS, Action, Kind, Param, Rules, action_key, urgency
from entregent.engines.agenda_facts import Facts
from entregent.engines.scoring import Level

# The closeness rating (1-5) read as a depth level, for people the scores have not reached.
LEVEL_OF_CLOSENESS = np.array(
    [Level.CONTACT, Level.CONTACT, Level.ACQUAINTANCE, Level.RELATION, Level.TRUSTED, Level.CLOSE],
    dtype=np.int64,
)


class Context:
    """What every rule needs: the people by id, their levels, pins and weights."""

    def __init__(self, facts: Facts, rules: Rules) -> None:
        people = facts.people
        self.facts, self.rules, self.people = facts, rules, people
        self.today = rules.today.toordinal()
        self.week_end = rules.week_end.toordinal()
        self._position: dict[int, int] | None = None
        closeness = np.clip(people.closeness, 0, 5)
        self.level = np.maximum(people.level, LEVEL_OF_CLOSENESS[closeness])
        self.pinned = (people.priority >= 1) & (people.priority <= rules.top_size)
        rated = np.where(closeness > 0, (closeness - 1) / 4.0, 0.0)
        self.weight = 1.0 + np.maximum(people.depth, rated) + 0.5 * self.pinned
        self.minutes = {kind: rules.minutes_for(kind) for kind in Kind}

    @property
    def position(self) -> dict[int, int]:
        """Row of each person id, built on first use."""
        if self._position is None:
            self._position = self.people.index()
        return self._position

    def action(
        self,
        kind: Kind,
        object_id: int,
        due: dt.date,
        reason: str,
        params: dict[str, Param],
        *,
        person: int | None = None,
        extra: str | dt.date = "",
        minutes: int | None = None,
    ) -> Action | None:
        """An action of `kind`; None when its person is not among the people (archived)."""
        if person is None:
            return self._make(kind, object_id, due, reason, params, None, extra, minutes)
        index = self.position.get(person)
        if index is None:
            return None
        return self._make(kind, object_id, due, reason, params, index, extra, minutes)

    def person_action(
        self,
        kind: Kind,
        index: int,
        due: dt.date,
        reason: str,
        params: dict[str, Param],
        extra: str,
    ) -> Action:
        return self._make(kind, int(self.people.ids[index]), due, reason, params, index, extra)

    def _make(
        self,
        kind: Kind,
        object_id: int,
        due: dt.date,
        reason: str,
        params: dict[str, Param],
        index: int | None,
        extra: str | dt.date = "",
        minutes: int | None = None,
    ) -> Action:
        weight, pinned, person = 1.0, False, None
        if index is not None:
            weight, pinned = float(self.weight[index]), bool(self.pinned[index])
            person = int(self.people.ids[index])
        return Action(
            key=action_key(kind, object_id, extra),
            kind=kind,
            person_id=person,
            due=due,
            minutes=minutes if minutes is not None else self.minutes[kind],
            value=SPECS[kind].value * weight,
            urgency=urgency(due, self.rules.today),
            reason=reason,
            params=params,
            pinned=pinned,
        )
