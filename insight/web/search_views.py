"""The search page: one query box, facets as checkboxes, ranked results with highlights."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from insight.permissions import READ_PUBLIC, permission_required
from insight.search import FACET_KEYS
from insight.services import search as search_service
from insight.services.reading import Page

bp = Blueprint("search", __name__)

PAGE_SIZE = 20
# Facets in the order the page shows them, with their legends.
FACETS = {
    "type": _l("Content type"), "stay_type": _l("Stay type"),
    "journey_stage": _l("Journey stage"), "theme": _l("Theme"), "source": _l("Source"),
    "actor": _l("Actor"), "age_band": _l("Age band"), "period": _l("Year"),
}
SORT_LABELS = {"relevance": _l("Relevance"), "newest": _l("Newest first")}


def _facet_values(key: str, counts: dict[str, int], chosen: list[str]) -> list[tuple[str, int]]:
    """Values with their counts; chosen values stay visible (at 0) so they can be unticked."""
    values = dict(counts)
    for value in chosen:
        values.setdefault(value, 0)
    if key == "period":
        return sorted(values.items(), reverse=True)
    return sorted(values.items(), key=lambda item: (-item[1], item[0]))


@bp.route("/search")
@permission_required(READ_PUBLIC)
def search():
    text = request.args.get("q", "").strip()[:500]
    filters = {key: request.args.getlist(key) for key in FACET_KEYS if request.args.getlist(key)}
    sort = request.args.get("sort", "relevance")
    sort = sort if sort in search_service.SORTS else "relevance"
    page_number = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    results = search_service.search(current_user, text, filters, sort, page_number, PAGE_SIZE,
                                    disjunctive=True)
    page = Page(items=results.hits, total=results.total, page=page_number, page_size=PAGE_SIZE)
    facets = [(key, legend, _facet_values(key, results.facets.get(key, {}), filters.get(key, [])))
              for key, legend in FACETS.items()]
    return render_template(
        "web/search.html", q=text, filters=filters, sort=sort, page=page, results=results,
        facets=[f for f in facets if f[2]], sort_labels=SORT_LABELS,
        query_args={"q": text, "sort": sort, **filters},
    )
