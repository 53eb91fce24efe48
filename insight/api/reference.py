"""/api/v1/vocabularies and /api/v1/statistics: the codes in both languages (labels,
descriptions and the everyday synonyms search knows them by), and counts with the same
small-count suppression as the statistics page for everyone but staff."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields

from insight.api.auth import api_user
from insight.api.common import ApiBlueprint
from insight.api.content import ETAG_HEADER_DOC
from insight.messages import msg
from insight.models import VOCABULARY_KINDS
from insight.privacy.small_counts import Table
from insight.schemas.api import TermOutSchema
from insight.services import statistics, vocabulary
from insight.services.errors import NotFound

blp = ApiBlueprint("api_reference", __name__, url_prefix="",
                   description="Vocabularies and statistics")


class VocabularyTermSchema(TermOutSchema):
    description_nb = fields.String(metadata={"description": "What the code means, in Bokmål"})
    description_en = fields.String(metadata={"description": "What the code means, in English"})
    synonyms_nb = fields.List(fields.String(), attribute="synonym_list_nb", metadata={
        "description": "Everyday Bokmål words a search finds the code's content by"})
    synonyms_en = fields.List(fields.String(), attribute="synonym_list_en", metadata={
        "description": "Everyday English words a search finds the code's content by"})
    source_note = fields.String(metadata={"description": "Where the wording comes from"})


class VocabulariesSchema(Schema):
    vocabularies = fields.Dict(keys=fields.String(), values=fields.List(
        fields.Nested(VocabularyTermSchema)), metadata={"description": "Kind → terms in order"})


class VocabularySchema(Schema):
    kind = fields.String()
    terms = fields.List(fields.Nested(VocabularyTermSchema))


class CellSchema(Schema):
    row = fields.String()
    column = fields.String()
    count = fields.Integer(allow_none=True, metadata={"description": "null when hidden"})
    shown = fields.String(metadata={"description": "What the page shows: the number, "
                                                   "\"<5\" (small) or \"×\" (complement)"})


class TableSchema(Schema):
    rows = fields.List(fields.String())
    columns = fields.List(fields.String())
    cells = fields.List(fields.Nested(CellSchema))
    row_totals = fields.Dict(keys=fields.String(), values=fields.Integer(allow_none=True))
    column_totals = fields.Dict(keys=fields.String(), values=fields.Integer(allow_none=True))
    total = fields.Integer(allow_none=True)


class StatisticsSchema(Schema):
    exact = fields.Boolean(metadata={"description": "true for staff: nothing hidden"})
    stay_by_stage = fields.Nested(TableSchema)
    by_theme = fields.Nested(TableSchema)
    by_source = fields.Nested(TableSchema)
    by_quarter = fields.Nested(TableSchema)


def _table(table: Table) -> dict[str, Any]:
    cells = []
    for row in table.rows:
        for column in table.columns:
            hidden = (row, column) in table.hidden
            cells.append({"row": row, "column": column, "shown": table.shown((row, column)),
                          "count": None if hidden else table.cell(row, column)})
    return {"rows": table.rows, "columns": table.columns, "cells": cells,
            "row_totals": {r: table.row_total(r) for r in table.rows},
            "column_totals": {c: table.column_total(c) for c in table.columns},
            "total": table.total()}


@blp.route("/vocabularies")
class Vocabularies(MethodView):
    @blp.response(200, VocabulariesSchema, headers=ETAG_HEADER_DOC)
    def get(self) -> dict:
        """Every vocabulary (sources, stay types, journey stages, actors, themes, age bands)
        with Bokmål and English labels, in display order."""
        return {"vocabularies": {kind: vocabulary.terms(kind) for kind in VOCABULARY_KINDS}}


@blp.route("/vocabularies/<kind>")
class Vocabulary(MethodView):
    @blp.response(200, VocabularySchema, headers=ETAG_HEADER_DOC)
    def get(self, kind: str) -> dict:
        """One vocabulary by kind."""
        if kind not in VOCABULARY_KINDS:
            raise NotFound(msg("No vocabulary %(kind)s.", kind=kind))
        return {"kind": kind, "terms": vocabulary.terms(kind)}


@blp.route("/statistics")
class Statistics(MethodView):
    @blp.response(200, StatisticsSchema, headers=ETAG_HEADER_DOC)
    def get(self) -> dict:
        """Counts of the published observations the caller may read. Everyone but staff gets
        small counts (<5) and the counts that would reveal them hidden, as on the web page."""
        stats = statistics.observation_statistics(api_user())
        return {"exact": stats.exact, "stay_by_stage": _table(stats.stay_by_stage),
                "by_theme": _table(stats.by_theme), "by_source": _table(stats.by_source),
                "by_quarter": _table(stats.by_quarter)}
