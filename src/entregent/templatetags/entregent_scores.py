"""Template filters for the scores: `{{ person.depth_level|level_label }}`."""

from __future__ import annotations

from django import template

from entregent import score_text

register = template.Library()


@register.filter
def level_label(level: int | None) -> str:
    """The translated name of a depth level."""
    return score_text.level_label(level or 0)
