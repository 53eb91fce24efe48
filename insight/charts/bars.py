"""Bar charts and heat maps as SVG, for the statistics page and the bid pack.

A value of None is a hidden count: the chart draws no bar and prints the marker the caller
gives ("<5" or "×"), so the picture never tells more than the table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from insight.charts.svg import BRAND, INK, LINE, MUTED, SOFT, element, svg_document, wrap

LABEL_WIDTH = 230
BAR_AREA = 380
ROW = 26
CELL_W, CELL_H = 96, 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    shown: str  # what the table says: "12", "<5", "×"


def bar_chart(bars: list[Bar], *, title: str, description: str, id_prefix: str) -> Markup:
    """Horizontal bars, longest first as given, each with its number printed at the end."""
    top = max((b.value or 0 for b in bars), default=0) or 1
    height = 12 + ROW * len(bars)
    body = []
    for n, bar in enumerate(bars):
        y = 8 + n * ROW
        label = wrap(bar.label, 34, 1)[0] if bar.label else ""
        body.append(element("text", label, x=LABEL_WIDTH - 8, y=y + 15,
                            **{"text-anchor": "end", "font-size": 13, "fill": INK}))
        length = BAR_AREA * (bar.value or 0) / top
        if bar.value:
            body.append(element("rect", x=LABEL_WIDTH, y=y + 2, width=length, height=ROW - 8,
                                fill=BRAND))
        body.append(element("text", bar.shown, x=LABEL_WIDTH + length + 6, y=y + 15,
                            **{"font-size": 13, "fill": INK if bar.value is not None else MUTED}))
    return svg_document(body, width=LABEL_WIDTH + BAR_AREA + 60, height=height, title=title,
                        description=description, standalone=False, id_prefix=id_prefix)


def _shade(value: int | None, top: int) -> tuple[str, str]:
    """Fill and text colour. The darkest fill (#6f9fb5) still gives dark text 5.7:1, so every
    number is readable at WCAG AA; the number, not the shade, carries the value."""
    if value is None:
        return SOFT, MUTED
    share = value / top if top else 0
    light, dark = (0xf3, 0xf5, 0xf7), (0x6f, 0x9f, 0xb5)
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(light, dark, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}", INK


def heat_map(rows: list[str], columns: list[str], cells: list[list[tuple[int | None, str]]], *,
             title: str, description: str, id_prefix: str) -> Markup:
    """A grid of counts: rows × columns, darker for more, the number printed in every cell."""
    top = max((v or 0 for row in cells for v, _ in row), default=0)
    head = 64
    body = []
    for j, column in enumerate(columns):
        for k, line in enumerate(wrap(column, 13, 3)):
            body.append(element("text", line, x=LABEL_WIDTH + j * CELL_W + CELL_W / 2,
                                y=16 + k * 15, **{"text-anchor": "middle", "font-size": 12,
                                                  "fill": INK}))
    for i, row in enumerate(rows):
        y = head + i * CELL_H
        for k, line in enumerate(wrap(row, 30, 2)):
            body.append(element("text", line, x=LABEL_WIDTH - 8, y=y + 17 + k * 15,
                                **{"text-anchor": "end", "font-size": 12, "fill": INK}))
        for j, (value, shown) in enumerate(cells[i]):
            fill, ink = _shade(value, top)
            x = LABEL_WIDTH + j * CELL_W
            body.append(element("rect", x=x, y=y, width=CELL_W - 2, height=CELL_H - 2, fill=fill,
                                stroke=LINE))
            body.append(element("text", shown, x=x + CELL_W / 2, y=y + CELL_H / 2 + 4,
                                **{"text-anchor": "middle", "font-size": 13, "fill": ink}))
    return svg_document(body, width=LABEL_WIDTH + CELL_W * len(columns) + 8,
                        height=head + CELL_H * len(rows) + 8, title=title,
                        description=description, standalone=False, id_prefix=id_prefix)
