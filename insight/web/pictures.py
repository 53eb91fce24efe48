"""Pictures for readers: the statistics page and journey maps (inline and as .svg downloads).

The views translate labels and hand plain data to insight.charts; the numbers come from
insight.services.statistics, already suppressed for readers who are not staff.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from insight.charts import bars, journey_map
from insight.models import Journey
from insight.permissions import READ_PUBLIC, permission_required
from insight.privacy.small_counts import Table
from insight.services import cache, reading, statistics
from insight.templating import EMOTION_LABELS, label

bp = Blueprint("pictures", __name__)


def value(table: Table, key: tuple) -> int | None:
    return None if key in table.hidden else table.counts.get(key, 0)


def _bars(table: Table, kind: str | None) -> list[bars.Bar]:
    return [bars.Bar(label(kind, row) if kind else str(row), value(table, (row, "count")),
                     table.shown((row, "count"))) for row in table.rows]


def _map_steps(item: Journey) -> list[journey_map.MapStep]:
    return [journey_map.MapStep(
        position=step.position, stage=label("journey_stage", step.stage), title=step.title,
        emotion=step.emotion, emotion_label=str(EMOTION_LABELS[step.emotion]),
        pain_points=len([line for line in step.pain_points.splitlines() if line.strip()]),
        opportunities=len([line for line in step.opportunities.splitlines() if line.strip()]),
        evidence=len(reading.visible_evidence(current_user, step.evidence)),
        href=f"#step-{step.position}") for step in item.steps]


def _map_labels(item: Journey) -> journey_map.MapLabels:
    return journey_map.MapLabels(
        title=_("Journey map: %(title)s", title=item.title),
        description=_("The steps of the journey in order, grouped by stage, with the emotion "
                      "of each step from −2 (very negative) to +2 (very positive). The table "
                      "below the map has the same content."),
        emotion_axis=_("Emotion"),
        pain_points=_("Pain points: %(count)s"),
        opportunities=_("Opportunities: %(count)s"),
        evidence=_("Observations: %(count)s"),
        emotion_names={k: str(v) for k, v in EMOTION_LABELS.items()},
    )


def journey_map_svg(item: Journey, standalone: bool = False) -> Markup:
    return journey_map.render(_map_steps(item), _map_labels(item), standalone=standalone)


@bp.app_template_global()
def journey_map_for(item: Journey) -> Markup:
    """Used by templates/web/journey.html to draw the map inline."""
    return journey_map_svg(item)


@bp.route("/journeys/<ref>/map.svg")
@permission_required(READ_PUBLIC)
def journey_map_download(ref: str) -> Response:
    item = reading.journey(current_user, ref)
    response = Response(journey_map_svg(item, standalone=True), mimetype="image/svg+xml")
    response.headers["Content-Disposition"] = f'attachment; filename="{item.ref}.svg"'
    return response


def _charts(figures: statistics.Statistics) -> dict[str, Any]:
    grid = figures.stay_by_stage
    cells = [[(value(grid, (r, c)), grid.shown((r, c))) for c in grid.columns]
             for r in grid.rows]
    return {
        "heat_map": bars.heat_map(
            [label("stay_type", r) for r in grid.rows],
            [label("journey_stage", c) for c in grid.columns], cells,
            title=_("Observations by stay type and journey stage"),
            description=_("A grid with one row per stay type and one column per journey "
                          "stage; each cell gives the number of observations."),
            id_prefix="chart-stages"),
        "by_theme": bars.bar_chart(_bars(figures.by_theme, "theme"),
                                   title=_("Observations by theme"),
                                   description=_("One bar per theme."), id_prefix="chart-theme"),
        "by_source": bars.bar_chart(_bars(figures.by_source, "source"),
                                    title=_("Observations by source"),
                                    description=_("One bar per source."),
                                    id_prefix="chart-source"),
        "by_quarter": bars.bar_chart(_bars(figures.by_quarter, None),
                                     title=_("Observations per quarter"),
                                     description=_("One bar per quarter of the year."),
                                     id_prefix="chart-quarter"),
    }


@bp.route("/statistics")
@permission_required(READ_PUBLIC)
def statistics_page() -> str:
    figures = statistics.observation_statistics(current_user)
    # The charts are drawn once per content version, visibility class and language.
    charts = cache.cached("statistics.charts", current_user, lambda: _charts(figures),
                          str(get_locale()))
    return render_template("web/statistics.html", figures=figures, charts=charts)
