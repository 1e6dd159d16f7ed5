"""What the person page shows about depth and warmth (`people/_depth.html`).

The scores are computed afresh for the one person (two queries on their rows),
so the page and its sentence always agree with the facts above them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone

from entregent import score_text
from entregent.models import Person
from entregent.services import scores

# The sparkline's drawing box, in SVG user units (the CSS sizes it).
SPARK_WIDTH = 240
SPARK_HEIGHT = 48
SPARK_PAD = 4


@dataclass(frozen=True)
class Part:
    label: str
    share: float  # of the depth score, 0 to 1


@dataclass(frozen=True)
class Spark:
    points: str  # "x,y x,y ..." for <polyline>
    last_x: float
    last_y: float
    first_label: str  # month of the first point
    last_label: str
    low_percent: int
    high_percent: int


@dataclass(frozen=True)
class DepthView:
    level: int
    level_label: str
    sentence: str
    going_cold: bool
    cold_sentence: str | None
    due_sentence: str | None
    warmth_percent: int
    depth_percent: int
    parts: list[Part]
    spark: Spark | None


def depth_context(owner: Any, person: Person) -> dict[str, Any]:
    """`depth` for the person page."""
    report = scores.report(owner, person.pk)
    facts = report.facts
    parts = sorted(
        (
            Part(str(score_text.PART_LABELS.get(name, name)), share)
            for name, share in facts.parts.items()
            if share > 0.005
        ),
        key=lambda part: part.share,
        reverse=True,
    )
    view = DepthView(
        level=int(facts.level),
        level_label=score_text.level_label(facts.level),
        sentence=score_text.sentence(facts),
        going_cold=facts.going_cold,
        cold_sentence=score_text.cold_sentence(facts),
        due_sentence=score_text.due_sentence(report.due, report.as_of),
        warmth_percent=score_text.warmth_percent(facts.warmth),
        depth_percent=round(100 * facts.depth),
        parts=parts,
        spark=sparkline(report.history),
    )
    return {"depth": view}


def sparkline(history: list[tuple[Any, float]]) -> Spark | None:
    """Points of a polyline for warmth over time, on a 0-1 scale (warmth is a chance)."""
    if len(history) < 2:
        return None
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(history) - 1)
    inner = SPARK_HEIGHT - 2 * SPARK_PAD
    coordinates = [
        (SPARK_PAD + index * step, SPARK_PAD + (1.0 - value) * inner)
        for index, (_moment, value) in enumerate(history)
    ]
    values = [value for _moment, value in history]
    return Spark(
        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates),
        last_x=round(coordinates[-1][0], 1),
        last_y=round(coordinates[-1][1], 1),
        first_label=_month(history[0][0]),
        last_label=_month(history[-1][0]),
        low_percent=score_text.warmth_percent(min(values)),
        high_percent=score_text.warmth_percent(max(values)),
    )


def _month(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "YEAR_MONTH_FORMAT")
