"""A journey drawn as an SVG map: stages as columns, steps in order, the emotion curve.

Pure presentation: it takes plain step data with labels already translated and returns SVG
markup. Styling lives in presentation attributes, not `<style>`, so the map obeys a strict
Content-Security-Policy inline and stays self-contained as a download. Emotion is shown by
position, marker shape and a text label, never by colour alone (WCAG 1.4.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup

from insight.charts.svg import INK, LINE, MUTED, SOFT, element, join, svg_document, wrap

COLUMN = 190  # px per step; the map scrolls sideways instead of shrinking its text
MARGIN = 56
STAGE_BAND = 44
CURVE_TOP = STAGE_BAND + 24
CURVE_HEIGHT = 200  # +2 at the top, -2 at the bottom
TEXT_TOP = CURVE_TOP + CURVE_HEIGHT + 34
LINE_HEIGHT = 17
TITLE_LINES = 3
EMOTIONS = (2, 1, 0, -1, -2)
POSITIVE, NEGATIVE = "#1e5e2f", "#9b2c2c"


@dataclass(frozen=True)
class MapStep:
    """One step as the map shows it; labels are already in the reader's language."""

    position: int
    stage: str
    title: str
    emotion: int
    emotion_label: str
    pain_points: int
    opportunities: int
    evidence: int
    href: str


@dataclass(frozen=True)
class MapLabels:
    title: str
    description: str
    emotion_axis: str
    pain_points: str  # "%(count)s pain points"
    opportunities: str  # "%(count)s opportunities"
    evidence: str  # "%(count)s observations"
    emotion_names: dict[int, str]


def emotion_y(emotion: int) -> float:
    return CURVE_TOP + (2 - emotion) * CURVE_HEIGHT / 4


def column_x(index: int) -> float:
    return MARGIN + index * COLUMN + COLUMN / 2


def marker(emotion: int, x: float, y: float) -> Markup:
    """Triangle up for positive, triangle down for negative, a circle for neutral."""
    if emotion > 0:
        points = f"{x},{y - 9} {x - 8},{y + 6} {x + 8},{y + 6}"
        return element("polygon", points=points, fill=POSITIVE, stroke=INK)
    if emotion < 0:
        points = f"{x},{y + 9} {x - 8},{y - 6} {x + 8},{y - 6}"
        return element("polygon", points=points, fill=NEGATIVE, stroke=INK)
    return element("circle", cx=x, cy=y, r=7, fill="#ffffff", stroke=INK, **{"stroke-width": 2})


def _stage_bands(steps: list[MapStep]) -> list[Markup]:
    parts, start = [], 0
    for stage, group in groupby(steps, key=lambda s: s.stage):
        count = len(list(group))
        x = MARGIN + start * COLUMN
        parts.append(element("rect", x=x + 2, y=4, width=count * COLUMN - 4, height=STAGE_BAND - 8,
                             rx=4, fill=SOFT, stroke=LINE))
        for n, line in enumerate(wrap(stage, count * 24, 2)):
            parts.append(element("text", line, x=x + count * COLUMN / 2, y=22 + n * 15,
                                 **{"text-anchor": "middle", "font-size": 13,
                                    "font-weight": 700, "fill": INK}))
        start += count
    return parts


def _axis(width: float, labels: MapLabels) -> list[Markup]:
    parts = [element("text", labels.emotion_axis, x=4, y=CURVE_TOP - 8,
                     **{"font-size": 12, "fill": MUTED})]
    for emotion in EMOTIONS:
        y = emotion_y(emotion)
        parts.append(element("line", x1=MARGIN, y1=y, x2=width - 8, y2=y, stroke=LINE,
                             **{"stroke-dasharray": "0" if emotion == 0 else "4 4"}))
        parts.append(element("text", f"{emotion:+d}" if emotion else "0", x=MARGIN - 10, y=y + 4,
                             **{"text-anchor": "end", "font-size": 12, "fill": MUTED}))
    return parts


def _step(index: int, step: MapStep, labels: MapLabels) -> Markup:
    x, y = column_x(index), emotion_y(step.emotion)
    parts = [marker(step.emotion, x, y),
             element("text", f"{step.emotion:+d} {step.emotion_label}" if step.emotion
                     else f"0 {step.emotion_label}",
                     x=x + 12, y=y - 10, **{"font-size": 12, "fill": INK})]
    text_y = TEXT_TOP
    parts.append(element("text", f"{step.position}.", x=x - COLUMN / 2 + 10, y=text_y,
                         **{"font-size": 13, "font-weight": 700, "fill": INK}))
    for n, line in enumerate(wrap(step.title, 22, TITLE_LINES)):
        parts.append(element("text", line, x=x - COLUMN / 2 + 30, y=text_y + n * LINE_HEIGHT,
                             **{"font-size": 13, "font-weight": 700, "fill": INK}))
    facts_y = text_y + TITLE_LINES * LINE_HEIGHT + 8
    facts = (labels.pain_points % {"count": step.pain_points},
             labels.opportunities % {"count": step.opportunities},
             labels.evidence % {"count": step.evidence})
    for n, fact in enumerate(facts):
        parts.append(element("text", fact, x=x - COLUMN / 2 + 10, y=facts_y + n * LINE_HEIGHT,
                             **{"font-size": 12, "fill": MUTED}))
    title = f"{step.position}. {step.title}: {step.emotion_label}"
    # The <title> names the link; an aria-label would hide the visible text (WCAG 2.5.3).
    return element("a", element("title", title) + join(parts), href=step.href)


def render(steps: list[MapStep], labels: MapLabels, standalone: bool = False) -> Markup:
    """The map as SVG markup; `standalone` adds what a downloaded .svg file needs."""
    width = MARGIN + max(len(steps), 1) * COLUMN + 16
    height = TEXT_TOP + (TITLE_LINES + 3) * LINE_HEIGHT + 16
    curve = " ".join(f"{column_x(i)},{emotion_y(s.emotion)}" for i, s in enumerate(steps))
    body = [*_stage_bands(steps), *_axis(width, labels)]
    if len(steps) > 1:
        body.append(element("polyline", points=curve, fill="none", stroke=INK,
                            **{"stroke-width": 2}))
    body += [_step(i, s, labels) for i, s in enumerate(steps)]
    return svg_document(body, width=width, height=height, title=labels.title,
                        description=labels.description, standalone=standalone,
                        id_prefix="journey-map", role="group")
