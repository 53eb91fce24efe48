"""Small SVG building blocks shared by the journey map and the statistics charts.

Every text goes through `escape`, so content written by staff can never become markup.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

INK, MUTED, LINE, SOFT, BRAND = "#1b1f24", "#4a5562", "#c9d1d9", "#f3f5f7", "#0b4f6c"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def element(tag: str, content: str = "", **attributes: Any) -> Markup:
    """`<tag a="…">content</tag>`: `content` is escaped unless it is Markup (built here)."""
    attrs = "".join(f' {name}="{escape(_number(value))}"' for name, value in attributes.items())
    inner = escape(content)
    return Markup(f"<{tag}{attrs}>{inner}</{tag}>" if inner else f"<{tag}{attrs}/>")


def join(parts: list[Markup]) -> Markup:
    return Markup("").join(parts)


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Words into lines of about `width` characters; the last line ends with … when cut."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word[:width])
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def svg_document(body: list[Markup], *, width: float, height: float, title: str,
                 description: str, standalone: bool, id_prefix: str = "svg",
                 role: str = "img", font_family: str = FONT) -> Markup:
    """An <svg> with an accessible name (title) and description, fixed pixel size.
    `id_prefix` keeps ids unique when a page holds several charts; a picture with links in it
    is a "group", since an "img" may hold nothing interactive."""
    head = Markup('<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else "")
    attributes = {
        "xmlns": "http://www.w3.org/2000/svg", "role": role, "data-chart": id_prefix,
        "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc", "width": width,
        "height": height, "viewBox": f"0 0 {_number(width)} {_number(height)}",
        "font-family": font_family,
    }
    parts = [element("title", title, id=f"{id_prefix}-title"),
             element("desc", description, id=f"{id_prefix}-desc")]
    return head + element("svg", join(parts + body), **attributes)
