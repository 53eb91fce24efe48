"""The search page: one query box, facets as checkboxes, ranked results with highlights; and
saved searches: keep a search under a name, list them, open one with its new hits marked."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from insight.extensions import db
from insight.permissions import READ_PUBLIC, USE_ACCOUNT, permission_required
from insight.search import FACET_KEYS
from insight.services import saved_searches, search_memo
from insight.services import search as search_service
from insight.services.errors import InvalidInput
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
    results = search_memo.search(current_user, text, filters, sort, page_number, PAGE_SIZE,
                                 disjunctive=True)
    page = Page(items=results.hits, total=results.total, page=page_number, page_size=PAGE_SIZE)
    facets = [(key, legend, _facet_values(key, results.facets.get(key, {}), filters.get(key, [])))
              for key, legend in FACETS.items()]
    return render_template(
        "web/search.html", q=text, filters=filters, sort=sort, page=page, results=results,
        facets=[f for f in facets if f[2]], sort_labels=SORT_LABELS,
        query_args={"q": text, "sort": sort, **filters},
    )


@bp.route("/search/save", methods=["POST"])
@permission_required(USE_ACCOUNT)
def save_search():
    text = request.form.get("q", "")
    filters = {key: request.form.getlist(key) for key in FACET_KEYS if request.form.getlist(key)}
    sort = request.form.get("sort", "relevance")
    try:
        saved = saved_searches.save(current_user, request.form.get("name", ""), text, filters,
                                    sort)
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        flash(_("The search was not saved: %(problems)s", problems=str(error.message)), "error")
        back = {"q": text, "sort": sort if sort in search_service.SORTS else "relevance",
                **{k: v for k, v in filters.items() if k in FACET_KEYS}}
        return redirect(url_for("search.search", **back))
    flash(_('The search is saved as "%(name)s".', name=saved.name), "success")
    return redirect(url_for("search.saved_search", saved_id=saved.id))


@bp.route("/search/saved")
@permission_required(USE_ACCOUNT)
def saved_search_list():
    return render_template("web/saved_searches.html",
                           searches=saved_searches.list_for(current_user),
                           query_args=saved_searches.query_args)


@bp.route("/search/saved/<int:saved_id>")
@permission_required(USE_ACCOUNT)
def saved_search(saved_id: int):
    saved = saved_searches.get(current_user, saved_id)
    page_number = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    results = saved_searches.run(current_user, saved, page_number, PAGE_SIZE)
    seen = saved_searches.open_page(current_user, saved)
    db.session.commit()
    page = Page(items=results.hits, total=results.total, page=page_number, page_size=PAGE_SIZE)
    return render_template("web/saved_search.html", saved=saved, page=page, seen=seen,
                           search_args=saved_searches.query_args(saved),
                           filters=saved_searches.filters_of(saved), facet_legends=FACETS)


@bp.route("/search/saved/<int:saved_id>/delete", methods=["POST"])
@permission_required(USE_ACCOUNT)
def delete_saved_search(saved_id: int):
    saved = saved_searches.get(current_user, saved_id)
    name = saved.name
    saved_searches.delete(current_user, saved)
    db.session.commit()
    flash(_('The saved search "%(name)s" is deleted.', name=name), "success")
    return redirect(url_for("search.saved_search_list"))
